"""The rapport d'étonnement: HTML page, PDF, a facilitator's edits (versions, sharing with the town)."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import DomainError
from ..extensions import db
from ..forms import EmptyForm, apply_domain_error
from ..permissions import can_view_report, get_organisation_or_404, staff_required
from ..services import report_documents, report_versions, reports
from . import bp
from .report_forms import ReportEditForm


def get_report_organisation_or_404(organisation_id):
    """A labelled border town whose report the reader may see (403 for others, 404 for a town without one)."""
    organisation = get_organisation_or_404(organisation_id)
    if not can_view_report(current_user, organisation):
        abort(403)
    if not reports.has_report(organisation):
        abort(404)
    return organisation


@bp.route("/reports/<int:organisation_id>")
@login_required
def report(organisation_id):
    return report_documents.report_page(current_user, get_report_organisation_or_404(organisation_id))


@bp.route("/reports/<int:organisation_id>/pdf")
@login_required
def report_pdf(organisation_id):
    organisation = get_report_organisation_or_404(organisation_id)
    pdf = report_documents.report_pdf(current_user, organisation, request.host_url)
    return pdf_response(pdf, f"rapport-{organisation.id}.pdf")


def pdf_response(pdf, filename):
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{filename}"'})


@bp.route("/reports/<int:organisation_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_report(organisation_id):
    organisation = get_report_organisation_or_404(organisation_id)
    current = report_versions.last_version(organisation)
    form = ReportEditForm(
        data={
            "introduction": current.introduction if current else "",
            "next_steps": "\n".join(current.next_steps or []) if current else "",
        }
    )
    if form.validate_on_submit():
        try:
            report_versions.save_version(organisation, current_user, introduction=form.introduction.data, next_steps=form.steps())
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Nouvelle version enregistrée ; elle n'est pas encore partagée avec la commune."), "success")
            return redirect(url_for(".report", organisation_id=organisation.id))
    return render_template(
        "capitalisation/report_edit.html",
        organisation=organisation,
        form=form,
        generated_steps=report_documents.next_steps_text(reports.astonishment_report(organisation), None),
        history=report_versions.history(organisation),
        share_form=EmptyForm(),
    )


@bp.route("/reports/<int:organisation_id>/share", methods=["POST"])
@staff_required
def share_report(organisation_id):
    organisation = get_report_organisation_or_404(organisation_id)
    if EmptyForm().validate_on_submit():
        try:
            version = report_versions.share(organisation, current_user)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Version %(number)s partagée avec la commune.", number=version.number), "success")
    return redirect(url_for(".report", organisation_id=organisation.id))
