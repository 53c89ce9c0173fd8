"""Ties between organisations: what the network graph is made of."""

from flask_babel import gettext as _
from sqlalchemy import or_, select

from ..errors import Conflict, ValidationFailed
from ..extensions import db
from ..models import Organisation, Tie
from ..vocab import TIE_KINDS
from .integrity import insert_or_conflict


class DuplicateTie(Conflict):
    def __init__(self, organisation_id):
        super().__init__(
            _("Ce lien existe déjà entre ces deux organisations."),
            {"other_id": _("Ce lien existe déjà.")},
            existing=("organisation_ties", organisation_id),
        )


def find_tie(organisation_id, other_id, kind):
    """The tie of ``kind`` between the two organisations, whichever way round, or None."""
    a_id, b_id = sorted((organisation_id, other_id))
    return db.session.scalar(select(Tie).where(Tie.organisation_a_id == a_id, Tie.organisation_b_id == b_id, Tie.kind == kind))


def add_tie(organisation_id, other_id, kind, *, since_year=None, source=None, note=None, created_by=None):
    """Tie two organisations; refuses a self-tie, an unknown organisation or kind, and a duplicate."""
    if organisation_id == other_id:
        raise ValidationFailed(
            _("Une organisation ne peut pas être liée à elle-même."), {"other_id": _("Choisissez une autre organisation.")}
        )
    if kind not in TIE_KINDS:
        raise ValidationFailed(_("Type de lien inconnu."), {"kind": _("Type de lien inconnu.")})
    for field, org_id in (("organisation_id", organisation_id), ("other_id", other_id)):
        found = db.session.get(Organisation, org_id)
        if found is None or found.archived_at is not None:  # an archived organisation takes no new ties
            raise ValidationFailed(
                _("Organisation introuvable."), {field: _("Aucune organisation n'a l'identifiant %(id)s.", id=org_id)}
            )
    if find_tie(organisation_id, other_id, kind) is not None:
        raise DuplicateTie(organisation_id)
    a_id, b_id = sorted((organisation_id, other_id))
    tie = Tie(
        organisation_a_id=a_id,
        organisation_b_id=b_id,
        kind=kind,
        since_year=since_year,
        source=(source or "").strip() or None,
        note=(note or "").strip() or None,
        created_by_id=created_by.id if created_by is not None else None,
    )
    # Two people adding the same tie at once: the unique constraint keeps one, the other gets the 409.
    return insert_or_conflict(tie, lambda: DuplicateTie(organisation_id))


def ties_of(organisation_id):
    query = select(Tie).where(or_(Tie.organisation_a_id == organisation_id, Tie.organisation_b_id == organisation_id))
    return db.session.scalars(query.order_by(Tie.kind, Tie.id)).all()


def remove_tie(tie):
    db.session.delete(tie)
    db.session.flush()
