"""Request and response schemas of API v1: they validate, serialise, and generate /api/v1/openapi.json.

Bounds and codes come from ``domain``; who sees what (private contact, tie notes, internal notes,
contacts after consent) is asked of ``webapp.permissions``.
"""

from typing import ClassVar

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import RAISE, Schema, fields, post_dump, validate

import domain as d

from .. import permissions
from ..geo.borders import load_borders
from .fields import Code, Flag, Id, JsonFlag, JsonNumber, Many, Number, StrictInteger, Text, UtcDateTime, WebAddress


def _border_codes():
    return [b.code for b in load_borders()]


class Input(Schema):
    """A request's JSON body or query string: unknown names are refused."""

    class Meta:
        unknown = RAISE

    error_messages: ClassVar[dict] = {"unknown": _l("Champ inconnu."), "type": _l("Objet JSON attendu.")}


class BorderCode(Text):
    """A border code known to the reference data (checked when the request comes, the list being data)."""

    def _deserialize(self, value, attr, data, **kwargs):
        code = super()._deserialize(value, attr, data, **kwargs)
        if code not in _border_codes():
            raise self.make_error("validator_failed")
        return code


# --- Requests ---------------------------------------------------------------------------------


class TokenInput(Input):
    email = Text(required=True, min_length=1, max_length=d.EMAIL_MAX)
    password = Text(required=True, min_length=1, max_length=d.PASSWORD_MAX_LENGTH)


class PageQuery(Input):
    page = StrictInteger(range=d.PAGE_RANGE, load_default=1)
    per_page = StrictInteger(range=d.PAGE_SIZE_RANGE, load_default=None)


class DirectoryQuery(PageQuery):
    q = Text(max_length=d.SEARCH_QUERY_MAX)
    country = Code(d.COUNTRIES)
    border = BorderCode(metadata={"description": "A border code, e.g. FR-CH"})
    kind = Code(d.ORGANISATION_KINDS)
    label = Code(d.LABEL_CODES)
    theme = Code(d.THEME_CODES)
    status = Code(d.ORGANISATION_STATUSES)
    massif = Code(d.MASSIF_CODES)


class NameQuery(Input):
    q = Text(
        required=True,
        min_length=d.NAME_SEARCH_MIN,
        max_length=d.SEARCH_QUERY_MAX,
        metadata={"description": "Part of a name, accents and case ignored (at least NAME_SEARCH_MIN characters)"},
    )
    limit = StrictInteger(range=d.NAME_SEARCH_LIMIT_RANGE, load_default=d.NAME_SEARCH_LIMIT)


class NameOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True, metadata={"description": "In the reader's language when the place has one"})
    country = fields.String(required=True)
    kind = fields.String(required=True)
    area = fields.String(
        allow_none=True, metadata={"description": "Department (France: name and code) or region: tells homonyms apart"}
    )


class NameList(Schema):
    items = fields.List(fields.Nested(NameOut), required=True)


def _organisation_fields(*, creating):
    """The fields of an organisation a member may write; ``creating`` makes name, kind and country required."""
    return {
        "name": Text(required=creating, allow_none=not creating, min_length=1, max_length=d.ORGANISATION_NAME_MAX),
        "name_local": Text(allow_none=True, max_length=d.ORGANISATION_NAME_MAX),
        "kind": Code(d.ORGANISATION_KINDS, required=creating),
        "country": Code(d.COUNTRIES, required=creating),
        "official_code": Text(allow_none=True, max_length=d.OFFICIAL_CODE_MAX),
        "latitude": JsonNumber(allow_none=True, range=d.LATITUDE_RANGE),
        "longitude": JsonNumber(allow_none=True, range=d.LONGITUDE_RANGE),
        "population": StrictInteger(strict=True, allow_none=True, range=(0, d.POPULATION_MAX)),
        "labels": Many(Code(d.LABEL_CODES), allow_none=True, max_items=len(d.LABEL_CODES)),
        "themes": Many(Code(d.THEME_CODES), allow_none=True, max_items=len(d.THEME_CODES)),
        "languages": Many(Code(d.LANGUAGE_CODES), allow_none=True, max_items=len(d.LANGUAGE_CODES)),
        "legal_form": Code(d.LEGAL_FORMS, allow_none=True),
        "founded_year": StrictInteger(strict=True, allow_none=True, range=d.FOUNDED_YEAR_RANGE),
        "covered_countries": Many(Code(d.COUNTRIES), allow_none=True, max_items=len(d.COUNTRIES)),
        "description": Text(allow_none=True, max_length=d.DESCRIPTION_MAX),
        "website": WebAddress(
            allow_none=True,
            max_length=d.WEBSITE_MAX,
            validate=[
                validate.URL(
                    schemes={"http", "https"},
                    require_tld=True,
                    error=_l("Adresse web invalide : par exemple delle.fr ou https://www.delle.fr."),
                )
            ],
        ),
        "contact": Text(allow_none=True, max_length=d.CONTACT_MAX),
    }


