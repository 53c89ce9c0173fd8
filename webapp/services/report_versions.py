"""A facilitator's edits of a rapport d'étonnement: versions of its free parts, shared with the town or not.

Every save is a new version (numbered per organisation: the history). Staff read the last version, members
of the town the last one marked shared; a version never shared stays with staff.
"""

from flask_babel import gettext as _
from sqlalchemy import func, select

import domain as d

from ..errors import Conflict
from ..extensions import db
from ..models import ReportVersion
from ..models._common import utcnow
from ..permissions import can_edit_report
from .integrity import insert_or_conflict
from .notifications import notify


def history(organisation):
    """Every version, the newest first."""
    query = select(ReportVersion).where(ReportVersion.organisation_id == organisation.id)
    return db.session.scalars(query.order_by(ReportVersion.number.desc())).all()


def last_version(organisation, *, shared_only=False):
    query = select(ReportVersion).where(ReportVersion.organisation_id == organisation.id)
    if shared_only:
        query = query.where(ReportVersion.shared_at.is_not(None))
    return db.session.scalars(query.order_by(ReportVersion.number.desc()).limit(1)).first()


def version_for(user, organisation):
    """The version ``user`` reads: the last one for staff, the last shared one for the town's members."""
    return last_version(organisation, shared_only=not can_edit_report(user, organisation))


def clean_steps(lines):
    """The facilitator's next steps: blank lines dropped, each trimmed; none means the generated ones."""
    steps = [" ".join(line.split())[: d.REPORT_STEP_MAX] for line in lines or ()]
    return [s for s in steps if s][: d.REPORT_STEPS_MAX] or None


def _next_number(organisation):
    last = select(func.max(ReportVersion.number)).where(ReportVersion.organisation_id == organisation.id)
    return (db.session.scalar(last) or 0) + 1


def save_version(organisation, user, *, introduction, next_steps):
    """A new version (not shared yet); two facilitators saving at once: the second gets a 409."""
    version = ReportVersion(
        organisation_id=organisation.id,
        number=_next_number(organisation),
        introduction=(introduction or "").strip()[: d.REPORT_INTRODUCTION_MAX] or None,
        next_steps=clean_steps(next_steps),
        edited_by_id=user.id,
        edited_at=utcnow(),
    )
    return insert_or_conflict(version, lambda: Conflict(_("Une autre version vient d'être enregistrée : rechargez la page.")))


def share(organisation, user):
    """Share the last version with the town and tell its members; with no edit yet, the generated report
    becomes version 1."""
    version = last_version(organisation) or save_version(organisation, user, introduction=None, next_steps=None)
    if version.shared_at is not None:
        raise Conflict(_("Cette version est déjà partagée avec la commune."))
    version.shared_at = utcnow()
    db.session.flush()
    # The town's members hear of it (in the site, and by e-mail through the outbox as each chose).
    notify([("town", organisation.members)], "report_shared", organisation=organisation.name, organisation_id=organisation.id)
    return version
