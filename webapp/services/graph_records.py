"""ORM rows -> graph/ inputs: the records ``graph.build_graph`` and ``graph.add_organisation`` take,
read from the database (``graph_bridge`` keeps the per-process graph built from them current)."""

from collections import defaultdict

from sqlalchemy import select

import graph as engine
from domain import TRUSTED_LABEL_STATUSES

from ..extensions import db
from ..geo.borders import load_borders
from ..models import Instrument, Organisation, OrganisationBorder, OrganisationLabel, OrganisationTheme, Programme, Tie


def organisation_record(organisation):
    return _record(
        organisation,
        labels=organisation.label_codes,
        trusted_labels=organisation.trusted_label_codes,
        themes=organisation.theme_codes,
        border_km={b.border: getattr(b, "distance_km", None) for b in organisation.borders},
    )


# The organisation's own columns a graph record reads (an Organisation, or a row selecting these columns).
_RECORD_COLUMNS = (
    "id", "name", "country", "kind", "latitude", "longitude", "population", "languages", "status", "department",
    "admin1", "admin2", "covered_countries", "legal_form", "official_code", "massif",
)  # fmt: skip


def _record(o, *, labels, trusted_labels, themes, border_km):
    """The graph's record of an organisation: ``o`` has the :data:`_RECORD_COLUMNS` as attributes."""
    return {
        "id": o.id,
        "name": o.name,
        "country": o.country,
        "kind": o.kind,
        "lat": o.latitude,
        "lon": o.longitude,
        "population": o.population,
        "labels": labels,
        "trusted_labels": trusted_labels,  # only these count as labelled
        "themes": themes,
        "languages": o.languages or (),
        "status": o.status,
        "borders": list(border_km),
        "department": o.department,
        "admin1": o.admin1,
        "admin2": o.admin2,
        "covered_countries": o.covered_countries or (),
        "legal_form": o.legal_form,
        "code": o.official_code,
        "massif": o.massif,
        # Distance to each border line, where the loader measured it (the continuity factor uses it).
        "border_km": border_km,
    }


def instrument_record(instrument):
    return {
        "code": instrument.code,
        "name": instrument.name,
        "legal_basis": instrument.legal_basis,
        "rank": instrument.rank,
        "rules": instrument.rules,
    }


def programme_record(programme):
    return {
        "code": programme.code,
        "name": programme.name,
        "kind": programme.kind,
        "countries": programme.countries,
        "french_departments": programme.french_departments,
        "foreign_areas": programme.foreign_areas,
    }


def tie_rows(query):
    """(a, b, kind, since_year) of the ties ``query`` selects."""
    return db.session.execute(query.with_only_columns(Tie.organisation_a_id, Tie.organisation_b_id, Tie.kind, Tie.since_year))


def organisation_records():
    """:func:`organisation_record` of every organisation in the graph (not archived), read as plain rows.

    Four queries and no ORM objects: 100,000 organisations take seconds instead of twenty.
    """
    labels, trusted, themes, borders = defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(dict)
    for organisation_id, label, status in db.session.execute(
        select(OrganisationLabel.organisation_id, OrganisationLabel.label, OrganisationLabel.status).order_by(
            OrganisationLabel.organisation_id, OrganisationLabel.label
        )
    ):
        labels[organisation_id].append(label)
        if status in TRUSTED_LABEL_STATUSES:
            trusted[organisation_id].append(label)
    for organisation_id, theme in db.session.execute(
        select(OrganisationTheme.organisation_id, OrganisationTheme.theme).order_by(
            OrganisationTheme.organisation_id, OrganisationTheme.theme
        )
    ):
        themes[organisation_id].append(theme)
    for organisation_id, border, km in db.session.execute(
        select(OrganisationBorder.organisation_id, OrganisationBorder.border, OrganisationBorder.distance_km).order_by(
            OrganisationBorder.organisation_id, OrganisationBorder.border
        )
    ):
        borders[organisation_id][border] = km
    rows = db.session.execute(
        select(*(getattr(Organisation, name) for name in _RECORD_COLUMNS)).where(Organisation.archived_at.is_(None))
    )  # archived: out of the graph
    for row in rows:
        yield _record(
            row,
            labels=labels.get(row.id, []),
            trusted_labels=trusted.get(row.id, []),
            themes=themes.get(row.id, []),
            border_km=dict(borders.get(row.id, {})),
        )


def build_from_database():
    ties = [{"a": a, "b": b, "kind": k, "since_year": y} for a, b, k, y in tie_rows(select(Tie))]
    G = engine.build_graph(
        organisation_records(),
        ties,
        borders={b.code: b.neighbour for b in load_borders()},
        programmes=[programme_record(p) for p in db.session.scalars(select(Programme))],
        instruments=[instrument_record(i) for i in db.session.scalars(select(Instrument).order_by(Instrument.rank))],
    )
    return G
