"""Schemas of ``/api/v1/notifications`` and ``/api/v1/claims``: in and out."""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validates_schema

import domain as d

from ..i18n import render_message
from .fields import Flag, Id, JsonFlag, Many, Text, UtcDateTime
from .schemas import Input, PageQuery


class NotificationQuery(PageQuery):
    unread = Flag(metadata={"description": "Only the unread ones"})


class NotificationOut(Schema):
    id = fields.Integer(required=True)
    code = fields.String(
        allow_none=True, metadata={"description": "What happened (e.g. request_status, claim_approved); null on old rows"}
    )
    params = fields.Dict(allow_none=True, metadata={"description": "The code's parameters; audience says to whom it speaks"})
    text = fields.Method(
        "phrase",
        required=True,
        metadata={"type": "string", "description": "The sentence, in the request's language (Accept-Language, ?lang=)"},
    )
    request_id = fields.Integer(allow_none=True)
    claim_id = fields.Integer(allow_none=True)
    created_at = UtcDateTime(required=True)
    read = fields.Method("is_read", required=True, metadata={"type": "boolean"})
    read_at = UtcDateTime(allow_none=True)

    def phrase(self, notification):
        text = render_message(notification.code, notification.params) if notification.code else None
        return text if text is not None else (notification.text or "")

    def is_read(self, notification):
        return notification.read_at is not None


class NotificationPage(Schema):
    items = fields.List(fields.Nested(NotificationOut), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    total = fields.Integer(required=True)
    unread = fields.Integer(required=True, metadata={"description": "The user's unread notifications, all pages"})


class ReadInput(Input):
    ids = Many(Id(strict=True), max_items=d.NOTIFICATIONS_API_MAX_IDS, metadata={"description": "Notifications to mark read"})
    all = JsonFlag(metadata={"description": "true: mark every notification read"})

    @validates_schema
    def one_of_ids_or_all(self, data, **kwargs):
        if bool(data.get("ids")) == bool(data.get("all")):
            raise ValidationError(str(_l("Donnez soit « ids », soit « all » : true.")), "_schema")


class ReadOut(Schema):
    marked = fields.Integer(required=True, metadata={"description": "How many were unread and are now read"})
    unread = fields.Integer(required=True)


class ClaimInput(Input):
    role = Text(
        required=True, min_length=1, max_length=d.CLAIM_ROLE_MAX, metadata={"description": "Function in the organisation"}
    )
    official_email = Text(allow_none=True, max_length=d.EMAIL_MAX, metadata={"description": "An official address (evidence)"})
    message = Text(allow_none=True, max_length=d.CLAIM_MESSAGE_MAX)


class DecisionInput(Input):
    approve = JsonFlag(required=True)
    reason = Text(allow_none=True, max_length=d.CLAIM_REASON_MAX, metadata={"description": "Sent to the claimant"})


class ClaimOut(Schema):
    id = fields.Integer(required=True)
    organisation_id = fields.Integer(required=True)
    user_id = fields.Integer(required=True)
    role = fields.String(allow_none=True)
    official_email = fields.String(allow_none=True)
    message = fields.String(allow_none=True)
    status = fields.String(required=True, metadata={"description": "pending, approved or rejected"})
    created_at = UtcDateTime(required=True)
    decided_at = UtcDateTime(allow_none=True)
    decision_reason = fields.String(allow_none=True)
    auto_approved = fields.Boolean(
        required=True, metadata={"description": "Approved at once: address on the organisation's domain"}
    )


class ClaimList(Schema):
    items = fields.List(fields.Nested(ClaimOut), required=True)