OrganisationInput = Input.from_dict(_organisation_fields(creating=True), name="OrganisationInput")
OrganisationPatch = Input.from_dict(_organisation_fields(creating=False), name="OrganisationPatch")


class TieInput(Input):
    other_id = Id(strict=True, required=True)
    kind = Code(d.TIE_KINDS, required=True)
    since_year = StrictInteger(strict=True, allow_none=True, range=d.TIE_YEAR_RANGE)
    source = Text(allow_none=True, max_length=d.SOURCE_MAX)
    note = Text(allow_none=True, max_length=d.TIE_NOTE_MAX)


class SuggestionQuery(Input):
    border = BorderCode()
    radius_km = Number(range=(d.MIN_RADIUS_KM, d.MAX_RADIUS_KM), load_default=d.DEFAULT_RADIUS_KM)
    limit = StrictInteger(range=(d.MIN_LIMIT, d.MAX_LIMIT), load_default=d.DEFAULT_LIMIT)
    theme = Many(Code(d.THEME_CODES), max_items=len(d.THEME_CODES))
    only_registered = Flag(load_default=False)


class PartnersQuery(Input):
    partners = Many(
        Id(),
        required=True,
        validate=validate.Length(min=d.MIN_PARTNERS, max=d.MAX_PARTNERS, error=_l("Entre {min} et {max} partenaires.")),
    )


class PartnershipQuery(PartnersQuery):
    ambition = Code(d.AMBITIONS, load_default=d.DEFAULT_AMBITION)


class GraphQuery(Input):
    center = Id(metadata={"description": "Ego view around this organisation"})
    depth = StrictInteger(range=(1, d.MAX_DEPTH), load_default=d.DEFAULT_DEPTH)
    border = BorderCode()
    country = Many(Code(d.COUNTRIES), max_items=len(d.COUNTRIES))
    kind = Many(Code(d.ORGANISATION_KINDS), max_items=len(d.ORGANISATION_KINDS))
    label = Many(Code(d.LABEL_CODES), max_items=len(d.LABEL_CODES))
    theme = Many(Code(d.THEME_CODES), max_items=len(d.THEME_CODES))
    status = Many(Code(d.ORGANISATION_STATUSES), max_items=len(d.ORGANISATION_STATUSES))
    massif = Many(Code(d.MASSIF_CODES), max_items=len(d.MASSIF_CODES))
    tie_kind = Many(Code(d.TIE_KINDS), max_items=len(d.TIE_KINDS))
    unconnected = Flag(load_default=False, metadata={"description": "Labelled towns with no cross-border tie"})
    format = Code(d.GRAPH_FORMATS, load_default="json")
    dialect = Code(
        d.CSV_DIALECTS,
        load_default=d.DEFAULT_CSV_DIALECT,
        metadata={
            "description": "CSV formats: 'spreadsheet' (';', UTF-8 BOM, headers and codes in the reader's language) "
            "or 'raw' (codes, commas)"
        },
    )


