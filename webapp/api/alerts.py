"""Alerts (saved searches) of the signed-in user: list, create, read, delete (owner only: 404 for others)."""

from flask_login import current_user

from ..extensions import db
from ..permissions import get_own_alert_or_404
from ..services import alerts as service
from . import bp
from .alert_schemas import AlertInput, AlertList, AlertOut
from .spec import operation


@bp.get("/alerts")
@operation(summary="The signed-in user's alerts (saved directory searches)", response=AlertList, auth="user")
def list_alerts():
    return {"items": service.user_alerts(current_user)}


@bp.post("/alerts")
@operation(
    summary="Save a search as an alert: the daily digest then tells of new matching organisations, ties, claims, sheets",
    body=AlertInput,
    response=AlertOut,
    status=201,
    auth="user",
    errors=(409,),
)
def create_alert(body):
    alert = service.create_alert(current_user, body.pop("name"), body)
    db.session.commit()
    return alert


@bp.get("/alerts/<int:alert_id>")
@operation(summary="One of the signed-in user's alerts", response=AlertOut, auth="user", errors=(404,))
def get_alert(alert_id):
    return get_own_alert_or_404(alert_id)


@bp.delete("/alerts/<int:alert_id>")
@operation(summary="Delete an alert (unsubscribe): it fires no more", auth="user", status=204, errors=(404,))
def delete_alert(alert_id):
    service.delete_alert(get_own_alert_or_404(alert_id))
    db.session.commit()
    return "", 204
