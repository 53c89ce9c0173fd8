"""API schemas of the resource centre's events and registrations."""

from flask import url_for
from flask_login import current_user
from marshmallow import Schema, fields, validate

import domain as d

from ..permissions import can_see_event_link
from ..services import events as service
from .fields import Code, UtcDateTime
from .schemas import BorderCode, PageQuery


class ResourceEventQuery(PageQuery):
    when = Code(d.EVENT_WHEN, load_default=d.EVENT_WHEN[0], metadata={"description": "upcoming (default), past or all"})
    border = BorderCode(metadata={"description": "A border code, e.g. FR-CH"})
    label = Code(d.LABEL_CODES, metadata={"description": "An ANCT label the event is meant for"})
    theme = Code(d.THEME_CODES)
    kind = Code(d.EVENT_KINDS)


class ResourceEventOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(d.EVENT_KINDS))
    title = fields.String(required=True)
    description = fields.String(required=True)
    starts_at = UtcDateTime(required=True)
    ends_at = UtcDateTime(required=True)
    timezone = fields.Constant(d.EVENT_TIMEZONE, metadata={"description": "The zone the event is organised in"})
    place = fields.String(allow_none=True)
    online_url = fields.Function(
        lambda e: e.online_url if can_see_event_link(current_user, e) else None,
        allow_none=True,
        metadata={"type": "string", "nullable": True, "description": "To join online: for registrants and staff only"},
    )
    online = fields.Function(lambda e: bool(e.online_url), metadata={"type": "boolean", "description": "Held online"})
    languages = fields.List(fields.String(), required=True)
    borders = fields.List(fields.String(), attribute="border_codes", required=True)
    labels = fields.List(fields.String(), attribute="label_codes", required=True)
    themes = fields.List(fields.String(), attribute="theme_codes", required=True)
    capacity = fields.Integer(allow_none=True, metadata={"description": "Places; null: unlimited"})
    registered_count = fields.Integer(required=True)
    places_left = fields.Integer(allow_none=True)
    published = fields.Boolean(required=True)
    cancelled_at = UtcDateTime(allow_none=True)
    registration_open = fields.Function(lambda e: service.registration_open(e), metadata={"type": "boolean"})
    registered = fields.Function(
        lambda e: service.is_registered(e, current_user),
        metadata={"type": "boolean", "description": "Whether the caller is registered"},
    )
    ical_url = fields.Function(lambda e: url_for("events.event_ics", event_id=e.id, _external=True), metadata={"type": "string"})


class ResourceEventPage(Schema):
    items = fields.List(fields.Nested(ResourceEventOut), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)


class RegistrationOut(Schema):
    event_id = fields.Integer(required=True)
    registered = fields.Boolean(required=True)
    registered_count = fields.Integer(required=True)
    places_left = fields.Integer(allow_none=True)
