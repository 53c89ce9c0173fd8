"""The vendored ANCT label lists (``data/labels/``) and the Avenir Montagnes territories, applied by ``reference load``."""

import csv
import re
from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import select

from domain import TRUSTED_LABEL_STATUSES

from ...extensions import db
from ...geo.borders import DATA_DIR
from ...models import Organisation, OrganisationLabel, Tie
from ..organisations import upsert_reference_organisation
from .upgrade import is_protected

LABELS_DIR = DATA_DIR / "labels"
# One source per label: importing a newer list of that source removes what it no longer lists.
OFFICIAL_SOURCES = {
    "pvd": "ANCT, Petites villes de demain",
    "va": "ANCT, Villages d'avenir",
    "am": "ANCT, Avenir Montagnes (Ingénierie et Mobilités)",
}
LISTS = (  # label, file, date of the ANCT list
    ("pvd", "pvd.csv", date(2024, 8, 7)),
    ("va", "va.csv", date(2024, 9, 5)),
    ("am", "am.csv", date(2023, 8, 30)),
    ("am", "am_mobilites.csv", date(2023, 8, 10)),
)
TERRITORY_SOURCE = "ANCT, territoires Avenir Montagnes (data/labels/am_territories.csv)"
MASSIFS = {
    "Alpes": "alpes",
    "Jura": "jura",
    "Massif Central": "massif_central",
    "Pyrénées": "pyrenees",
    "Vosges": "vosges",
    "Corse": "corse",
}
# The AMM list leaves the massif blank: the territory id names it (amm-jur-02).
MASSIF_OF_ID = {"alp": "alpes", "jur": "jura", "mas": "massif_central", "pyr": "pyrenees", "vos": "vosges", "cor": "corse"}
ANCT_ID = re.compile(r"\b((?:pvd|va|ami|amm)-[a-z0-9-]+?)(?=[);,\s]|$)")


def read_list(filename, communes):
    """``{current INSEE code: [ANCT ids]}`` of a vendored list; codes merged since resolve to the new commune."""
    entries = defaultdict(list)
    with (LABELS_DIR / filename).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = communes.current_code(row["insee"])
            if code is not None:
                entries[code].extend(ANCT_ID.findall(row["source"]))
    return entries


def french_communes_by_code():
    return {
        o.official_code: o
        for o in db.session.scalars(
            select(Organisation).where(
                Organisation.country == "FR", Organisation.kind == "commune", Organisation.official_code.is_not(None)
            )
        )
    }


def apply_official_list(label, entries, *, source, listed_on, by_code, replace=True):
    """Attach ``label`` to the communes of an official list ``{code: anct_id}``; with ``replace``, remove
    the official labels of the same source that the list no longer names (never a declared one).

    Returns counts: added, updated, unchanged, upgraded (a declared label the list confirms),
    removed, protected (a claimed or edited town: nothing added), and the removed codes.
    """
    counts, removed_codes = Counter(), []
    listed_ids = set()
    for code, anct_id in entries.items():
        organisation = by_code.get(code)
        if organisation is None:
            continue
        listed_ids.add(organisation.id)
        existing = next((item for item in organisation.labels if item.label == label), None)
        if existing is None:
            if is_protected(organisation):
                counts["protected"] += 1
                continue
            organisation.labels.append(
                OrganisationLabel(
                    label=label, anct_id=(anct_id or None) and anct_id[:40], status="official", source=source, listed_on=listed_on
                )
            )
            counts["added"] += 1
            continue
        wanted = dict(
            status="official",
            source=source,
            listed_on=listed_on,
            anct_id=((anct_id or None) and anct_id[:40]) or existing.anct_id,
        )
        if all(getattr(existing, k) == v for k, v in wanted.items()):
            counts["unchanged"] += 1
            continue
        counts["upgraded" if existing.status != "official" else "updated"] += 1
        for key, value in wanted.items():
            setattr(existing, key, value)
    if replace:
        stale = db.session.scalars(
            select(OrganisationLabel).where(
                OrganisationLabel.label == label, OrganisationLabel.status == "official", OrganisationLabel.source == source
            )
        ).all()
        for item in stale:
            if item.organisation_id not in listed_ids:
                organisation = db.session.get(Organisation, item.organisation_id)
                if is_protected(organisation):
                    continue
                removed_codes.append(organisation.official_code or organisation.name)
                organisation.labels.remove(item)
                counts["removed"] += 1
    db.session.flush()
    return counts, removed_codes


