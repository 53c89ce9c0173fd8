import click
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

import domain as d

from .. import vocab
from ..converters import requested_page
from ..errors import DomainError
from ..extensions import db
from ..forms import apply_domain_error
from ..geo.borders import load_borders
from ..models import Instrument, Programme
from ..multilingual import localized_name
from ..permissions import (
    can_edit_sheet,
    can_move_sheet,
    can_publish_sheet,
    can_view_sheet,
    get_editable_sheet_or_403,
    get_visible_request_or_403,
    get_visible_sheet_or_404,
)
from ..services import capitalisation as service
from ..services.precedents import precedents
from ..services.sheet_examples import load_examples
from . import bp
from .forms import CommentForm, MoveForm, SheetForm

_OTHER_KIND_FIELDS = {"project": service.PROBLEM_FIELDS, "problem": service.PROJECT_FIELDS}


def _filters(args):
    """The search's filters from the query string; unknown codes are ignored, the words bounded."""
    borders = {b.code for b in load_borders()}
    return {
        "kind": args.get("kind") if args.get("kind") in d.SHEET_KINDS else None,
        "q": (args.get("q") or "")[: d.SEARCH_QUERY_MAX] or None,
        "border": args.get("border") if args.get("border") in borders else None,
        "theme": args.get("theme") if args.get("theme") in d.THEME_CODES else None,
        "label": args.get("label") if args.get("label") in d.LABEL_CODES else None,
        "instrument": (args.get("instrument") or "")[:40] or None,
        "programme": (args.get("programme") or "")[:40] or None,
    }


@bp.cli.command("seed")
def seed_command():
    """Publish the example sheets of data/sheets.yaml (idempotent: existing examples are kept)."""
    from ..services.reference.curated import read_data_file

    summary = load_examples(read_data_file("sheets.yaml"))
    db.session.commit()
    click.echo(f"Example sheets: {summary['created']} created, {summary['kept']} already there.")
    if summary["missing"]:
        click.echo("Not in the database (run `flask reference load` first), left out: " + ", ".join(summary["missing"]))


@bp.app_template_global("precedents_for")
def precedents_for(organisations, border=None):
    """For the organisation, suggestions and partnership pages: what others did (``capitalisation/_precedents.html``)."""
    return precedents(list(organisations), border=border)


@bp.app_context_processor
def inject_precedent_reasons():
    return {"PRECEDENT_REASONS": vocab.PRECEDENT_REASONS}


@bp.route("/")
def index():
    filters = _filters(request.args)
    page = db.paginate(
        service.search_sheets(current_user, **filters),
        page=requested_page(request.args),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template("capitalisation/index.html", page=page, filters=filters, borders=load_borders(), vocab=vocab)


def _sheet_form(kind, **defaults):
    form = SheetForm(data=defaults or None)
    for name in _OTHER_KIND_FIELDS[kind]:
        delattr(form, name)
    form.borders.choices = [SelectChoice(b.code, b.name) for b in load_borders()]
    if kind == "project":
        form.instrument_code.choices = [SelectChoice("", "—")] + [
            SelectChoice(i.code, localized_name(i)) for i in db.session.scalars(select(Instrument).order_by(Instrument.rank))
        ]
        form.programme_code.choices = [SelectChoice("", "—")] + [
            SelectChoice(p.code, localized_name(p)) for p in db.session.scalars(select(Programme).order_by(Programme.name))
        ]
    return form


@bp.route("/new/<any(project, problem):kind>", methods=["GET", "POST"])
@login_required
def new(kind):
    introduction = None
    if request.args.get("introduction", "").isdigit():
        introduction = get_visible_request_or_403(int(request.args["introduction"]))
    defaults = service.prefill_from_introduction(introduction) if introduction and kind == "project" else {}
    if request.method == "GET" and not defaults:
        defaults = {"partner_ids": [o.id for o in current_user.organisations][:1]}
    form = _sheet_form(kind, **defaults)
    if form.validate_on_submit():
        try:
            sheet = service.create_sheet(current_user, kind, form.values(kind), introduction=introduction)
        except DomainError as error:
            db.session.rollback()
            if error.status == 403:
                abort(403)
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Fiche enregistrée comme brouillon."), "success")
            return redirect(url_for(".show", sheet_id=sheet.id))
    return render_template("capitalisation/edit.html", form=form, kind=kind, sheet=None, introduction=introduction, vocab=vocab)


@bp.route("/<int:sheet_id>")
def show(sheet_id):
    sheet = get_visible_sheet_or_404(sheet_id)
    moves = [s for s in d.SHEET_TRANSITIONS[sheet.status] if can_move_sheet(current_user, sheet, s)]
    return render_template(
        "capitalisation/show.html",
        sheet=sheet,
        moves=moves,
        move_form=MoveForm(),
        comment_form=CommentForm(),
        can_edit=can_edit_sheet(current_user, sheet),
        can_publish=can_publish_sheet(current_user, sheet),
        linked=[s for s in (sheet.projects + sheet.problems) if can_view_sheet(current_user, s)],
        vocab=vocab,
    )


@bp.route("/<int:sheet_id>/edit", methods=["GET", "POST"])
@login_required
def edit(sheet_id):
    sheet = get_editable_sheet_or_403(sheet_id)
    snapshot = service.sheet_values(sheet)
    snapshot["sources"] = "\n".join(snapshot["sources"] or [])
    form = _sheet_form(sheet.kind, **snapshot)
    if form.validate_on_submit():
        try:
            service.update_sheet(sheet, current_user, form.values(sheet.kind))
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Fiche modifiée."), "success")
            return redirect(url_for(".show", sheet_id=sheet.id))
    return render_template("capitalisation/edit.html", form=form, kind=sheet.kind, sheet=sheet, introduction=None, vocab=vocab)


def _act(sheet_id, action, form_class):
    sheet = get_visible_sheet_or_404(sheet_id)
    form = form_class()
    if form.validate_on_submit():
        try:
            action(sheet, form)
        except DomainError as error:
            db.session.rollback()
            if error.status == 403:
                abort(403)
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Enregistré."), "success")
    else:
        flash(" ".join(m for ms in form.errors.values() for m in ms) or _("Formulaire invalide."), "error")
    return redirect(url_for(".show", sheet_id=sheet_id))


@bp.route("/<int:sheet_id>/move", methods=["POST"])
@login_required
def move(sheet_id):
    return _act(sheet_id, lambda s, f: service.move_sheet(s, current_user, f.to_status.data), MoveForm)


@bp.route("/<int:sheet_id>/comment", methods=["POST"])
@login_required
def comment(sheet_id):
    return _act(sheet_id, lambda s, f: service.add_comment(s, current_user, f.text.data), CommentForm)
