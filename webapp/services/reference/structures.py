"""Existing cross-border structures (``data/structures.yaml``) and their membership ties."""

from collections import Counter

from sqlalchemy import select

from ...errors import Conflict
from ...extensions import db
from ...models import Locality, Organisation
from ..organisations import save_reference_organisation, upsert_reference_organisation
from ..text import fold
from ..ties import add_tie
from .municipalities import name_keys
from .places import LICENCE as GEONAMES_LICENCE
from .places import SOURCE as GEONAMES_SOURCE

SOURCE = "Passerelle curated structures (data/structures.yaml)"
COG_SOURCE = "COG (INSEE) + coordinates from data/structures.yaml"


def _find_place(place, communes):
    """The reference place a structure's member refers to, created from the COG when GeoNames lacks it."""
    query = select(Organisation).where(Organisation.country == place["country"], Organisation.kind == "commune")
    if place.get("insee"):
        found = db.session.scalar(query.where(Organisation.official_code == place["insee"]))
    else:
        wanted = fold(place["name"])
        candidates = db.session.scalars(query.where(Organisation.search_text.contains(wanted))).all()
        found = next((o for o in candidates if wanted in name_keys(o.name) or fold(o.name_local or "") == wanted), None)
        if found is None:  # a village or section of a municipality
            locality = db.session.scalar(
                select(Locality).where(Locality.country == place["country"], Locality.search_name == wanted).limit(1)
            )
            found = db.session.get(Organisation, locality.organisation_id) if locality is not None else None
    if found is None and place.get("insee"):
        commune = communes.by_code.get(place["insee"])
        if commune is not None:
            found = save_reference_organisation(
                dict(
                    name=commune.name,
                    kind="commune",
                    country="FR",
                    official_code=commune.code,
                    department=commune.department,
                    latitude=place["lat"],
                    longitude=place["lon"],
                    population=commune.population,
                    source=COG_SOURCE,
                    source_ref=commune.code,
                    licence="Licence Ouverte 2.0",
                )
            )
            db.session.flush()
    return found


def load_structures(rows, communes):
    """Upsert each structure and tie it to its member places; returns counts and unresolved members."""
    outcomes, ties, missing = Counter(), Counter(), []
    existing = {o.source_ref: o for o in db.session.scalars(select(Organisation).where(Organisation.source == SOURCE))}
    for row in rows:
        values = dict(
            name=row["name"],
            name_local=row.get("name_local"),
            kind="cross_border_structure",
            country=row["seat"]["country"],
            latitude=row["seat"]["lat"],
            longitude=row["seat"]["lon"],
            legal_form=row["legal_form"],
            founded_year=row.get("founded"),
            covered_countries=sorted(row["countries"]),
            website=row.get("source"),
            description="Membres : " + ", ".join(row.get("members", [])) + ("\n(à vérifier)" if row.get("to_verify") else ""),
            source=SOURCE,
            source_ref=row["name"],
            licence=f"seat position: {GEONAMES_SOURCE}, {GEONAMES_LICENCE}",
        )
        structure, outcome = upsert_reference_organisation(existing.get(row["name"]), values)
        outcomes[outcome] += 1
        db.session.flush()
        for place in row.get("member_places", []):
            member = _find_place(place, communes)
            if member is None:
                missing.append(f"{row['name']}: {place['name']} ({place['country']})")
                continue
            ties[_tie_member(structure, member, row["source"])] += 1
    db.session.flush()
    return {"outcomes": dict(outcomes), "ties": dict(ties), "missing_members": missing}


def _tie_member(structure, member, source):
    try:
        add_tie(structure.id, member.id, "membership", source=source)
    except Conflict:
        return "unchanged"
    return "created"
