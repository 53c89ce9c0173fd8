"""The rapport d'étonnement of a labelled border town, as JSON or PDF."""

from flask import Response, request
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import NotFound, PermissionDenied
from ..permissions import can_view_report, get_organisation_or_404
from ..services import report_documents, report_versions, reports
from . import bp
from .report_schemas import ReportOut, ReportQuery
from .spec import operation


@bp.get("/organisations/<int:organisation_id>/report")
@operation(
    summary="A labelled border town's rapport d'étonnement (its members and staff): JSON, or the PDF with ?format=pdf",
    query=ReportQuery,
    response=ReportOut,
    auth="user",
    errors=(403, 404),
    produces=["application/pdf"],
)
def organisation_report(organisation_id, query):
    organisation = get_organisation_or_404(organisation_id)
    if not can_view_report(current_user, organisation):
        raise PermissionDenied(_("Le rapport est réservé à la commune et à la MOT."))
    if not reports.has_report(organisation):
        raise NotFound(_("Pas de rapport d'étonnement : commune française labellisée près d'une frontière seulement."))
    if query["format"] == "pdf":
        pdf = report_documents.report_pdf(current_user, organisation, request.host_url)
        return Response(
            pdf, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="rapport-{organisation.id}.pdf"'}
        )
    report = reports.astonishment_report(organisation)
    return report_documents.report_data(report, report_versions.version_for(current_user, organisation))
