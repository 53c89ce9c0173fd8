"""The resource centre's events: list and read (published ones; staff see all), register and unregister."""

from flask_babel import gettext as _
from flask_login import current_user

from ..errors import NotFound
from ..extensions import db
from ..permissions import get_visible_event_or_404
from ..services import events as service
from . import bp
from .event_schemas import RegistrationOut, ResourceEventOut, ResourceEventPage, ResourceEventQuery
from .helpers import paginate
from .spec import operation


@bp.get("/events")
@operation(
    summary="Events of the resource centre (published; staff also see unpublished ones), on the caller's borders first",
    query=ResourceEventQuery,
    response=ResourceEventPage,
)
def list_events(query):
    filters = {k: v for k, v in query.items() if k not in ("page", "per_page") and v}
    page = paginate(service.visible_events(current_user, **filters), query)
    return {"items": page.items, "page": page.page, "per_page": page.per_page, "total": page.total, "pages": page.pages}


@bp.get("/events/<int:event_id>")
@operation(summary="One event (an unpublished one only for staff: 404 for others)", response=ResourceEventOut, errors=(404,))
def get_event(event_id):
    return get_visible_event_or_404(event_id)


def _registration(event):
    return {
        "event_id": event.id,
        "registered": service.is_registered(event, current_user),
        "registered_count": event.registered_count,
        "places_left": event.places_left,
    }


@bp.post("/events/<int:event_id>/registration")
@operation(
    summary="Register the caller (one place each; 409 when already registered, full, cancelled or past)",
    response=RegistrationOut,
    status=201,
    auth="user",
    errors=(404, 409),
)
def register(event_id):
    event = get_visible_event_or_404(event_id)
    service.register(event, current_user)
    db.session.commit()
    return _registration(event)


@bp.delete("/events/<int:event_id>/registration")
@operation(summary="Unregister the caller: the place is given back", auth="user", status=204, errors=(404,))
def unregister(event_id):
    event = get_visible_event_or_404(event_id)
    if not service.unregister(event, current_user):
        db.session.rollback()
        raise NotFound(_("Vous n'êtes pas inscrit·e à cet événement."))
    db.session.commit()
    return "", 204
