"""API schema of a sheet's attachment (listed in the sheet's JSON, answered by an upload)."""

from flask import url_for
from marshmallow import Schema, fields, validate

import domain as d

from .fields import UtcDateTime


class AttachmentOut(Schema):
    id = fields.Integer(required=True)
    filename = fields.String(required=True)
    content_type = fields.String(required=True, validate=validate.OneOf(list(d.ATTACHMENT_TYPES)))
    size = fields.Integer(required=True, metadata={"description": "Bytes"})
    url = fields.Function(
        lambda a: url_for("capitalisation.attachment", sheet_id=a.sheet_id, attachment_id=a.id),
        metadata={"type": "string", "description": "Download (the sheet's access rules apply)"},
    )
    created_at = UtcDateTime(required=True)
