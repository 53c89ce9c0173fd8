"""Real cooperation ties (``data/ties/``): Interreg co-partners (keep.eu) and twin towns (Wikipedia)."""

import csv
import re
from collections import Counter, defaultdict

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import db
from ...geo.borders import DATA_DIR
from ...models import Locality, Organisation, Tie
from ..organisations import upsert_reference_organisation
from ..text import fold
from .municipalities import name_keys, read_municipalities

TIES_DIR = DATA_DIR / "ties"
KEEP_SOURCE = "Source: keep.eu (Interact), data of 2019, filtered and classified (https://www.keep.eu)"
WIKIPEDIA_SOURCE = (
    "English Wikipedia contributors, CC BY-SA 4.0 (List of twin towns and sister cities in Europe, via Hekman/twincities)"
)
PARTNER_SOURCE = "keep.eu (Interact) partner, positioned at its seat town"
# The loader's sources are stored as these fixed strings (they identify the dataset); pages say them in
# the reader's language (``source_text``). Any other source (typed by a user) is shown as it is.
SOURCE_TEXTS = {
    KEEP_SOURCE: _l("keep.eu (Interact), données de 2019, filtrées et classées (https://www.keep.eu)"),
    WIKIPEDIA_SOURCE: _l(
        "Contributeurs de Wikipédia en anglais, CC BY-SA 4.0 (List of twin towns and sister cities in Europe, "
        "via Hekman/twincities)"
    ),
    PARTNER_SOURCE: _l("Partenaire d'un projet keep.eu (Interact), placé dans la ville de son siège"),
}


# A tie recorded from an introduction's outcome names its request (services.introductions.record_outcome).
REQUEST_SOURCE = re.compile(r"Passerelle, demande n° (\d+)")


def request_source(request_id):
    """The stored source of a tie recorded from request ``request_id``: an identifier, phrased by ``source_text``."""
    return f"Passerelle, demande n° {request_id}"


def source_text(source):
    """A tie's or an organisation's source for the reader: the loader's own sources and the requests' translated,
    others as stored.

    >>> source_text("typed by someone")
    'typed by someone'
    """
    match = REQUEST_SOURCE.fullmatch(source or "")
    if match:
        return _l("Passerelle, demande n° %(number)s", number=match.group(1))
    return SOURCE_TEXTS.get(source, source)


# A clique of every French with every foreign partner says little about each pair in a big project.
MAX_PROJECT_PARTNERS = 16
PARTNER_KINDS = {
    "intermunicipal": "grouping",
    "nature_park": "grouping",
    "crossborder_body": "grouping",
    "department_province": "region",
    "region_state": "region",
}
MUNICIPAL_PREFIX = re.compile(
    r"^(ayuntamiento|ajuntament|concello|udala|comune|citta|commune|ville|mairie|stadt|gemeinde|gemeente|stad|municipality|"
    r"municipio|municipalite|marktgemeinde|ortsgemeinde|city)\b( (de|di|d'|of|du|della|del))?\s*",
    re.IGNORECASE,
)
AREA_PREFIX = re.compile(
    r"^(republique et canton|canton|kanton|cantone|conseil (general|regional|departemental)|departement|province|"
    r"provincie|provincia|diputacion|diputacio|region|regione|landkreis|land|comunidad|generalitat|"
    r"comunita montana)\b( (de|du|des|di|del|della|d|l))?\s*"
)
# Swiss cantons as keep.eu spells them (French, German) -> their capital, where their seat is.
CANTON_SEATS = {
    "bale ville": "basel",
    "basel stadt": "basel",
    "bale campagne": "liestal",
    "basel landschaft": "liestal",
    "argovie": "aarau",
    "aargau": "aarau",
    "soleure": "solothurn",
    "solothurn": "solothurn",
    "berne": "bern",
    "valais": "sion",
    "wallis": "sion",
    "vaud": "lausanne",
    "neuchatel": "neuchatel",
    "jura": "delemont",
    "geneve": "geneve",
}
STOP_WORDS = {
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "d",
    "l",
    "et",
    "di",
    "del",
    "y",
    "i",
    "und",
    "the",
    "of",
    "gect",
    "aect",
    "egtc",
    "glct",
    "euroregion",
    "eurorégion",
}


def municipal_name(name):
    """A partner's name without the municipal prefix, folded: "Ayuntamiento de Irun" -> "irun".

    >>> municipal_name("Ayuntamiento de Irun"), municipal_name("Comune di Sanremo"), municipal_name("STADT KEHL")
    ('irun', 'sanremo', 'kehl')
    """
    folded = fold(name)
    stripped = MUNICIPAL_PREFIX.sub("", folded).strip(" -'")
    return stripped.split("(")[0].strip() or folded


