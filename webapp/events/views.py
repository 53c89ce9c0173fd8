from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from wtforms import SelectChoice

import domain as d

from .. import vocab
from ..converters import requested_page
from ..csv_export import Column, csv_response, requested_dialect
from ..errors import DomainError
from ..extensions import db
from ..forms import EmptyForm, apply_domain_error
from ..geo.borders import load_borders
from ..models import Event
from ..permissions import can_manage_events, can_see_event_link, get_visible_event_or_404, staff_required
from ..services import event_calendar, resources
from ..services import events as service
from . import bp
from .forms import EventForm

# The registrants' spreadsheet (webapp.csv_export: ';' and a BOM for a French spreadsheet, ?dialect=raw for programs).
REGISTRANT_COLUMNS = (
    Column("name", _l("Nom")),
    Column("email", _l("Courriel")),
    Column("organisations", _l("Organisations")),
    Column("registered_at", _l("Inscrit·e le")),
)


def _filters(args, *, kinds=True):
    """The list's filters from the query string; unknown codes are ignored."""
    borders = {b.code for b in load_borders()}
    filters = {
        "border": args.get("border") if args.get("border") in borders else None,
        "label": args.get("label") if args.get("label") in d.LABEL_CODES else None,
        "theme": args.get("theme") if args.get("theme") in d.THEME_CODES else None,
    }
    if kinds:
        filters["kind"] = args.get("kind") if args.get("kind") in d.EVENT_KINDS else None
    return filters


@bp.app_template_filter("event_span")
def event_span(event):
    """When an event happens, in Paris time and the reader's language."""
    return service.format_span(event.starts_at, event.ends_at)


@bp.route("/resources", endpoint="resources")
def resources_page():
    upcoming = db.session.scalars(service.visible_events(current_user).limit(d.RESOURCE_CENTRE_EVENTS)).all()
    past = db.session.scalars(service.visible_events(current_user, when="past").limit(d.RESOURCE_CENTRE_EVENTS)).all()
    return render_template(
        "events/resources.html",
        upcoming=upcoming,
        past=past,
        own_borders=service.user_borders(current_user),
        publications=resources.publications(),
        guides=resources.guides(service.user_borders(current_user)),
        vocab=vocab,
    )


@bp.route("/events/")
def index():
    when = request.args.get("when") if request.args.get("when") in d.EVENT_WHEN else d.EVENT_WHEN[0]
    filters = _filters(request.args)
    page = db.paginate(
        service.visible_events(current_user, when=when, **filters),
        page=requested_page(request.args),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "events/index.html",
        page=page,
        when=when,
        filters=filters,
        borders=load_borders(),
        own_borders=service.user_borders(current_user),
        vocab=vocab,
    )


