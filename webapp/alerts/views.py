"""The signed-in user's alerts (list, create from a search, delete after confirming) and the mail's unsubscribe link."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import DomainError
from ..extensions import db
from ..forms import EmptyForm, apply_domain_error
from ..permissions import get_own_alert_or_404
from ..services import alerts as service
from . import bp
from .forms import AlertForm


@bp.app_context_processor
def inject_alert_helpers():
    """For the alerts list, here and on the account page: the user's alerts and each one's directory search."""
    return {"alerts_of": service.user_alerts, "alert_search_path": service.search_path}


@bp.route("/")
@login_required
def index():
    return render_template("alerts/index.html", alerts=service.user_alerts(current_user))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Reached from the directory ("Me prévenir") or a suggestions page with the search in the query string."""
    form = AlertForm(request.form if request.method == "POST" else request.args)
    if request.method == "GET":
        form.name.data = form.name.data or service.suggested_name(form.filters())
    if form.validate_on_submit():
        try:
            service.create_alert(current_user, form.name.data, form.filters())
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(
                _("Alerte « %(name)s » créée : le résumé quotidien vous dira ce qui est nouveau.", name=form.name.data), "success"
            )
            return redirect(url_for(".index"))
    return render_template("alerts/new.html", form=form, filters=form.filters())


@bp.route("/<int:alert_id>/delete", methods=["GET", "POST"])
@login_required
def delete(alert_id):
    alert = get_own_alert_or_404(alert_id)
    return _confirm_delete(alert, cancel_url=url_for(".index"))


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token):
    """The mail's link: works without signing in (the signed token names the alert); a GET only asks to confirm."""
    alert = service.alert_from_token(token)
    if alert is None:
        return render_template("alerts/unsubscribed.html", gone=True), 404
    return _confirm_delete(alert, cancel_url=url_for("main.index"), done=lambda: render_template("alerts/unsubscribed.html"))


def _confirm_delete(alert, *, cancel_url, done=None):
    form = EmptyForm()
    if form.validate_on_submit():
        name = alert.name
        service.delete_alert(alert)
        db.session.commit()
        flash(_("Alerte « %(name)s » supprimée : vous n'en recevrez plus rien.", name=name), "success")
        return done() if done else redirect(url_for(".index"))
    return render_template(
        "confirm.html",
        form=form,
        title=_("Supprimer l'alerte « %(name)s » ?", name=alert.name),
        message=_("Vous ne recevrez plus de nouvelles de cette recherche (ni notification, ni e-mail)."),
        cancel_url=cancel_url,
    )
