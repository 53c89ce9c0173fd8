"""Attachments of a sheet: upload and delete (its editors), download with the sheet's access rules."""

from io import BytesIO

from flask import abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import DomainError
from ..extensions import db
from ..forms import EmptyForm
from ..models import SheetAttachment
from ..permissions import get_editable_sheet_or_403, get_visible_sheet_or_404
from ..services import attachments as service
from ..services.attachment_store import MissingObject
from . import bp
from .attachment_forms import AttachmentForm


def _attachment_of(sheet, attachment_id):
    attachment = db.session.get(SheetAttachment, attachment_id)
    if attachment is None or attachment.sheet_id != sheet.id:
        abort(404)
    return attachment


@bp.app_template_global("attachment_form")
def attachment_form():
    return AttachmentForm()


@bp.route("/<int:sheet_id>/attachments", methods=["POST"])
@login_required
def upload_attachment(sheet_id):
    sheet = get_editable_sheet_or_403(sheet_id)
    form = AttachmentForm()
    if form.validate_on_submit():
        data = form.file.data.read(current_app.config["ATTACHMENT_MAX_BYTES"] + 1)
        try:
            service.add_attachment(sheet, current_user, form.file.data.filename, data)
        except DomainError as error:
            db.session.rollback()
            flash(" ".join(m for ms in (error.fields or {}).values() for m in ms) or error.message, "error")
        else:
            db.session.commit()
            flash(_("Pièce jointe ajoutée."), "success")
    else:
        flash(" ".join(m for ms in form.errors.values() for m in ms), "error")
    return redirect(url_for(".edit", sheet_id=sheet.id))


@bp.route("/<int:sheet_id>/attachments/<int:attachment_id>")
def attachment(sheet_id, attachment_id):
    sheet = get_visible_sheet_or_404(sheet_id)  # a draft's files are a 404 for those who may not see it
    found = _attachment_of(sheet, attachment_id)
    try:
        data = service.read(found)
    except MissingObject:
        abort(404)
    response = send_file(
        BytesIO(data), mimetype=found.content_type, as_attachment=not found.is_image, download_name=found.filename
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "public, max-age=3600" if sheet.status == "published" else "private, no-store"
    return response


@bp.route("/<int:sheet_id>/attachments/<int:attachment_id>/delete", methods=["GET", "POST"])
@login_required
def delete_attachment(sheet_id, attachment_id):
    sheet = get_editable_sheet_or_403(sheet_id)
    found = _attachment_of(sheet, attachment_id)
    form = EmptyForm()
    if form.validate_on_submit():
        key = service.remove_attachment(found, current_user)
        db.session.commit()
        service.discard(key)  # after the commit: a rolled-back deletion keeps its file
        flash(_("Pièce jointe supprimée."), "success")
        return redirect(url_for(".edit", sheet_id=sheet.id))
    return render_template(
        "confirm.html",
        form=form,
        title=_("Supprimer la pièce jointe « %(name)s » ?", name=found.filename),
        message=_("Le fichier sera retiré de la fiche et effacé."),
        cancel_url=url_for(".edit", sheet_id=sheet.id),
    )
