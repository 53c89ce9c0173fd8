"""Publications: a facilitator chooses published sheets and exports them as one document (HTML, PDF)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from .. import vocab
from ..errors import DomainError
from ..extensions import db
from ..forms import EmptyForm, apply_domain_error
from ..geo.borders import load_borders
from ..permissions import can_manage_publications, get_visible_publication_or_404, staff_required
from ..services import publications as service
from ..services.report_documents import render_pdf
from . import bp
from .report_forms import PublicationForm, SheetFilterForm
from .report_views import pdf_response


@bp.route("/publications/")
def publications():
    return render_template(
        "capitalisation/publications.html",
        publications=service.visible_publications(current_user),
        can_manage=can_manage_publications(current_user),
    )


def _choose(publication):
    """The form of a publication, its choices the published sheets matching the filters plus those chosen."""
    filters = SheetFilterForm(request.args)
    filters.border.choices = [SelectChoice("", "—")] + [SelectChoice(b.code, b.name) for b in load_borders()]
    wanted = {k: v for k, v in filters.data.items() if v} if request.args and filters.validate() else {}
    form = PublicationForm(obj=publication)
    chosen = publication.sheets if publication else []
    offered = service.candidate_sheets(current_user, **wanted)
    form.sheet_ids.choices = [
        SelectChoice(s.id, f"{s.title} ({', '.join(s.border_codes)} · {vocab.SHEET_KINDS[s.kind]})")
        for s in dict.fromkeys(chosen + offered)
    ]
    if form.validate_on_submit():
        values = {"title": form.title.data, "introduction": form.introduction.data, "sheet_ids": form.sheet_ids.data}
        try:
            if publication:
                service.update_publication(publication, **values)
            else:
                publication = service.create_publication(current_user, **values)
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Publication enregistrée."), "success")
            return redirect(url_for(".publication", publication_id=publication.id))
    return render_template("capitalisation/publication_form.html", form=form, filters=filters, publication=publication)


@bp.route("/publications/new", methods=["GET", "POST"])
@staff_required
def new_publication():
    return _choose(None)


@bp.route("/publications/<int:publication_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_publication(publication_id):
    return _choose(get_visible_publication_or_404(publication_id))


def _document(publication, **extra):
    return render_template(
        "capitalisation/publication.html",
        publication=publication,
        chapters=service.chapters(publication),
        borders={b.code: b for b in load_borders()},
        can_manage=can_manage_publications(current_user),
        vocab=vocab,
        **extra,
    )


@bp.route("/publications/<int:publication_id>")
def publication(publication_id):
    return _document(get_visible_publication_or_404(publication_id))


@bp.route("/publications/<int:publication_id>/pdf")
def publication_pdf(publication_id):
    publication = get_visible_publication_or_404(publication_id)
    html = _document(publication, base_template="capitalisation/pdf_base.html", generated_on=format_date(format="long"))
    return pdf_response(render_pdf(html, request.host_url), f"publication-{publication.id}.pdf")


@bp.route("/publications/<int:publication_id>/publish", methods=["POST"])
@staff_required
def publish_publication(publication_id):
    publication = get_visible_publication_or_404(publication_id)
    if EmptyForm().validate_on_submit():
        try:
            service.publish(publication)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Publication rendue publique."), "success")
    return redirect(url_for(".publication", publication_id=publication.id))
