from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import SelectChoice

from domain import MASSIF_CODES

from ..converters import requested_page
from ..csv_export import Column, csv_response, requested_dialect
from ..errors import DomainError
from ..extensions import db
from ..forms import EmptyForm, apply_domain_error
from ..geo.borders import border_by_code, load_borders
from ..permissions import (
    can_respond_to_request,
    can_see_contacts,
    get_organisation_or_404,
    get_visible_request_or_403,
    staff_required,
)
from ..services import claims
from ..services import introductions as service
from ..services.facilitator import first_border
from ..services.request_figures import dashboard_figures, is_stale
from ..services.suggestions import border_network
from ..vocab import AMBITIONS, COUNTRIES, OUTCOME_KINDS, REQUEST_STATUSES
from . import bp
from .forms import IntroductionForm, MoveForm, NoteForm, OutcomeForm, RespondForm

get_request_or_403 = get_visible_request_or_403


@bp.route("/")
@login_required
def index():
    status = request.args.get("status") if request.args.get("status") in REQUEST_STATUSES else None
    page = db.paginate(
        service.visible_requests(current_user, status=status),
        page=requested_page(request.args),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "introductions/index.html",
        page=page,
        status=status,
        is_stale=is_stale,
        pending_claims=claims.pending_count() if current_user.is_staff else 0,
    )


@bp.route("/new/<int:counterpart_id>", methods=["GET", "POST"])
@login_required
def new(counterpart_id):
    counterpart = get_organisation_or_404(counterpart_id)
    form = IntroductionForm(counterpart_id=counterpart.id)
    form.requester_id.choices = [
        SelectChoice(o.id, o.name) for o in current_user.organisations if o.id != counterpart.id and o.archived_at is None
    ]
    if not form.requester_id.choices:
        flash(
            _("Rattachez-vous d'abord à votre organisation (inscription ou revendication) pour demander une mise en relation."),
            "error",
        )
        return redirect(url_for("organisations.show", organisation_id=counterpart.id))
    if form.validate_on_submit():
        try:
            created = service.request_introduction(
                current_user,
                get_organisation_or_404(form.requester_id.data),
                counterpart,
                purpose=form.purpose.data,
                message=form.message.data,
                ambition=form.ambition.data,
                themes=form.themes.data,
                languages=form.languages.data,
            )
        except service.DuplicateRequest as error:
            flash(_("Une demande est déjà ouverte entre ces deux organisations."), "error")
            return redirect(url_for(".show", request_id=error.existing_id))
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Demande envoyée : un facilitateur de la MOT va s'en charger."), "success")
            return redirect(url_for(".show", request_id=created.id))
    return render_template("introductions/new.html", form=form, counterpart=counterpart)


@bp.route("/<int:request_id>")
@login_required
def show(request_id):
    found = get_request_or_403(request_id)
    return render_template(
        "introductions/show.html",
        item=found,
        move_form=MoveForm(),
        note_form=NoteForm(),
        outcome_form=OutcomeForm(),
        respond_form=RespondForm(),
        empty=EmptyForm(),
        contacts=can_see_contacts(current_user, found),
        transitions=service.allowed_transitions(found),
        waiting_for_consent=service.transition_refusal(found, "introduced") if found.status == "in_review" else None,
        outcome_allowed=service.outcome_refusal(found) is None,
        stale=is_stale(found),
        can_respond=can_respond_to_request(current_user, found) and service.awaits_answer(found),
    )


def _act(request_id, action, form_class=EmptyForm):
    """Load, check the form, run one service action, commit, and go back to the request."""
    found = get_request_or_403(request_id)
    form = form_class()
    if form.validate_on_submit():
        try:
            action(found, form)
        except DomainError as error:
            details = [m for ms in error.fields.values() for m in ms if m != error.message]
            flash(" ".join([error.message, *dict.fromkeys(details)]), "error")
        else:
            db.session.commit()
            flash(_("Enregistré."), "success")
    else:
        flash(" ".join(m for ms in form.errors.values() for m in ms) or _("Formulaire invalide."), "error")
    return redirect(url_for(".show", request_id=found.id))


@bp.route("/<int:request_id>/take", methods=["POST"])
@staff_required
def take(request_id):
    return _act(request_id, lambda r, f: service.take(r, current_user))


@bp.route("/<int:request_id>/move", methods=["POST"])
@staff_required
def move(request_id):
    return _act(request_id, lambda r, f: service.move(r, current_user, f.to_status.data, note=f.note.data), MoveForm)


@bp.route("/<int:request_id>/note", methods=["POST"])
@staff_required
def note(request_id):
    return _act(request_id, lambda r, f: service.add_note(r, current_user, f.text.data), NoteForm)


@bp.route("/<int:request_id>/outcome", methods=["POST"])
@staff_required
def outcome(request_id):
    return _act(
        request_id,
        lambda r, f: service.record_outcome(r, current_user, kind=f.kind.data, year=f.year.data, note=f.note.data),
        OutcomeForm,
    )


@bp.route("/<int:request_id>/respond", methods=["POST"])
@login_required
def respond(request_id):
    return _act(
        request_id, lambda r, f: service.respond(r, current_user, accept=bool(f.accept.data), note=f.note.data), RespondForm
    )


@bp.route("/dashboard")
@staff_required
def dashboard():
    code = request.args.get("border") or first_border(current_user)
    border = border_by_code(code) or abort(404)
    massif = request.args.get("massif") if request.args.get("massif") in MASSIF_CODES else None
    return render_template(
        "introductions/dashboard.html",
        border=border,
        borders=load_borders(),
        massif=massif,
        network=border_network(code, massif=massif),
        figures=dashboard_figures(code, massif=massif),
    )


CONSENTS = {"accepted": _l("acceptée"), "declined": _l("déclinée")}
REQUEST_COLUMNS = [
    Column("id", _l("Numéro")),
    Column("created_on", _l("Créée le")),
    Column("status", _l("Étape"), REQUEST_STATUSES),
    Column("requester", _l("Demandeur")),
    Column("requester_country", _l("Pays du demandeur"), COUNTRIES),
    Column("counterpart", _l("Organisation sollicitée")),
    Column("counterpart_country", _l("Pays de l'organisation sollicitée"), COUNTRIES),
    Column("ambition", _l("Ambition"), AMBITIONS),
    Column("purpose", _l("Objet")),
    Column("facilitator", _l("Facilitateur")),
    Column("counterpart_consent", _l("Réponse du partenaire"), CONSENTS),
    Column("introduced_on", _l("Mise en relation le")),
    Column("outcome", _l("Résultat"), OUTCOME_KINDS),
    Column("outcome_year", _l("Année du résultat")),
    Column("closing_reason", _l("Raison de la clôture")),
]


@bp.route("/export.csv")
@staff_required
def export():
    # Requests and their outcomes; for a spreadsheet in the reader's language unless ?dialect=raw (webapp.csv_export).
    rows = (
        [
            r.id,
            f"{r.created_at:%Y-%m-%d}",
            r.status,
            r.requester.name,
            r.requester.country,
            r.counterpart.name,
            r.counterpart.country,
            r.ambition,
            r.purpose,
            r.assignee.name if r.assignee else None,
            r.counterpart_consent,
            f"{r.introduced_at:%Y-%m-%d}" if r.introduced_at else None,
            r.outcome_kind,
            r.outcome_year,
            r.closing_reason,
        ]
        for r in db.session.scalars(service.visible_requests(current_user))
    )
    return csv_response("passerelle-demandes.csv", REQUEST_COLUMNS, rows, requested_dialect(request.args))
