"""Publications: published sheets chosen by a facilitator, exported as one document (the national synthesis).

A publication stores its choice of sheets; its document is built when read, from the sheets still published
then (a sheet sent back to draft drops out: drafts never reach a publication). Chapters follow the borders.
"""

from flask_babel import gettext as _
from sqlalchemy import select

import domain as d

from ..errors import Conflict, ValidationFailed
from ..extensions import db
from ..geo.borders import load_borders
from ..models import Publication, Sheet
from ..models._common import utcnow
from ..permissions import can_manage_publications
from . import capitalisation

# The chapter of sheets tied to no border of the table.
OTHER_CHAPTER = None


def published_publications():
    """Publications anyone may read (for the resource centre), the newest first."""
    query = select(Publication).where(Publication.published_at.is_not(None))
    return db.session.scalars(query.order_by(Publication.published_at.desc(), Publication.id.desc())).all()


def visible_publications_query(user):
    """What the publications page lists for ``user`` (a select): the published ones, and those in preparation for staff."""
    query = select(Publication)
    if not can_manage_publications(user):
        query = query.where(Publication.published_at.is_not(None))
    return query.order_by(Publication.published_at.is_(None).desc(), Publication.id.desc())


def visible_publications(user):
    return db.session.scalars(visible_publications_query(user)).all()


def candidate_sheets(user, *, border=None, theme=None, kind=None):
    """Published sheets a facilitator may choose from, with the search's filters."""
    query = capitalisation.search_sheets(user, kind=kind, border=border, theme=theme, status="published")
    return db.session.scalars(query.limit(d.PUBLICATION_SHEETS_MAX)).all()


def _published_sheets(sheet_ids):
    ids = list(dict.fromkeys(sheet_ids or ()))
    if not ids:
        raise ValidationFailed(_("Choisissez au moins une fiche."), {"sheet_ids": _("Choisissez au moins une fiche.")})
    if len(ids) > d.PUBLICATION_SHEETS_MAX:
        message = _("Au plus %(max)s fiches.", max=d.PUBLICATION_SHEETS_MAX)
        raise ValidationFailed(message, {"sheet_ids": message})
    sheets = db.session.scalars(select(Sheet).where(Sheet.id.in_(ids), Sheet.status == "published")).all()
    missing = sorted(set(ids) - {s.id for s in sheets})
    if missing:
        message = _("Fiches introuvables ou non publiées : %(ids)s.", ids=", ".join(map(str, missing)))
        raise ValidationFailed(message, {"sheet_ids": message})
    return sheets


def _text(value, bound):
    return (value or "").strip()[:bound] or None


def create_publication(user, *, title, introduction, sheet_ids):
    title = _text(title, d.PUBLICATION_TITLE_MAX)
    if not title:
        raise ValidationFailed(_("Donnez un titre."), {"title": _("Donnez un titre.")})
    publication = Publication(
        title=title,
        introduction=_text(introduction, d.PUBLICATION_INTRODUCTION_MAX),
        created_by_id=user.id,
        sheets=_published_sheets(sheet_ids),
    )
    db.session.add(publication)
    db.session.flush()
    return publication


def update_publication(publication, *, title, introduction, sheet_ids):
    title = _text(title, d.PUBLICATION_TITLE_MAX)
    if not title:
        raise ValidationFailed(_("Donnez un titre."), {"title": _("Donnez un titre.")})
    publication.title = title
    publication.introduction = _text(introduction, d.PUBLICATION_INTRODUCTION_MAX)
    publication.sheets = _published_sheets(sheet_ids)
    db.session.flush()
    return publication


def publish(publication):
    if publication.published_at is not None:
        raise Conflict(_("Cette publication est déjà publiée."))
    publication.published_at = utcnow()
    db.session.flush()
    return publication


def chapters(publication):
    """``[(border, problems, projects)]`` in the border table's order, then the sheets of no known border
    (``border`` is ``OTHER_CHAPTER``). A sheet on several borders goes to the first; unpublished sheets are left out.
    """
    order = [b.code for b in load_borders()]
    grouped = {}
    for sheet in publication.sheets:
        if sheet.status != "published":
            continue
        border = next((code for code in order if code in sheet.border_codes), OTHER_CHAPTER)
        grouped.setdefault(border, []).append(sheet)
    result = []
    for border in [*order, OTHER_CHAPTER]:
        sheets = sorted(grouped.get(border, ()), key=lambda s: s.title.casefold())
        if sheets:
            result.append((border, [s for s in sheets if s.kind == "problem"], [s for s in sheets if s.kind == "project"]))
    return result
