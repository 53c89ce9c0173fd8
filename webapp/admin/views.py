from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..converters import requested_page
from ..errors import DomainError
from ..extensions import db
from ..forms import EmptyForm, apply_domain_error
from ..models import Claim, User
from ..permissions import admin_required, get_organisation_or_404, staff_required
from ..services import accounts, claims, organisations
from . import bp
from .forms import ClaimDecisionForm, CreateUserForm


@bp.route("/users")
@admin_required
def users():
    page = db.paginate(
        select(User).order_by(User.email),
        page=requested_page(request.args),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template("admin/users.html", page=page)


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def create_user():
    form = CreateUserForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.email.data, form.password.data, name=form.name.data, role=form.role.data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            user.language = form.language.data
            db.session.commit()
            flash(_("Compte créé pour %(email)s.", email=user.email), "success")
            return redirect(url_for(".users"))
    return render_template("admin/create_user.html", form=form)


@bp.route("/claims")
@staff_required
def claim_queue():
    return render_template(
        "admin/claims.html", claims=claims.pending_claims(), form=ClaimDecisionForm(), on_domain=claims.on_official_domain
    )


@bp.route("/claims/<int:claim_id>/<any(approve, reject):decision>", methods=["POST"])
@staff_required
def decide_claim(claim_id, decision):
    claim = db.get_or_404(Claim, claim_id)
    form = ClaimDecisionForm()
    if form.validate_on_submit():
        try:
            claims.decide_claim(claim, current_user, approve=decision == "approve", reason=form.reason.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Demande acceptée.") if decision == "approve" else _("Demande refusée."), "success")
    return redirect(url_for(".claim_queue"))


@bp.route("/organisations/<int:organisation_id>/verify", methods=["POST"])
@staff_required
def verify(organisation_id):
    organisation = get_organisation_or_404(organisation_id)
    if EmptyForm().validate_on_submit():
        organisations.set_status(organisation, "verified")
        db.session.commit()
        flash(_("Organisation vérifiée."), "success")
    return redirect(url_for("organisations.show", organisation_id=organisation.id))