class IntroductionInput(Input):
    requester_id = Id(strict=True, required=True)
    counterpart_id = Id(strict=True, required=True)
    purpose = Text(required=True, min_length=1, max_length=d.PURPOSE_MAX)
    message = Text(required=True, min_length=1, max_length=d.MESSAGE_MAX)
    ambition = Code(d.AMBITIONS, load_default=d.DEFAULT_AMBITION)
    themes = Many(Code(d.THEME_CODES), load_default=list, max_items=len(d.THEME_CODES))
    languages = Many(Code(d.LANGUAGE_CODES), load_default=list, max_items=len(d.LANGUAGE_CODES))


class ConsentInput(Input):
    accept = JsonFlag(required=True)
    note = Text(allow_none=True, max_length=d.NOTE_MAX)


class TransitionInput(Input):
    to_status = Code(d.REQUEST_STATUSES, required=True)
    take = JsonFlag(load_default=False, metadata={"description": "Take the request (assign it to oneself)"})
    note = Text(allow_none=True, max_length=d.NOTE_MAX)
    outcome_kind = Code(d.OUTCOME_KINDS, allow_none=True)
    year = StrictInteger(strict=True, allow_none=True, range=d.TIE_YEAR_RANGE)


# --- Responses --------------------------------------------------------------------------------


