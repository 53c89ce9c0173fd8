"""API schemas of the rapport d'étonnement (``GET /organisations/<id>/report``)."""

from marshmallow import Schema, fields

from .fields import Code, UtcDateTime
from .schemas import Input, OrganisationOut

REPORT_FORMATS = ("json", "pdf")


class ReportQuery(Input):
    format = Code(REPORT_FORMATS, load_default="json", metadata={"description": "json (default) or pdf"})


class OrganisationRef(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    country = fields.String(required=True)
    kind = fields.String(required=True)


class FacingOut(Schema):
    organisation = fields.Nested(OrganisationRef, required=True)
    distance_km = fields.Float(required=True)


class ReportTieOut(Schema):
    kind = fields.String(required=True)
    since_year = fields.Integer(allow_none=True)
    organisation = fields.Nested(OrganisationRef, required=True)


class ReportCounterpartOut(Schema):
    border = fields.String(required=True)
    organisation = fields.Nested(OrganisationRef, required=True)
    score = fields.Float(required=True)
    distance_km = fields.Float(allow_none=True)
    reasons = fields.List(
        fields.Dict(), required=True, metadata={"description": "The factors that weigh (code, value, params, explanation)"}
    )


class ReportInstrumentsOut(Schema):
    border = fields.String(required=True)
    codes = fields.List(fields.String(), required=True, metadata={"description": "Instrument codes, lightest first"})


class ReportProgrammeOut(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)


class ReportSheetOut(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    reasons = fields.List(fields.String(), metadata={"description": "Precedents: why the sheet is relevant (codes)"})


class ReportStepOut(Schema):
    code = fields.String(required=True)
    params = fields.Dict(required=True)
    text = fields.String(required=True, metadata={"description": "The step in the reader's language"})


class ReportVersionOut(Schema):
    number = fields.Integer(required=True)
    edited_at = UtcDateTime(required=True)
    shared_at = UtcDateTime(allow_none=True)


class ReportOut(Schema):
    town = fields.Nested(OrganisationOut, required=True)
    labels = fields.List(fields.String(), required=True)
    borders = fields.List(fields.String(), required=True)
    facing_municipalities = fields.List(fields.Nested(FacingOut), required=True)
    ties = fields.List(fields.Nested(ReportTieOut), required=True)
    structures = fields.List(fields.Nested(OrganisationRef), required=True)
    counterparts = fields.List(fields.Nested(ReportCounterpartOut), required=True)
    instruments = fields.List(fields.Nested(ReportInstrumentsOut), required=True)
    programmes = fields.List(fields.Nested(ReportProgrammeOut), required=True)
    problems = fields.List(fields.Nested(ReportSheetOut), required=True)
    precedents = fields.List(fields.Nested(ReportSheetOut), required=True)
    generated_steps = fields.List(fields.Nested(ReportStepOut), required=True)
    next_steps = fields.List(
        fields.String(), required=True, metadata={"description": "The facilitator's steps if edited, else the generated ones"}
    )
    introduction = fields.String(allow_none=True, metadata={"description": "The facilitator's introduction"})
    version = fields.Nested(
        ReportVersionOut, allow_none=True, metadata={"description": "The edited version read (members: the last shared)"}
    )