def load_official_labels(communes):
    """Apply the vendored lists; returns per-label counts and the removed communes."""
    by_code = french_communes_by_code()
    merged = defaultdict(dict)
    dates = {}
    for label, filename, listed_on in LISTS:
        dates.setdefault(label, listed_on)
        for code, ids in read_list(filename, communes).items():
            previous = merged[label].get(code)
            merged[label][code] = "; ".join(filter(None, [previous, *ids]))[:40] if ids or previous else None
    summary = {}
    for label, entries in merged.items():
        counts, removed = apply_official_list(
            label, entries, source=OFFICIAL_SOURCES[label], listed_on=dates[label], by_code=by_code
        )
        summary[label] = dict(counts) | ({"removed_codes": removed[:20]} if removed else {})
    return summary


def labelled_near_borders():
    """``{border: {label: communes}}``: labelled French communes near each border (official or confirmed)."""
    from ...models import OrganisationBorder

    rows = db.session.execute(
        select(OrganisationBorder.border, OrganisationLabel.label, OrganisationLabel.organisation_id)
        .join(OrganisationLabel, OrganisationLabel.organisation_id == OrganisationBorder.organisation_id)
        .join(Organisation, Organisation.id == OrganisationBorder.organisation_id)
        .where(Organisation.kind == "commune", Organisation.country == "FR", OrganisationLabel.status.in_(TRUSTED_LABEL_STATUSES))
    ).all()
    found = defaultdict(Counter)
    for border, label, _ in rows:
        found[border][label] += 1
    return {b: dict(sorted(c.items())) for b, c in sorted(found.items())}


def load_am_territories(municipalities_by_code, communes):
    """Each Avenir Montagnes territory with communes near a border becomes a grouping tied to them."""
    members = defaultdict(set)
    for filename in ("am.csv", "am_mobilites.csv"):
        with (LABELS_DIR / filename).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                code = communes.current_code(row["insee"])
                for territory in ANCT_ID.findall(row["source"]):
                    if code in municipalities_by_code:
                        members[territory].add(code)
    existing = {o.source_ref: o for o in db.session.scalars(select(Organisation).where(Organisation.source == TERRITORY_SOURCE))}
    counts, ties = Counter(), Counter()
    with (LABELS_DIR / "am_territories.csv").open(encoding="utf-8") as handle:
        territories = list(csv.DictReader(handle))
    for row in territories:
        codes = sorted(members.get(row["id_territoire"], ()))
        if not codes:
            continue
        towns = [municipalities_by_code[c] for c in codes]
        massif = MASSIFS.get(row["lib_massif"].strip()) or MASSIF_OF_ID.get(row["id_territoire"].split("-")[1])
        borders = {}
        for town in towns:
            for border in town.borders:
                if border.distance_km is not None:
                    borders[border.border] = min(borders.get(border.border, border.distance_km), border.distance_km)
        values = dict(
            name=row["lib_territoire"][:200],
            kind="grouping",
            country="FR",
            massif=massif,
            latitude=round(sum(t.latitude for t in towns) / len(towns), 5),
            longitude=round(sum(t.longitude for t in towns) / len(towns), 5),
            description=f"Avenir Montagnes {'Ingénierie' if row['programme'] == 'AMI' else 'Mobilités'} ({row['id_territoire']})",
            source=TERRITORY_SOURCE,
            source_ref=row["id_territoire"],
            licence="Licence Ouverte 2.0",
        )
        grouping, outcome = upsert_reference_organisation(existing.get(row["id_territoire"]), values, borders=borders)
        counts[outcome] += 1
        db.session.flush()
        ties.update(_tie_members(grouping, towns))
        for town in towns:
            if massif and not town.massif and not is_protected(town):
                town.massif = massif
    db.session.flush()
    return {"outcomes": dict(counts), "ties": dict(ties)}


def _tie_members(grouping, towns):
    counts = Counter()
    present = {
        (t.organisation_a_id, t.organisation_b_id)
        for t in db.session.scalars(
            select(Tie).where(
                Tie.kind == "membership", (Tie.organisation_a_id == grouping.id) | (Tie.organisation_b_id == grouping.id)
            )
        )
    }
    for town in towns:
        a_id, b_id = sorted((grouping.id, town.id))
        if (a_id, b_id) in present:
            counts["unchanged"] += 1
            continue
        db.session.add(Tie(organisation_a_id=a_id, organisation_b_id=b_id, kind="membership", source=TERRITORY_SOURCE))
        counts["created"] += 1
    return counts
