"""Schemas of ``/api/v1/alerts``: a saved search (a name and the directory's filters), in and out."""

from marshmallow import Schema, fields

import domain as d

from .fields import Code, Text, UtcDateTime
from .schemas import BorderCode, Input


class AlertInput(Input):
    name = Text(required=True, min_length=1, max_length=d.ALERT_NAME_MAX)
    border = BorderCode(allow_none=True, metadata={"description": "A border code, e.g. FR-CH"})
    country = Code(d.COUNTRIES, allow_none=True)
    kind = Code(d.ORGANISATION_KINDS, allow_none=True)
    label = Code(d.LABEL_CODES, allow_none=True)
    theme = Code(d.THEME_CODES, allow_none=True)
    massif = Code(d.MASSIF_CODES, allow_none=True)
    q = Text(allow_none=True, max_length=d.SEARCH_QUERY_MAX, metadata={"description": "Free-text search, as the directory's"})


class AlertOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    border = fields.String(allow_none=True)
    country = fields.String(allow_none=True)
    kind = fields.String(allow_none=True)
    label = fields.String(allow_none=True)
    theme = fields.String(allow_none=True)
    massif = fields.String(allow_none=True)
    q = fields.String(allow_none=True)
    created_at = UtcDateTime(required=True)
    last_run_at = UtcDateTime(required=True, metadata={"description": "What happened after this is new to the alert"})


class AlertList(Schema):
    items = fields.List(fields.Nested(AlertOut), required=True)
