"""Organisations found by their name: the autocomplete fields' search (partners, the network's centre) and
the names typed in a form when JavaScript is off, resolved to ids."""

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import case, select

from domain import NAME_SEARCH_LIMIT, NAME_SEARCH_LIMIT_RANGE, NAME_SEARCH_MIN

from ..extensions import db
from ..models import Organisation
from ..multilingual import display_name
from .cog import department_names
from .text import fold

NAME_SEPARATOR = ";"  # several names typed in one field (no JavaScript): "Kehl; Bâle"


def search(q, limit=NAME_SEARCH_LIMIT):
    """Organisations whose name (in any of its languages) or code holds every word of ``q``, accents and case
    ignored: those starting with ``q`` first, then those with a word starting so, then the most populous.
    Fewer than NAME_SEARCH_MIN letters: none."""
    folded = fold(q)
    if len(folded.replace(" ", "")) < NAME_SEARCH_MIN:
        return []
    query = select(Organisation).where(Organisation.archived_at.is_(None))
    for word in folded.split():
        query = query.where(Organisation.search_text.contains(word, autoescape=True))
    starts = case(
        (Organisation.search_text.startswith(folded, autoescape=True), 0),
        (Organisation.search_text.contains(" " + folded, autoescape=True), 1),  # a word of the name starts so
        else_=2,
    )
    query = query.order_by(starts, Organisation.population.desc().nulls_last(), Organisation.search_text, Organisation.id)
    return list(db.session.scalars(query.limit(limit)))


def brief(organisation):
    """What tells homonyms apart: name in the reader's language, country, kind, and department (France) or region."""
    area = organisation.admin1 or organisation.admin2
    if organisation.country == "FR" and organisation.department:
        name = department_names(current_app.config["NODE_MODULES"]).get(organisation.department)
        area = f"{name} ({organisation.department})" if name else organisation.department
    return {
        "id": organisation.id,
        "name": display_name(organisation),
        "country": organisation.country,
        "kind": organisation.kind,
        "area": area,
    }


def briefs(ids):
    """``brief`` of each organisation in ``ids`` that exists (archived ones too: a link may name them), in that order."""
    if not ids:
        return []
    found = {o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(ids)))}
    return [brief(found[i]) for i in ids if i in found]


def brief_of(organisation_id):
    """``brief`` of one organisation, or None when there is no id or no such organisation."""
    found = briefs([organisation_id]) if organisation_id else []
    return found[0] if found else None


@dataclass
class Unresolved:
    """A typed name that is no one (``candidates`` empty) or several organisations."""

    name: str
    candidates: list = field(default_factory=list)


def resolve(text):
    """Ids of the names typed in ``text`` (separated by semicolons), and the names that found none or several.

    A name equal to one organisation's name (accents and case ignored) is that one; otherwise a name whose
    search finds a single organisation is that one.
    """
    ids, unresolved = [], []
    for name in filter(None, (part.strip() for part in (text or "").split(NAME_SEPARATOR))):
        folded = fold(name)
        candidates = search(name, limit=NAME_SEARCH_LIMIT_RANGE[1])
        exact = [o for o in candidates if folded in {fold(o.name), fold(o.name_local), fold(display_name(o))}]
        if len(exact) == 1 or (not exact and len(candidates) == 1):
            ids.append((exact or candidates)[0].id)
        else:
            unresolved.append(Unresolved(name, [brief(o) for o in (exact or candidates)]))
    return ids, unresolved