class ErrorBody(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    field_errors = fields.Dict(
        keys=fields.String(), values=fields.List(fields.String()), required=True, data_key="fields", attribute="fields"
    )
    existing = fields.String(metadata={"description": "Link to the record a 409 collided with"})


class ErrorOut(Schema):
    error = fields.Nested(ErrorBody, required=True)


class UserBrief(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(d.ROLES))


class TokenOut(Schema):
    token = fields.String(required=True)
    user = fields.Nested(UserBrief, required=True)


class LabelOut(Schema):
    code = fields.String(attribute="label", required=True)
    status = fields.String(required=True, validate=validate.OneOf(d.LABEL_STATUSES))
    source = fields.String(allow_none=True)
    listed_on = fields.Date(allow_none=True)
    anct_id = fields.String(allow_none=True)


class OrganisationOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    name_local = fields.String(allow_none=True)
    kind = fields.String(required=True)
    country = fields.String(required=True)
    official_code = fields.String(allow_none=True)
    department = fields.String(allow_none=True)
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    population = fields.Integer(allow_none=True)
    labels = fields.List(fields.String(), attribute="label_codes", required=True)
    label_details = fields.List(
        fields.Nested(LabelOut),
        attribute="labels",
        required=True,
        metadata={"description": "Each label with its status (official, declared, confirmed), source and date"},
    )
    massif = fields.String(allow_none=True)
    themes = fields.List(fields.String(), attribute="theme_codes", required=True)
    languages = fields.Function(lambda o: list(o.languages or ()), metadata={"type": "array", "items": {"type": "string"}})
    borders = fields.List(fields.String(), attribute="border_codes", required=True)
    description = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    status = fields.String(required=True)
    source = fields.String(allow_none=True)
    licence = fields.String(allow_none=True)
    contact = fields.String(allow_none=True, metadata={"description": "Private: members and facilitators only"})

    @post_dump(pass_original=True)
    def _private_contact(self, data, original, **kwargs):
        if not permissions.can_see_contact(current_user, original):
            data.pop("contact", None)
        return data


class OrganisationPage(Schema):
    items = fields.List(fields.Nested(OrganisationOut), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)


class TieOut(Schema):
    id = fields.Integer(required=True)
    organisations = fields.Function(
        lambda t: [t.organisation_a_id, t.organisation_b_id], metadata={"type": "array", "items": {"type": "integer"}}
    )
    kind = fields.String(required=True)
    since_year = fields.Integer(allow_none=True)
    until_year = fields.Integer(allow_none=True)
    project = fields.String(allow_none=True, metadata={"description": "Joint projects: the project acronym(s)"})
    programme = fields.String(allow_none=True)
    project_size = fields.Integer(allow_none=True, metadata={"description": "Partners of the smallest project the pair shares"})
    source = fields.String(allow_none=True)
    note = fields.String(allow_none=True, metadata={"description": "Members of either organisation and facilitators only"})

    @post_dump(pass_original=True)
    def _private_note(self, data, original, **kwargs):
        if not permissions.can_see_tie_note(current_user, original):
            data.pop("note", None)
        return data


class TieList(Schema):
    items = fields.List(fields.Nested(TieOut), required=True)


class SuggestionOut(Schema):
    organisation = fields.Nested(OrganisationOut, required=True)
    score = fields.Float(required=True)
    distance_km = fields.Float(allow_none=True)
    factors = fields.List(fields.Dict(), required=True)


class BorderSuggestions(Schema):
    border = fields.String(required=True)
    suggestions = fields.List(fields.Nested(SuggestionOut), required=True)


class SuggestionsOut(Schema):
    organisation = fields.Integer(required=True)
    border = fields.String(metadata={"description": "With ?border=: that border's suggestions"})
    suggestions = fields.List(fields.Nested(SuggestionOut))
    borders = fields.List(fields.Nested(BorderSuggestions), metadata={"description": "Without ?border=: every border"})


class StructureOut(Schema):
    organisation = fields.Nested(OrganisationOut, required=True)
    distance_km = fields.Float(allow_none=True)
    reasons = fields.List(fields.Raw(), required=True)


class GovernanceOut(Schema):
    partners = fields.List(fields.Nested(OrganisationOut), required=True)
    borders = fields.List(fields.String(), required=True)
    ambition = fields.String(required=True)
    instruments = fields.List(fields.Dict(), required=True)
    structures = fields.List(fields.Nested(StructureOut), required=True)


class FundingOut(Schema):
    partners = fields.List(fields.Nested(OrganisationOut), required=True)
    all = fields.List(fields.Dict(), required=True, metadata={"description": "Programmes covering every partner"})
    some = fields.List(fields.Dict(), required=True, metadata={"description": "Programmes covering some, with who is outside"})


class NodeBrief(Schema):
    id = fields.Integer(required=True)
    name = fields.String(allow_none=True)


class UnconnectedTown(NodeBrief):
    best_counterpart = fields.Nested(NodeBrief, allow_none=True)
    score = fields.Float(allow_none=True)


class Broker(NodeBrief):
    betweenness = fields.Float(required=True)


class BorderNetworkOut(Schema):
    border = fields.String(required=True)
    nodes = fields.Integer(required=True)
    ties = fields.Integer(required=True)
    components = fields.List(fields.Integer(), required=True, metadata={"description": "Sizes of the tied components"})
    isolated = fields.Integer(required=True)
    unconnected_labelled = fields.List(fields.Nested(UnconnectedTown), required=True)
    brokers = fields.List(fields.Nested(Broker), required=True)
    bridges = fields.List(fields.List(fields.Nested(NodeBrief)), required=True)
    communities = fields.List(fields.Integer(), required=True)


class GraphOut(Schema):
    view = fields.String(required=True, validate=validate.OneOf(d.GRAPH_VIEWS))
    center = fields.Integer(allow_none=True)
    depth = fields.Integer(allow_none=True)
    border = fields.String(allow_none=True)
    nodes = fields.List(fields.Dict(), required=True)
    edges = fields.List(fields.Dict(), required=True)


def _column(field, description=None):
    return fields.List(field, required=True, metadata={"description": description} if description else {})


class ColumnarNodes(Schema):
    id = _column(fields.Integer())
    name = _column(fields.String(allow_none=True))
    country = _column(fields.String(allow_none=True))
    kind = _column(fields.String(allow_none=True))
    lat = _column(fields.Float(allow_none=True))
    lon = _column(fields.Float(allow_none=True))
    population = _column(fields.Integer(allow_none=True))
    labels = _column(fields.List(fields.String()))
    status = _column(fields.String(allow_none=True))
    degree = _column(fields.Integer())


class ColumnarEdges(Schema):
    source = _column(fields.Integer(), "Index of the first node in the node columns")
    target = _column(fields.Integer(), "Index of the second node in the node columns")
    kinds = _column(fields.List(fields.String()))
    since = _column(fields.Integer(allow_none=True))
    suggested = _column(fields.Integer(validate=validate.OneOf([0, 1])), "1 for a suggested counterpart (ego views)")
    score = _column(fields.Float(allow_none=True), "A suggested counterpart's score; null on ties")


class GraphColumnarOut(Schema):
    """``format=columnar``: the view as one list per attribute (row i of every node column is node i)."""

    view = fields.String(required=True, validate=validate.OneOf(d.GRAPH_VIEWS))
    center = fields.Integer(allow_none=True)
    depth = fields.Integer(allow_none=True)
    border = fields.String(allow_none=True)
    nodes = fields.Nested(ColumnarNodes, required=True)
    edges = fields.Nested(ColumnarEdges, required=True)


class EventOut(Schema):
    action = fields.String(required=True)
    from_ = fields.String(data_key="from", attribute="from_status", allow_none=True)
    to = fields.String(attribute="to_status", allow_none=True)
    note = fields.String(allow_none=True)
    at = UtcDateTime(required=True)


class OutcomeOut(Schema):
    kind = fields.String(attribute="outcome_kind", required=True)
    year = fields.Integer(attribute="outcome_year", allow_none=True)
    note = fields.String(attribute="outcome_note", allow_none=True)
    tie_id = fields.Integer(allow_none=True)


class MemberOut(Schema):
    name = fields.String(required=True)
    email = fields.String(required=True)


class PartyContact(Schema):
    contact = fields.String(allow_none=True)
    members = fields.List(fields.Nested(MemberOut), required=True)


class ContactsOut(Schema):
    requester = fields.Nested(PartyContact, required=True)
    counterpart = fields.Nested(PartyContact, required=True)


class NoteOut(Schema):
    text = fields.String(required=True)
    at = UtcDateTime(attribute="created_at", required=True)


class IntroductionOut(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf(d.REQUEST_STATUSES))
    requester = fields.Nested(OrganisationOut, required=True)
    counterpart = fields.Nested(OrganisationOut, required=True)
    purpose = fields.String(required=True)
    ambition = fields.String(allow_none=True)
    themes = fields.List(fields.String(), allow_none=True)
    languages = fields.List(fields.String(), allow_none=True)
    message = fields.String(allow_none=True)
    assignee = fields.Function(
        lambda r: r.assignee.name if r.assignee else None, allow_none=True, metadata={"type": ["string", "null"]}
    )
    counterpart_consent = fields.String(allow_none=True)
    closing_reason = fields.String(allow_none=True)
    outcome = fields.Function(
        lambda r: OutcomeOut().dump(r) if r.outcome_kind else None,
        allow_none=True,
        metadata={"anyOf": [{"$ref": "#/components/schemas/Outcome"}, {"type": "null"}]},
    )
    created_at = UtcDateTime(required=True)
    moved_at = UtcDateTime(required=True)
    events = fields.List(fields.Nested(EventOut), required=True)
    contacts = fields.Function(
        lambda r: _contacts(r),
        allow_none=True,
        metadata={
            "anyOf": [{"$ref": "#/components/schemas/Contacts"}, {"type": "null"}],
            "description": "Once the counterpart accepted",
        },
    )
    internal_notes = fields.List(fields.Nested(NoteOut), attribute="notes", metadata={"description": "Facilitators only"})

    @post_dump(pass_original=True)
    def _staff_only(self, data, original, **kwargs):
        if not permissions.can_see_internal_notes(current_user, original):
            data.pop("internal_notes", None)
        return data


def _contacts(request):
    if not permissions.can_see_contacts(current_user, request):
        return None
    return ContactsOut().dump(
        {
            side: {"contact": org.contact, "members": list(org.members)}
            for side, org in (("requester", request.requester), ("counterpart", request.counterpart))
        }
    )


class IntroductionPage(Schema):
    items = fields.List(fields.Nested(IntroductionOut), required=True)
    page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    total = fields.Integer(required=True)


# Schemas only referenced by hand-written "$ref"s above, registered under these names.
EXTRA_COMPONENTS = {"Outcome": OutcomeOut, "Contacts": ContactsOut}