class Resolver:
    """Finds the organisation a partner of the files stands for, creating regions and groupings when needed."""

    def __init__(self, municipalities_by_ref, communes):
        self.communes = communes
        self.by_code = {(o.country, o.official_code): o for o in municipalities_by_ref.values() if o.official_code}
        self.by_name = defaultdict(list)
        for organisation in municipalities_by_ref.values():
            for key in name_keys(organisation.name):
                self.by_name[(organisation.country, key)].append(organisation)
        self.structures = db.session.scalars(select(Organisation).where(Organisation.kind == "cross_border_structure")).all()
        self.created = {
            o.source_ref: o for o in db.session.scalars(select(Organisation).where(Organisation.source == PARTNER_SOURCE))
        }
        self.points = defaultdict(list)  # (country, folded name) -> (lat, lon) of municipalities of the 60 km lists
        for m in read_municipalities():
            for key in name_keys(m.name):
                self.points[(m.country, key)].append((m.latitude, m.longitude))
            if m.country == "FR":
                self.points[("FR", m.code)].append((m.latitude, m.longitude))
        self._geonames = None

    def municipality(self, country, name, insee=None):
        if country == "FR" and insee:
            found = self.by_code.get(("FR", self.communes.current_code(insee)))
            if found is not None:
                return found
        key = municipal_name(name)
        candidates = self.by_name.get((country, key), [])
        if len(candidates) == 1:
            return candidates[0]
        locality = db.session.scalar(select(Locality).where(Locality.country == country, Locality.search_name == key).limit(1))
        return db.session.get(Organisation, locality.organisation_id) if locality is not None else None

    def structure(self, name):
        words = set(re.findall(r"\w+", fold(name))) - STOP_WORDS
        best, score = None, 0.0
        for structure in self.structures:
            theirs = set(re.findall(r"\w+", fold(f"{structure.name} {structure.name_local or ''}"))) - STOP_WORDS
            overlap = len(words & theirs) / max(1, min(len(words), len(theirs)))
            if overlap > score:
                best, score = structure, overlap
        return best if score >= 0.75 else None

    def _seat(self, country, town, insee, name=""):
        if insee and self.points.get(("FR", self.communes.current_code(insee) or insee)):
            return self.points[("FR", self.communes.current_code(insee) or insee)][0]
        keys = _town_keys(town) + _area_keys(name)
        for key in keys:
            if self.points.get((country, key)):
                return self.points[(country, key)][0]
            locality = db.session.scalar(
                select(Locality).where(Locality.country == country, Locality.search_name == key).limit(1)
            )
            if locality is not None:
                return locality.latitude, locality.longitude
        if self._geonames is None:
            from .places import read_geonames

            self._geonames = defaultdict(list)
            for place in read_geonames():
                self._geonames[(place.country, fold(place.name))].append(place)
        for key in keys:
            places = sorted(self._geonames.get((country, key), ()), key=lambda p: -(p.population or 0))
            if places:
                return places[0].latitude, places[0].longitude
        return None

    def body(self, name, country, partner_type, town, insee):
        """A region or grouping partner: found again by name, else created at its seat town; None without a seat."""
        ref = f"{country}:{fold(name)}"[:100]
        if ref in self.created:
            return self.created[ref]
        seat = self._seat(country, town, insee, name)
        if seat is None:
            return None
        values = dict(
            name=name.strip()[:200],
            kind=PARTNER_KINDS[partner_type],
            country=country,
            latitude=seat[0],
            longitude=seat[1],
            source=PARTNER_SOURCE,
            source_ref=ref,
            licence="keep.eu terms (attribution)",
        )
        organisation, _ = upsert_reference_organisation(None, values)
        db.session.flush()
        self.created[ref] = organisation
        return organisation

    def partner(self, name, country, partner_type, town, insee):
        """``(organisation, None)`` or ``(None, reason)``."""
        if partner_type == "municipality":
            found = self.municipality(country, name, insee if country == "FR" else None) or (
                self.municipality(country, town) if town else None
            )
            return (found, None) if found is not None else (None, "municipality not near a border (or name not found)")
        if partner_type == "crossborder_body":
            found = self.structure(name)
            if found is not None:
                return found, None
        found = self.body(name, country, partner_type, town, insee)
        return (found, None) if found is not None else (None, "seat town not found")


def _area_keys(name):
    """Folded names of the place a region or canton is named after, then its seat for a Swiss canton.

    >>> _area_keys("Canton de Bâle-Ville (NPR/CTE)"), _area_keys("République et Canton de Genève - Office de l'urbanisme")
    (['bale ville', 'basel'], ['geneve', 'geneve'])
    """
    first = re.split(r" - |[(/,]", name)[0]
    key = AREA_PREFIX.sub("", fold(first)).strip()
    return [k for k in (key, CANTON_SEATS.get(key)) if k]


def _town_keys(town):
    """Folded names a published town may be known by: "LILLE CEDEX" -> lille; "Zillebeke/Ieper" -> zillebeke, ieper.

    >>> _town_keys("LYON CEDEX 07"), _town_keys("Zillebeke/Ieper"), _town_keys("Hôpitaux Vieux (Les)")
    (['lyon'], ['zillebeke ieper', 'zillebeke', 'ieper'], ['les hopitaux vieux'])
    """
    town = re.sub(r"^(.*?)\s*\((les?|la|l')\)$", r"\2 \1", (town or "").strip(), flags=re.IGNORECASE)  # "Hôpitaux Vieux (Les)"
    parts = [town] + (re.split(r"[/,]", town) if re.search(r"[/,]", town) else [])
    keys = [re.sub(r"\bcedex\b.*$|\d+", "", fold(part)).strip(" -,") for part in parts]
    return [municipal_name(k) for k in keys if k]


