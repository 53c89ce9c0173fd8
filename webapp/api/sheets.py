"""Capitalisation sheets: ``/projects`` (project sheets) and ``/problems`` (problem sheets), the same operations each."""

from flask import current_app
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ..errors import Conflict, ValidationFailed
from ..extensions import db
from ..models import Sheet
from ..permissions import get_editable_sheet_or_403, get_visible_sheet_or_404
from ..services import attachments
from ..services import capitalisation as service
from . import bp
from .attachment_schemas import AttachmentOut
from .helpers import paginate
from .sheet_schemas import ProblemInput, ProblemPatch, ProjectInput, ProjectPatch, SheetOut, SheetPage, SheetQuery, service_values
from .spec import operation


def _register(kind, path, input_schema, patch_schema, noun):
    def list_sheets(query):
        filters = {k: v for k, v in query.items() if k not in ("page", "per_page") and v}
        # Each item lists its attachments: loaded for the page in one query.
        found = service.search_sheets(current_user, kind=kind, **filters).options(selectinload(Sheet.attachments))
        page = paginate(found, query)
        return {"items": page.items, "page": page.page, "per_page": page.per_page, "total": page.total, "pages": page.pages}

    def create_sheet(body):
        sheet = service.create_sheet(current_user, kind, service_values(body))
        db.session.commit()
        return sheet

    def get_sheet(sheet_id):
        return get_visible_sheet_or_404(sheet_id, kind)

    def update_sheet(sheet_id, body):
        sheet = get_editable_sheet_or_403(sheet_id, kind)
        if not body:
            raise ValidationFailed(_("Aucun champ à modifier."))
        service.update_sheet(sheet, current_user, service_values(body))
        db.session.commit()
        return sheet

    def publish_sheet(sheet_id):
        sheet = get_visible_sheet_or_404(sheet_id, kind)
        if sheet.status == "published":
            raise Conflict(_("Cette fiche est déjà publiée."))
        service.publish(sheet, current_user)
        db.session.commit()
        return sheet

    def upload_attachment(sheet_id, files):
        sheet = get_editable_sheet_or_403(sheet_id, kind)
        upload = files["file"]
        data = upload.read(current_app.config["ATTACHMENT_MAX_BYTES"] + 1)
        attachment = attachments.add_attachment(sheet, current_user, upload.filename, data)
        db.session.commit()
        return attachment

    for view in (list_sheets, create_sheet, get_sheet, update_sheet, publish_sheet, upload_attachment):
        view.__name__ = f"{view.__name__}_{kind}"
    bp.get(path, endpoint=list_sheets.__name__)(
        operation(
            summary=f"{noun}: full-text search and filters (published ones; drafts too for their authors and staff)",
            query=SheetQuery,
            response=SheetPage,
        )(list_sheets)
    )
    bp.post(path, endpoint=create_sheet.__name__)(
        operation(
            summary=f"Write a {noun.lower()[:-1]} (a draft; the author is a member of a partner, or staff)",
            body=input_schema,
            response=SheetOut,
            status=201,
            auth="user",
            errors=(403,),
        )(create_sheet)
    )
    bp.get(f"{path}/<int:sheet_id>", endpoint=get_sheet.__name__)(
        operation(
            summary=f"One of the {noun.lower()} (a draft only for its authors and staff: 404 for others)",
            response=SheetOut,
            errors=(404,),
        )(get_sheet)
    )
    bp.patch(f"{path}/<int:sheet_id>", endpoint=update_sheet.__name__)(
        operation(
            summary="Change some fields (authors until published, staff always); the history records each change",
            body=patch_schema,
            response=SheetOut,
            auth="user",
            errors=(403, 404),
        )(update_sheet)
    )
    bp.post(f"{path}/<int:sheet_id>/publish", endpoint=publish_sheet.__name__)(
        operation(summary="Publish (staff): the sheet becomes public", response=SheetOut, auth="staff", errors=(404, 409))(
            publish_sheet
        )
    )
    bp.post(f"{path}/<int:sheet_id>/attachments", endpoint=upload_attachment.__name__)(
        operation(
            summary="Attach a file (multipart field `file`): PDF, PNG, JPEG or WebP by its content, within the size "
            "limit; the sheet's editors only",
            files=("file",),
            response=AttachmentOut,
            status=201,
            auth="user",
            errors=(403, 404),
        )(upload_attachment)
    )


_register("project", "/projects", ProjectInput, ProjectPatch, "Project sheets")
_register("problem", "/problems", ProblemInput, ProblemPatch, "Problem sheets")
