"""Who may do what, in one place: small named predicates, the role decorators and load-or-403 helpers.

The site's views, the API (views and schemas) and the templates (the ``permissions`` Jinja global) all
ask these predicates; roles come from ``domain``. A predicate takes the user (possibly anonymous) first
and answers True or False; it never raises and never touches the request.
"""

from functools import wraps

from flask import abort
from flask_login import current_user

from domain import ADMIN_ROLES, SHEET_STAFF_TRANSITIONS, STAFF_ROLES

from .extensions import db, login_manager
from .models import IntroductionRequest, Organisation, Sheet, Tie

# --- Predicates -------------------------------------------------------------------------------


def is_staff(user):
    """A MOT facilitator or an administrator."""
    return bool(user.is_authenticated and user.role in STAFF_ROLES)


def is_admin(user):
    return bool(user.is_authenticated and user.role in ADMIN_ROLES)


def is_member(user, organisation):
    return bool(user.is_authenticated and user.is_member_of(organisation))


def can_edit_organisation(user, organisation):
    """Members of the organisation and staff edit it (and archive it, and tie it to others)."""
    return is_staff(user) or is_member(user, organisation)


def can_see_contact(user, organisation):
    """An organisation's private contact: its members and staff."""
    return can_edit_organisation(user, organisation)


def organisation_view_key(user):
    """What decides which private fields of organisations ``user`` sees (``can_see_contact``), as a hashable key."""
    if is_staff(user):
        return "staff"
    return tuple(sorted(o.id for o in user.organisations)) if user.is_authenticated else ()


def view_key_sees_contact(view_key, organisation_id):
    """``can_see_contact`` for the holder of ``view_key`` (``organisation_view_key``), by organisation id:
    staff see every contact, members their organisations' (for documents built without ORM objects)."""
    return view_key == "staff" or organisation_id in view_key


def can_remove_tie(user, tie):
    return can_edit_organisation(user, tie.organisation_a) or can_edit_organisation(user, tie.organisation_b)


def can_see_tie_note(user, tie):
    """A tie's note (a facilitator's outcome note, say) stays between the two organisations and staff."""
    return can_remove_tie(user, tie)


def is_party(user, request):
    return is_member(user, request.requester) or is_member(user, request.counterpart)


def can_view_request(user, request):
    return is_staff(user) or is_party(user, request)


def can_request_introduction(user, requester):
    return is_staff(user) or is_member(user, requester)


def can_respond_to_request(user, request):
    """The counterpart's members answer; staff answer for a counterpart nobody represents yet."""
    return is_member(user, request.counterpart) or (is_staff(user) and not request.counterpart.members)


def can_manage_request(user, request=None):
    """Take, move, close, record the outcome, write internal notes: staff only."""
    return is_staff(user)


def can_see_internal_notes(user, request=None):
    return is_staff(user)


def can_see_contacts(user, request):
    """Each side's contacts, once the counterpart accepted, to those who see the request."""
    return request.counterpart_consent == "accepted" and can_view_request(user, request)


def can_see_whole_network(user):
    return is_staff(user)


def can_confirm_label(user):
    """Import ANCT label files, decide claims, verify organisations: staff."""
    return is_staff(user)


def can_decide_claim(user, claim=None):
    return is_staff(user)


def can_view_claim(user, claim):
    """A claim (its evidence, its decision): the claimant and staff."""
    return is_staff(user) or bool(user.is_authenticated and claim.user_id == user.id)


def owns_notification(user, notification):
    """A notification is read by the one it was written for, nobody else (staff neither)."""
    return bool(user.is_authenticated and notification.user_id == user.id)


def can_manage_users(user):
    return is_admin(user)


def is_sheet_author(user, sheet):
    """The member who wrote the sheet, or a member of one of its partner organisations."""
    if not user.is_authenticated:
        return False
    return sheet.author_id == user.id or any(user.is_member_of(o) for o in sheet.partners)


def can_view_sheet(user, sheet):
    """Published sheets are public; a draft or a sheet under review stays with its authors and staff."""
    return sheet.status == "published" or is_staff(user) or is_sheet_author(user, sheet)


def can_edit_sheet(user, sheet):
    """Authors edit until it is published; staff edit always."""
    return is_staff(user) or (sheet.status != "published" and is_sheet_author(user, sheet))


def can_view_report(user, organisation):
    """A town's rapport d'étonnement: prepared for the town (its members) by the MOT (staff)."""
    return can_edit_organisation(user, organisation)


