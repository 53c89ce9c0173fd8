from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from domain import PAGE_SIZE_CHOICES, SEARCH_QUERY_MAX

from ..converters import requested_page, requested_page_size
from ..errors import DomainError
from ..extensions import db
from ..forms import EmptyForm, apply_domain_error
from ..permissions import (
    can_edit_organisation,
    can_remove_tie,
    get_editable_organisation_or_403,
    get_organisation_or_404,
    get_removable_tie_or_403,
    is_member,
    staff_required,
)
from ..services import claims, name_search, organisations, suggestions, ties
from . import bp
from .forms import ClaimForm, DirectoryFilterForm, OrganisationForm, PartnershipForm, SuggestionFilterForm, TieForm


@bp.route("/")
def directory():
    form = DirectoryFilterForm(request.args)
    filters = form.filters() if form.validate() else {}
    page = db.paginate(
        organisations.directory_query(**filters),
        page=requested_page(request.args),
        per_page=requested_page_size(request.args, current_app.config["PAGE_SIZE"]),
        error_out=False,
    )
    localities = organisations.matched_localities([o.id for o in page.items], filters.get("q"))
    return render_template(
        "organisations/directory.html",
        form=form,
        page=page,
        filters=filters,
        localities=localities,
        page_sizes=PAGE_SIZE_CHOICES,
    )


