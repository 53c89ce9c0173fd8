"""API schemas of the capitalisation sheets (project sheets and problem sheets)."""

from marshmallow import Schema, fields, validate

import domain as d

from .attachment_schemas import AttachmentOut
from .fields import Code, Id, Many, StrictInteger, Text, UtcDateTime
from .schemas import BorderCode, Input, PageQuery


class SheetQuery(PageQuery):
    q = Text(max_length=d.SEARCH_QUERY_MAX, metadata={"description": "Words searched in the sheets' text (full-text)"})
    border = BorderCode(metadata={"description": "A border code, e.g. FR-CH"})
    theme = Code(d.THEME_CODES)
    label = Code(d.LABEL_CODES, metadata={"description": "A label held by one of the partners"})
    instrument = Text(max_length=40, metadata={"description": "A legal instrument's code"})
    programme = Text(max_length=40, metadata={"description": "A funding programme's code"})
    status = Code(d.SHEET_STATUSES)


def _sheet_fields(kind, *, creating):
    def text(bound):
        return Text(allow_none=True, max_length=bound)

    common = {
        "title": Text(required=creating, min_length=1, max_length=d.SHEET_TITLE_MAX),
        "summary": Text(required=creating, min_length=1, max_length=d.SHEET_SUMMARY_MAX),
        "border": BorderCode(required=creating, metadata={"description": "The sheet's border, e.g. FR-CH"}),
        "borders": Many(BorderCode(), max_items=20, metadata={"description": "Other borders it concerns"}),
        "themes": Many(Code(d.THEME_CODES), required=creating, max_items=len(d.THEME_CODES)),
        "partner_ids": Many(
            Id(strict=True),
            required=creating,
            max_items=d.MAX_PARTNERS,
            metadata={"description": "Organisations on both sides (the author is a member of one)"},
        ),
        "linked_ids": Many(
            Id(strict=True),
            max_items=d.MAX_PARTNERS,
            metadata={"description": "Problem sheets a project illustrates, or projects illustrating a problem"},
        ),
        "sources": Many(Text(min_length=1, max_length=d.SOURCE_MAX), max_items=d.SHEET_SOURCES_MAX),
    }
    if kind == "problem":
        return common | {"cause": text(d.SHEET_TEXT_MAX), "solutions": text(d.SHEET_TEXT_MAX)}
    return common | {
        "instrument_code": Text(allow_none=True, max_length=40, metadata={"description": "A legal instrument's code"}),
        "structure_id": Id(
            strict=True, allow_none=True, metadata={"description": "An existing cross-border structure used instead"}
        ),
        "programme_code": Text(allow_none=True, max_length=40),
        "funding_amount": StrictInteger(strict=True, allow_none=True, range=(0, d.FUNDING_AMOUNT_MAX)),
        "funding_period": text(d.FUNDING_PERIOD_MAX),
        "start_year": StrictInteger(strict=True, allow_none=True, range=d.SHEET_YEAR_RANGE),
        "end_year": StrictInteger(strict=True, allow_none=True, range=d.SHEET_YEAR_RANGE),
        "project_status": Code(d.PROJECT_STATUSES, allow_none=True),
        "obstacles": text(d.SHEET_TEXT_MAX),
        "results": text(d.SHEET_TEXT_MAX),
        "lessons": text(d.SHEET_TEXT_MAX),
    }


ProjectInput = Input.from_dict(_sheet_fields("project", creating=True), name="ProjectInput")
ProjectPatch = Input.from_dict(_sheet_fields("project", creating=False), name="ProjectPatch")
ProblemInput = Input.from_dict(_sheet_fields("problem", creating=True), name="ProblemInput")
ProblemPatch = Input.from_dict(_sheet_fields("problem", creating=False), name="ProblemPatch")


def service_values(body):
    """The service's values from a loaded body: ``border`` first among the ``borders``."""
    values = dict(body)
    if "border" in values or "borders" in values:
        values["borders"] = ([values.pop("border")] if "border" in values else []) + list(values.pop("borders", None) or [])
    return values


class OrganisationBrief(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    country = fields.String(required=True)


class SheetOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(d.SHEET_KINDS))
    status = fields.String(required=True, validate=validate.OneOf(d.SHEET_STATUSES))
    title = fields.String(required=True)
    summary = fields.String(required=True)
    is_example = fields.Boolean(required=True)
    borders = fields.List(fields.String(), attribute="border_codes", required=True)
    themes = fields.List(fields.String(), attribute="theme_codes", required=True)
    partners = fields.List(fields.Nested(OrganisationBrief), required=True)
    linked_ids = fields.Function(
        lambda s: [x.id for x in (s.projects if s.kind == "problem" else s.problems)],
        metadata={"type": "array", "items": {"type": "integer"}},
    )
    sources = fields.Function(lambda s: list(s.sources or ()), metadata={"type": "array", "items": {"type": "string"}})
    instrument_code = fields.String(allow_none=True)
    structure_id = fields.Integer(allow_none=True)
    programme_code = fields.String(allow_none=True)
    funding_amount = fields.Integer(allow_none=True)
    funding_period = fields.String(allow_none=True)
    start_year = fields.Integer(allow_none=True)
    end_year = fields.Integer(allow_none=True)
    project_status = fields.String(allow_none=True)
    obstacles = fields.String(allow_none=True)
    results = fields.String(allow_none=True)
    lessons = fields.String(allow_none=True)
    cause = fields.String(allow_none=True)
    solutions = fields.String(allow_none=True)
    created_at = UtcDateTime(required=True)
    updated_at = UtcDateTime(required=True)
    published_at = UtcDateTime(allow_none=True)
    attachments = fields.List(fields.Nested(AttachmentOut), required=True)


class SheetPage(Schema):
    items = fields.List(fields.Nested(SheetOut), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)