def can_edit_report(user, organisation=None):
    """Edit a report's free parts, share it with the town, read unshared versions: MOT staff."""
    return is_staff(user)


def can_manage_publications(user):
    """Choose sheets for a publication, export and publish it: MOT staff."""
    return is_staff(user)


def can_view_publication(user, publication):
    """A published publication is public; one in preparation stays with staff."""
    return publication.published_at is not None or can_manage_publications(user)


def can_publish_sheet(user, sheet=None):
    return is_staff(user)


def can_move_sheet(user, sheet, to_status):
    """Authors submit for review and withdraw; publishing and unpublishing are for staff."""
    if (sheet.status, to_status) in SHEET_STAFF_TRANSITIONS:
        return can_publish_sheet(user, sheet)
    return can_edit_sheet(user, sheet)


def can_manage_alert(user, alert):
    """An alert (a saved search) is its owner's alone: others never learn it exists."""
    return bool(user.is_authenticated and alert.user_id == user.id)


def has_facilitator_home(user):
    """Staff land on their work (claims, requests, their borders) rather than the public home."""
    return is_staff(user)


def can_manage_events(user, event=None):
    """Write, publish, cancel and delete events and see who registered: MOT staff."""
    return is_staff(user)


def can_view_event(user, event):
    """Published events are public; an unpublished one stays with staff."""
    return bool(event.published) or can_manage_events(user)


def can_see_event_link(user, event):
    """The link to join an online event: for the people registered, and staff."""
    from .services.events import is_registered

    return can_manage_events(user) or is_registered(event, user)


# --- Decorators and lookups -------------------------------------------------------------------


def role_required(*roles):
    """Only users with one of ``roles``; anonymous users go to the login page (HTML) or get a 401 (JSON)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(*STAFF_ROLES)
admin_required = role_required(*ADMIN_ROLES)


def _allowed_or_abort(allowed):
    if not current_user.is_authenticated:
        abort(401)
    if not allowed:
        abort(403)


def get_organisation_or_404(organisation_id):
    """The organisation; an archived one only for those with a reason to see it (404 for others)."""
    from .services.organisations import has_reason_to_see

    organisation = db.get_or_404(Organisation, organisation_id)
    if not has_reason_to_see(current_user, organisation):
        abort(404)
    return organisation


def get_editable_organisation_or_403(organisation_id):
    organisation = get_organisation_or_404(organisation_id)
    _allowed_or_abort(can_edit_organisation(current_user, organisation))
    return organisation


def get_removable_tie_or_403(tie_id):
    tie = db.get_or_404(Tie, tie_id)
    _allowed_or_abort(can_remove_tie(current_user, tie))
    return tie


def get_visible_sheet_or_404(sheet_id, kind=None):
    """A sheet its reader may see; a draft is a 404 for others (its existence does not leak)."""
    sheet = db.session.get(Sheet, sheet_id)
    if sheet is None or (kind and sheet.kind != kind) or not can_view_sheet(current_user, sheet):
        abort(404)
    return sheet


def get_editable_sheet_or_403(sheet_id, kind=None):
    sheet = get_visible_sheet_or_404(sheet_id, kind)
    _allowed_or_abort(can_edit_sheet(current_user, sheet))
    return sheet


def get_own_alert_or_404(alert_id):
    """The caller's alert; anyone else's is a 404 (its existence does not leak)."""
    from .models import Alert

    alert = db.session.get(Alert, alert_id)
    if alert is None or not can_manage_alert(current_user, alert):
        abort(404)
    return alert


def get_visible_request_or_403(request_id):
    found = db.get_or_404(IntroductionRequest, request_id)
    _allowed_or_abort(can_view_request(current_user, found))
    return found


def get_visible_claim_or_404(claim_id):
    """A claim its reader may see; others' claims are a 404 (whether someone claimed does not leak)."""
    from .models import Claim

    claim = db.session.get(Claim, claim_id)
    if claim is None or not can_view_claim(current_user, claim):
        abort(404)
    return claim


def get_visible_publication_or_404(publication_id):
    """A publication its reader may see; one in preparation is a 404 for all but staff."""
    from .models import Publication

    publication = db.session.get(Publication, publication_id)
    if publication is None or not can_view_publication(current_user, publication):
        abort(404)
    return publication


def get_visible_event_or_404(event_id):
    """An event its reader may see; an unpublished one is a 404 for others (its existence does not leak)."""
    from .models import Event

    event = db.session.get(Event, event_id)
    if event is None or not can_view_event(current_user, event):
        abort(404)
    return event