@bp.route("/<int:organisation_id>")
def show(organisation_id):
    organisation = get_organisation_or_404(organisation_id)
    can_edit = can_edit_organisation(current_user, organisation)
    organisation_ties = ties.ties_of(organisation.id)
    removable = {t.id for t in organisation_ties if can_remove_tie(current_user, t)}
    return render_template(
        "organisations/show.html",
        organisation=organisation,
        ties=organisation_ties,
        can_edit=can_edit,
        removable=removable,
        form=EmptyForm(),
        claim=claims.latest_claim(current_user, organisation),
        waiting=claims.requests_waiting_for(organisation) if is_member(current_user, organisation) else [],
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    form = OrganisationForm()
    if request.method == "GET":
        form.country.data = "FR" if current_user.role == "official" else None
    if form.validate_on_submit():
        try:
            organisation = organisations.create_organisation(form.values(), member=current_user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("L'organisation « %(name)s » est inscrite.", name=organisation.name), "success")
            return redirect(url_for(".show", organisation_id=organisation.id))
    return render_template("organisations/form.html", form=form, organisation=None)


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(organisation_id):
    organisation = get_editable_organisation_or_403(organisation_id)
    form = OrganisationForm(data=organisations.organisation_values(organisation))
    if form.validate_on_submit():
        try:
            organisations.update_organisation(organisation, form.values())
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Modifications enregistrées."), "success")
            return redirect(url_for(".show", organisation_id=organisation.id))
    return render_template("organisations/form.html", form=form, organisation=organisation)


@bp.route("/<int:organisation_id>/delete", methods=["GET", "POST"])
@login_required
def delete(organisation_id):
    organisation = get_editable_organisation_or_403(organisation_id)
    form = EmptyForm()
    if form.validate_on_submit():
        name = organisation.name
        outcome = organisations.delete_organisation(organisation, by=current_user)
        db.session.commit()
        if outcome == "archived":
            flash(
                _(
                    "L'organisation « %(name)s » est archivée : elle quitte l'annuaire et le réseau, son historique est conservé.",
                    name=name,
                ),
                "success",
            )
        else:
            flash(_("L'organisation « %(name)s » a été supprimée.", name=name), "success")
        return redirect(url_for(".directory"))
    return render_template(
        "confirm.html",
        form=form,
        title=_("Supprimer « %(name)s » ?", name=organisation.name),
        message=_(
            "Si des demandes, des liens ou des membres s'y rattachent, elle sera archivée (retirée de "
            "l'annuaire et du réseau, historique conservé) ; sinon supprimée définitivement."
        ),
        cancel_url=url_for(".show", organisation_id=organisation.id),
    )


@bp.route("/<int:organisation_id>/labels/<code>/confirm", methods=["POST"])
@staff_required
def confirm_label(organisation_id, code):
    organisation = get_organisation_or_404(organisation_id)
    if EmptyForm().validate_on_submit():
        try:
            organisations.confirm_label(organisation, code, current_user)
        except DomainError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Label confirmé."), "success")
    return redirect(url_for(".show", organisation_id=organisation.id))


@bp.route("/<int:organisation_id>/claim", methods=["GET", "POST"])
@login_required
def claim(organisation_id):
    organisation = get_organisation_or_404(organisation_id)
    form = ClaimForm()
    if form.validate_on_submit():
        try:
            claim = claims.claim_organisation(
                organisation,
                current_user,
                role=form.role.data,
                official_email=form.official_email.data,
                message=form.message.data,
            )
        except DomainError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(claims.submitted_message(claim), "success")
        return redirect(url_for(".show", organisation_id=organisation.id))
    return render_template(
        "organisations/claim.html", form=form, organisation=organisation, domain=claims.auto_approval_domain(organisation)
    )


@bp.route("/<int:organisation_id>/ties/new", methods=["GET", "POST"])
@login_required
def add_tie(organisation_id):
    organisation = get_editable_organisation_or_403(organisation_id)
    form = TieForm()
    query = (request.args.get("q") or "").replace("\x00", "").strip()[:SEARCH_QUERY_MAX]  # a search box, never stored
    if form.validate_on_submit():
        try:
            ties.add_tie(
                organisation.id,
                int(form.other_id.data),
                form.kind.data,
                since_year=form.since_year.data,
                source=form.source.data,
                note=form.note.data,
                created_by=current_user,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Lien ajouté."), "success")
            return redirect(url_for(".show", organisation_id=organisation.id))
    candidates = db.session.scalars(organisations.directory_query(q=query).limit(20)).all() if query else []
    return render_template(
        "organisations/add_tie.html",
        form=form,
        organisation=organisation,
        query=query,
        candidates=[c for c in candidates if c.id != organisation.id],
    )


@bp.route("/ties/<int:tie_id>/delete", methods=["GET", "POST"])
@login_required
def delete_tie(tie_id):
    tie = get_removable_tie_or_403(tie_id)
    form = EmptyForm()
    back = url_for(".show", organisation_id=request.args.get("from", type=int) or tie.organisation_a_id)
    if form.validate_on_submit():
        ties.remove_tie(tie)
        db.session.commit()
        flash(_("Lien supprimé."), "success")
        return redirect(back)
    return render_template(
        "confirm.html",
        form=form,
        cancel_url=back,
        title=_("Supprimer le lien entre « %(a)s » et « %(b)s » ?", a=tie.organisation_a.name, b=tie.organisation_b.name),
        message=_("Le lien disparaîtra du réseau. Cette action est définitive."),
    )


@bp.route("/<int:organisation_id>/suggestions")
def suggestions_page(organisation_id):
    organisation = get_organisation_or_404(organisation_id)
    form = SuggestionFilterForm(request.args)
    by_border, error = {}, None
    if form.validate():
        try:
            by_border = suggestions.counterparts(organisation.id, **form.options())
        except DomainError as problem:
            error = problem.message
    return render_template(
        "organisations/suggestions.html",
        organisation=organisation,
        form=form,
        by_border=by_border,
        error=error,
        partnership=PartnershipForm(formdata=None),
    )


@bp.route("/partnership")
def partnership():
    form = PartnershipForm(request.args)
    result = None
    if form.validate():
        try:
            result = suggestions.partnership(form.partner_ids(), form.ambition.data or "joint_project")
        except DomainError as problem:
            form.partners.errors = list(form.partners.errors) + [problem.message]
    chosen = name_search.briefs(form.partner_ids())
    return render_template("organisations/partnership.html", form=form, result=result, chosen=chosen)