def _year(value):
    return int(value[:4]) if value and value[:4].isdigit() else None


def load_ties(municipalities_by_ref, communes):
    """Load the Interreg co-partner ties and the twinnings; returns counts by source and what was not resolved."""
    resolver = Resolver(municipalities_by_ref, communes)
    unresolved, examples = Counter(), defaultdict(list)
    sizes = Counter()
    with (TIES_DIR / "interreg_partners_fr_land_borders.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            sizes[(row["programme"], row["project_acronym"])] += 1
    wanted = {}  # (a, b, kind) -> tie values
    with (TIES_DIR / "interreg_ties_fr_land_borders.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            size = sizes[(row["programme"], row["project_acronym"])]
            if size > MAX_PROJECT_PARTNERS:
                unresolved["project too big"] += 1
                continue
            french, reason = resolver.partner(row["fr_partner"], "FR", row["fr_type"], row["fr_town"], row["fr_seat_insee_code"])
            foreign, other_reason = resolver.partner(
                row["foreign_partner"], row["foreign_country"], row["foreign_type"], row["foreign_town"], None
            )
            if french is None or foreign is None or french.id == foreign.id:
                why = reason or other_reason or "both partners are one organisation"
                unresolved[f"interreg: {why}"] += 1
                example = (
                    f"{row['fr_partner']} ({row['fr_town']})"
                    if french is None
                    else f"{row['foreign_partner']} ({row['foreign_town']})"
                )
                if example not in examples[f"interreg: {why}"]:
                    examples[f"interreg: {why}"].append(example)
                continue
            period = row["period"].split("-")
            _want(
                wanted,
                french,
                foreign,
                "joint_project",
                since_year=_year(row["project_start"]) or _year(period[0]),
                until_year=_year(row["project_end"]) or _year(period[-1]),
                project=row["project_acronym"],
                programme=row["programme"],
                project_size=size,
                source=KEEP_SOURCE,
            )
    with (TIES_DIR / "twin_towns_fr_border_wikipedia.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            french = resolver.municipality("FR", row["fr_commune"], row["fr_insee_code"] or None)
            foreign = resolver.municipality(row["foreign_country"], row["foreign_place"])
            if french is None or foreign is None:
                unresolved["twinning: town not near a border"] += 1
                examples["twinning: town not near a border"].append(
                    f"{row['fr_commune']} – {row['foreign_place']} ({row['foreign_country']})"
                )
                continue
            _want(wanted, french, foreign, "twinning", source=WIKIPEDIA_SOURCE)
    outcomes = _save_ties(wanted)
    return {
        "outcomes": outcomes,
        "unresolved": dict(unresolved),
        "unresolved_examples": {k: v[:8] for k, v in examples.items()},
        "created_partners": len(resolver.created),
    }


def _want(wanted, one, other, kind, **values):
    a_id, b_id = sorted((one.id, other.id))
    previous = wanted.get((a_id, b_id, kind))
    if previous is not None and kind == "joint_project":  # the pair shares several projects
        projects = sorted(set(previous["project"].split("; ")) | {values["project"]})
        values.update(
            project="; ".join(projects)[:200],
            since_year=min(filter(None, [previous["since_year"], values["since_year"]]), default=None),
            until_year=max(filter(None, [previous["until_year"], values["until_year"]]), default=None),
            project_size=min(previous["project_size"], values["project_size"]),
            programme=previous["programme"]
            if previous["programme"] == values["programme"]
            else "; ".join(sorted({previous["programme"], values["programme"]}))[:200],
        )
    wanted[(a_id, b_id, kind)] = values


def _save_ties(wanted):
    counts = Counter()
    existing = {
        (t.organisation_a_id, t.organisation_b_id, t.kind): t
        for t in db.session.scalars(select(Tie).where(Tie.kind.in_({kind for _, _, kind in wanted})))
    }
    for (a_id, b_id, kind), values in wanted.items():
        tie = existing.get((a_id, b_id, kind))
        label = "joint_project" if kind == "joint_project" else "twinning"
        if tie is None:
            db.session.add(Tie(organisation_a_id=a_id, organisation_b_id=b_id, kind=kind, **values))
            counts[f"{label} created"] += 1
        elif tie.created_by_id is not None:  # a person recorded it: theirs
            counts[f"{label} kept (recorded by a person)"] += 1
        elif all(getattr(tie, k) == v for k, v in values.items()):
            counts[f"{label} unchanged"] += 1
        else:
            for key, value in values.items():
                setattr(tie, key, value)
            counts[f"{label} updated"] += 1
    db.session.flush()
    return dict(counts)
