from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..converters import requested_page
from ..errors import DomainError
from ..extensions import db
from ..forms import EmptyForm
from ..services import claims, notifications
from . import bp
from .forms import EmailFrequencyForm


@bp.route("/notifications/", methods=["GET", "POST"])
@bp.route("/introductions/notifications", methods=["GET", "POST"], endpoint="notifications_former_address")
@login_required
def notifications_centre():
    """Grouped by request or claim, newest first; the POST (the "mark all read" button) reads them all."""
    if request.method == "POST" and EmptyForm().validate_on_submit():
        notifications.mark_read(current_user)
        db.session.commit()
        return redirect(url_for(".notifications_centre"))
    page, groups = notifications.grouped_page(current_user, requested_page(request.args), current_app.config["PAGE_SIZE"])
    return render_template("account/notifications.html", page=page, groups=groups, form=EmptyForm())


@bp.route("/notifications/<int:notification_id>")
@login_required
def open_notification(notification_id):
    """Following a notification marks it read and leads to what it is about."""
    notification = notifications.open_notification(current_user, notification_id) or abort(404)
    db.session.commit()
    if notification.request_id:
        return redirect(url_for("introductions.show", request_id=notification.request_id))
    if notification.claim_id:
        return redirect(url_for("organisations.show", organisation_id=notification.params["organisation_id"]))
    if notification.code == "alert_news":  # a fired alert: the directory search it watches
        return redirect((notification.params or {}).get("search_path") or url_for("alerts.index"))
    return redirect(url_for(".notifications_centre"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def settings():
    """How often notifications are mailed, and the person's claims with their state."""
    form = EmailFrequencyForm(email_frequency=current_user.email_frequency)
    if form.validate_on_submit():
        try:
            notifications.set_email_frequency(current_user, form.email_frequency.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Préférences enregistrées."), "success")
            return redirect(url_for(".settings"))
    return render_template("account/settings.html", form=form, claims=claims.claims_of(current_user))
