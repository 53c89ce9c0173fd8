"""Attachments of capitalisation sheets: checked by their content, stored behind the attachment store.

A file is accepted when its first bytes say PDF, PNG, JPEG or WebP (``filetype``), whatever its name or the
type the browser sent; it is bounded by ``ATTACHMENT_MAX_BYTES``. Services add and flush; the bytes are
written before the commit (never a row without its object) and removed after it (``discard``). An upload
whose transaction rolls back takes its object with it: the session remembers what it stored and deletes it
on rollback.
"""

import re
import uuid

import filetype
from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session

import domain as d

from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..models import SheetAttachment, SheetEvent
from ..permissions import can_edit_sheet
from .attachment_store import store_from_config

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_STORED = "attachments_stored"  # session.info: (store, key) written in the open transaction


@event.listens_for(Session, "after_commit")
def _keep_stored(session):
    session.info.pop(_STORED, None)


@event.listens_for(Session, "after_rollback")
def _remove_stored(session):
    """The transaction that would have named these objects is gone: delete them (best effort)."""
    for target, key in session.info.pop(_STORED, ()):
        try:
            target.delete(key)
        except Exception:  # noqa: BLE001 - an object left behind is harmless; the rollback must go on
            current_app.logger.warning("attachment %s could not be removed after a rollback", key, exc_info=True)


def _record(sheet, user, before):
    """The sheet's history keeps who added or removed which file (names before and after)."""
    after = [a.filename for a in sheet.attachments]
    user_id = user.id if user is not None and user.is_authenticated else None
    sheet.events.append(SheetEvent(user_id=user_id, action="edited", changes={"attachments": [before, after]}))


def store():
    return store_from_config(current_app.config, current_app.extensions)


def detected_type(data):
    """The accepted MIME type the content announces (magic bytes), or None."""
    kind = filetype.guess(data[:8192])
    return kind.mime if kind is not None and kind.mime in d.ATTACHMENT_TYPES else None


def clean_filename(name):
    """The uploader's file name without folders or control characters, bounded (only ever displayed)."""
    name = _CONTROL.sub("", (name or "").replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return name[: d.ATTACHMENT_NAME_MAX] or _("fichier")


def add_attachment(sheet, user, filename, data):
    """Attach ``data`` (bytes) to ``sheet``: its editors only, an accepted type, within the size and count bounds."""
    if not can_edit_sheet(user, sheet):
        raise PermissionDenied(_("Vous ne pouvez pas modifier cette fiche."))
    limit = current_app.config["ATTACHMENT_MAX_BYTES"]
    errors = []
    if not data:
        errors.append(_("Le fichier est vide."))
    elif len(data) > limit:
        errors.append(_("Fichier trop volumineux : %(max)s Mo au plus.", max=format_decimal(round(limit / 1048576, 1))))
    elif detected_type(data) is None:
        errors.append(_("Type de fichier refusé : PDF, PNG, JPEG ou WebP seulement (d'après son contenu)."))
    elif len(sheet.attachments) >= d.ATTACHMENTS_PER_SHEET_MAX:
        errors.append(_("%(max)s pièces jointes au plus par fiche.", max=d.ATTACHMENTS_PER_SHEET_MAX))
    if errors:
        raise ValidationFailed(_("Certaines informations ne sont pas valides."), {"file": errors})
    content_type = detected_type(data)
    before = [a.filename for a in sheet.attachments]
    key = f"{sheet.id}/{uuid.uuid4().hex}.{d.ATTACHMENT_TYPES[content_type]}"
    target = store()
    target.put(key, data, content_type)
    db.session.info.setdefault(_STORED, []).append((target, key))
    attachment = SheetAttachment(
        filename=clean_filename(filename),
        storage_key=key,
        content_type=content_type,
        size=len(data),
        uploaded_by_id=user.id if user.is_authenticated else None,
    )
    sheet.attachments.append(attachment)
    _record(sheet, user, before)
    db.session.flush()
    return attachment


def remove_attachment(attachment, user):
    """Delete the row; returns the storage key, for ``discard`` once the change is committed."""
    if not can_edit_sheet(user, attachment.sheet):
        raise PermissionDenied(_("Vous ne pouvez pas modifier cette fiche."))
    key, sheet = attachment.storage_key, attachment.sheet
    before = [a.filename for a in sheet.attachments]
    sheet.attachments.remove(attachment)
    _record(sheet, user, before)
    db.session.flush()
    return key


def discard(key):
    store().delete(key)


def read(attachment):
    return store().get(attachment.storage_key)