def _ics(events, filename):
    with_links = [e.id for e in events if can_see_event_link(current_user, e)] if current_user.is_authenticated else []
    return Response(
        event_calendar.calendar(events, with_links=with_links),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


@bp.route("/events.ics")
def feed():
    """Every published event (past ones too, so calendars keep them), filtered by border, label, theme."""
    query = service.visible_events(current_user, when="all", **_filters(request.args, kinds=False))
    return _ics(db.session.scalars(query.where(Event.published.is_(True))).all(), "passerelle-events.ics")


@bp.route("/events/<int:event_id>.ics")
def event_ics(event_id):
    return _ics([get_visible_event_or_404(event_id)], f"passerelle-event-{event_id}.ics")


@bp.route("/events/<int:event_id>")
def show(event_id):
    event = get_visible_event_or_404(event_id)
    return render_template(
        "events/show.html",
        event=event,
        form=EmptyForm(),
        registered=service.is_registered(event, current_user),
        open=service.registration_open(event),
        can_manage=can_manage_events(current_user, event),
        vocab=vocab,
    )


def _event_form(**data):
    form = EventForm(data=data or None)
    form.borders.choices = [SelectChoice(b.code, b.name) for b in load_borders()]
    return form


def _save(form, event=None):
    """Create or update from a valid form; a domain refusal lands on the form's fields."""
    try:
        saved = service.update_event(event, form.values()) if event else service.create_event(current_user, form.values())
    except DomainError as error:
        db.session.rollback()
        apply_domain_error(form, error)
        return None
    db.session.commit()
    return saved


@bp.route("/events/new", methods=["GET", "POST"])
@staff_required
def create():
    form = _event_form()
    if form.validate_on_submit() and (event := _save(form)):
        flash(_("Événement enregistré (non publié)."), "success")
        return redirect(url_for(".show", event_id=event.id))
    return render_template("events/edit.html", form=form, event=None)


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(event_id):
    event = get_visible_event_or_404(event_id)
    form = _event_form(**service.form_values(event))
    if form.validate_on_submit() and _save(form, event):
        flash(_("Événement modifié."), "success")
        return redirect(url_for(".show", event_id=event.id))
    return render_template("events/edit.html", form=form, event=event)


@bp.route("/events/<int:event_id>/<any(publish, unpublish):action>", methods=["POST"])
@staff_required
def publish(event_id, action):
    event = get_visible_event_or_404(event_id)
    if EmptyForm().validate_on_submit():
        service.publish_event(event, action == "publish")
        db.session.commit()
        flash(_("Événement publié.") if action == "publish" else _("Événement retiré de la publication."), "success")
    return redirect(url_for(".show", event_id=event_id))


def _confirm(event, title, message, label):
    return render_template(
        "confirm.html",
        form=EmptyForm(),
        title=title,
        message=message,
        confirm_label=label,
        cancel_url=url_for(".show", event_id=event.id),
    )


@bp.route("/events/<int:event_id>/cancel", methods=["GET", "POST"])
@staff_required
def cancel(event_id):
    event = get_visible_event_or_404(event_id)
    if event.cancelled:
        abort(404)
    if EmptyForm().validate_on_submit():
        service.cancel_event(event)
        db.session.commit()
        flash(_("Événement annulé : les personnes inscrites sont prévenues par courriel."), "success")
        return redirect(url_for(".show", event_id=event_id))
    message = ngettext(
        "%(num)s personne inscrite recevra un courriel d'annulation.",
        "%(num)s personnes inscrites recevront un courriel d'annulation.",
        event.registered_count,
    )
    return _confirm(event, _("Annuler « %(title)s » ?", title=event.title), message, _("Oui, annuler l'événement"))


@bp.route("/events/<int:event_id>/delete", methods=["GET", "POST"])
@staff_required
def delete(event_id):
    event = get_visible_event_or_404(event_id)
    if EmptyForm().validate_on_submit():
        service.delete_event(event)
        db.session.commit()
        flash(_("Événement supprimé."), "success")
        return redirect(url_for(".index"))
    message = _(
        "L'événement et ses inscriptions seront supprimés définitivement ; pour prévenir les inscrits, annulez-le plutôt."
    )
    return _confirm(event, _("Supprimer « %(title)s » ?", title=event.title), message, _("Oui, supprimer"))


@bp.route("/events/<int:event_id>/<any(register, unregister):action>", methods=["POST"])
@login_required
def registration(event_id, action):
    event = get_visible_event_or_404(event_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        if action == "register":
            service.register(event, current_user)
            message = _("Inscription enregistrée : un courriel de confirmation vous est envoyé.")
        else:
            service.unregister(event, current_user)
            message = _("Vous êtes désinscrit·e.")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for(".show", event_id=event_id))


@bp.route("/events/<int:event_id>/registrants")
@staff_required
def registrants(event_id):
    event = get_visible_event_or_404(event_id)
    return render_template("events/registrants.html", event=event, people=service.registrants(event))


@bp.route("/events/<int:event_id>/registrants.csv")
@staff_required
def registrants_csv(event_id):
    event = get_visible_event_or_404(event_id)
    rows = (
        [person.name, person.email, [o.name for o in person.organisations], f"{service.to_paris(at):%Y-%m-%d %H:%M}"]
        for person, at in service.registrant_rows(event)
    )
    filename = f"passerelle-event-{event_id}-registrants.csv"
    return csv_response(filename, REGISTRANT_COLUMNS, rows, requested_dialect(request.args))
