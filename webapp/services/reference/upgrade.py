"""Upgrade of a database loaded from GeoNames places: re-point each old record to its municipality.

An old reference record (a GeoNames place, or a commune the label importer or the structures
loader created) is matched to a municipality by official code (merged communes resolve to the new
one), else by name within a few km, else as a locality (a Belgian section, a hamlet). What points
to it (ties, claims, members, introductions, notes... every foreign key to ``organisations``, found
in the metadata) is moved to the municipality and the duplicate removed. A record someone claimed
or edited is never merged nor changed; an old record nothing matches is kept. Both are reported.
"""

from collections import defaultdict

from sqlalchemy import and_, case, delete, select, update

from domain import OPEN_REQUEST_STATUSES

from ...extensions import db
from ...models import IntroductionRequest, Organisation, RequestEvent, Tie
from ...models._common import utcnow
from ..text import fold
from .municipalities import EARTH_KM, name_keys
from .places import SOURCE as GEONAMES_SOURCE
from .structures import COG_SOURCE

LABELS_SOURCE = "ANCT label list + COG + GeoNames coordinates"  # what the former label importer created
OLD_SOURCES = (GEONAMES_SOURCE, LABELS_SOURCE, COG_SOURCE)
NAME_MATCH_KM = 5.0
LOCALITY_MATCH_KM = 2.0
# Rows that belong to the organisation itself: the municipality's own rows win.
OWN_ROWS = {"organisation_borders"}


def _km(a_lat, a_lon, b_lat, b_lon):
    import math

    dy = math.radians(b_lat - a_lat)
    dx = math.radians(b_lon - a_lon) * math.cos(math.radians((a_lat + b_lat) / 2))
    return EARTH_KM * math.hypot(dx, dy)


def is_protected(organisation):
    return organisation.edited_by_user or organisation.status != "reference"


class OldRecords:
    """The old reference records of the database and the municipality each one matches."""

    def __init__(self, municipalities, links, localities, communes):
        self.communes = communes
        self.by_code = {(m.country, m.code): m for m in municipalities}
        kept = {m.ref for m in municipalities}
        self.by_name = defaultdict(list)
        for m in municipalities:
            for key in name_keys(m.name):
                self.by_name[(m.country, key)].append(m)
        self.by_locality = defaultdict(list)
        for place in localities:
            municipality = links.get(place.geonameid)
            if municipality is not None and municipality.ref in kept:
                self.by_locality[(place.country, fold(place.name))].append((place, municipality))
        records = db.session.scalars(
            select(Organisation).where(Organisation.kind == "commune", Organisation.source.in_(OLD_SOURCES))
        )
        self.matches = defaultdict(list)
        self.unmatched = []
        for record in records:
            municipality = self.match(record)
            if municipality is None:
                self.unmatched.append(record)
            else:
                self.matches[municipality.ref].append(record)
        self.primaries = set()

    def match(self, record):
        """The municipality an old record stands for or lies in, or None."""
        if record.official_code and record.country == "FR":
            code = self.communes.current_code(record.official_code)
            if (record.country, code) in self.by_code:
                return self.by_code[(record.country, code)]
        if record.latitude is None:
            return None
        names = name_keys(record.name) | (name_keys(record.name_local) if record.name_local else set())
        for candidates, max_km in (
            (self._named(record, names), NAME_MATCH_KM),
            (self._localities(record, names), LOCALITY_MATCH_KM),
        ):
            near = [(d, m) for d, m in candidates if d <= max_km]
            if near:
                return min(near, key=lambda pair: pair[0])[1]
        if record.country == "FR" and record.department:
            merged_into = self.communes.delegated.get((record.department, fold(record.name)))
            if merged_into is not None:
                return self.by_code.get(("FR", merged_into.code))
        return None

    def _named(self, record, names):
        return [
            (_km(record.latitude, record.longitude, m.latitude, m.longitude), m)
            for key in names
            for m in self.by_name.get((record.country, key), ())
        ]

    def _localities(self, record, names):
        return [
            (_km(record.latitude, record.longitude, p.latitude, p.longitude), m)
            for key in names
            for p, m in self.by_locality.get((record.country, key), ())
        ]

    def primary(self, municipality):
        """The old record that *is* this municipality (same name), to be refreshed in place rather than merged."""
        wanted = name_keys(municipality.name) | {municipality.code}
        for record in self.matches.get(municipality.ref, ()):
            if record.id not in self.primaries and (name_keys(record.name) | {record.official_code}) & wanted:
                self.primaries.add(record.id)
                return record
        return None

    def upgrade(self, organisations, report):
        """Merge each matched old record into its municipality's organisation; report the rest."""
        for ref, records in self.matches.items():
            target = organisations.get(ref)
            for record in records:
                if target is None or record.id == target.id:
                    continue
                label = f"{record.name} ({record.country}) → {target.name}"
                if is_protected(record):
                    report.note("protected, kept", label)
                    continue
                merge_organisation(record, target)
                report.note("merged", label)
        for record in self.unmatched:
            if record.id not in {o.id for o in organisations.values()}:
                report.note("unmatched, kept", f"{record.name} ({record.country})")


def organisation_references():
    """``(table, column)`` of every foreign key to ``organisations.id``, read from the metadata."""
    found = []
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "organisations" and fk.column.name == "id":
                found.append((table, fk.parent))
    return found


def merge_organisation(source, target):
    """Move everything that points to ``source`` onto ``target``, then delete ``source``."""
    db.session.flush()
    _close_requests_the_merge_would_duplicate(source, target)
    for table, column in organisation_references():
        if table.name == "ties":
            continue
        if table.name in OWN_ROWS:
            db.session.execute(delete(table).where(column == source.id))
            continue
        key_columns = [c for c in table.primary_key.columns if c is not column]
        if column.primary_key and key_columns:  # a composite key (memberships, labels, themes): move what target lacks
            for row in db.session.execute(select(*key_columns).where(column == source.id)).all():
                same = and_(*[c == v for c, v in zip(key_columns, row)])
                if db.session.execute(select(column).where(column == target.id, same)).first():
                    db.session.execute(delete(table).where(column == source.id, same))
                else:
                    db.session.execute(update(table).where(column == source.id, same).values({column.name: target.id}))
        else:
            db.session.execute(update(table).where(column == source.id).values({column.name: target.id}))
    _merge_ties(source, target)
    _refresh_ordered_pairs(target)
    db.session.expire(target)
    db.session.expire(source)
    db.session.delete(source)
    db.session.flush()


def _refresh_ordered_pairs(target):
    """Tables that keep an ordered copy of a pair of organisation ids (for a unique index) get it recomputed."""
    for table in db.metadata.sorted_tables:
        columns = table.c
        if not {"pair_low_id", "pair_high_id", "requester_id", "counterpart_id"} <= set(columns.keys()):
            continue
        first_is_lower = columns.requester_id < columns.counterpart_id
        db.session.execute(
            update(table)
            .where((columns.requester_id == target.id) | (columns.counterpart_id == target.id))
            .values(
                pair_low_id=case((first_is_lower, columns.requester_id), else_=columns.counterpart_id),
                pair_high_id=case((first_is_lower, columns.counterpart_id), else_=columns.requester_id),
            )
        )


def _close_requests_the_merge_would_duplicate(source, target):
    """An open request of ``source`` that would become a second open request of the same pair (one open
    per pair) or a request of ``target`` to itself is closed, with an event saying why; the others move."""
    moving = db.session.scalars(
        select(IntroductionRequest)
        .where(
            IntroductionRequest.status.in_(OPEN_REQUEST_STATUSES),
            (IntroductionRequest.requester_id == source.id) | (IntroductionRequest.counterpart_id == source.id),
        )
        .order_by(IntroductionRequest.id)
    ).all()
    for request in moving:
        pair = sorted(target.id if side == source.id else side for side in (request.requester_id, request.counterpart_id))
        twin = db.session.scalar(
            select(IntroductionRequest.id).where(
                IntroductionRequest.id != request.id,
                IntroductionRequest.status.in_(OPEN_REQUEST_STATUSES),
                IntroductionRequest.pair_low_id == pair[0],
                IntroductionRequest.pair_high_id == pair[1],
            )
        )
        if pair[0] == pair[1] or twin is not None:
            request.events.append(RequestEvent(action="merged", from_status=request.status, to_status="closed"))
            request.status, request.moved_at = "closed", utcnow()
    db.session.flush()


def _merge_ties(source, target):
    ties = db.session.scalars(
        select(Tie).where((Tie.organisation_a_id == source.id) | (Tie.organisation_b_id == source.id))
    ).all()
    for tie in ties:
        other = tie.organisation_b_id if tie.organisation_a_id == source.id else tie.organisation_a_id
        a_id, b_id = sorted((other, target.id))
        duplicate = db.session.scalar(
            select(Tie).where(Tie.organisation_a_id == a_id, Tie.organisation_b_id == b_id, Tie.kind == tie.kind)
        )
        if duplicate is not None and other != target.id:
            _fold_tie_into(tie, duplicate)
        if other == target.id or duplicate is not None:
            db.session.delete(tie)  # a tie to itself, or one the municipality already has
        else:
            tie.organisation_a_id, tie.organisation_b_id = a_id, b_id
    db.session.flush()


def _fold_tie_into(tie, survivor):
    """What only the duplicate knew (its source, its note, the requests that led to it) goes to the survivor."""
    for field, separator, length in (("source", "; ", 300), ("note", "\n\n", None)):
        mine, theirs = getattr(survivor, field), getattr(tie, field)
        if theirs and theirs != mine and (not mine or theirs not in mine):
            joined = separator.join(filter(None, (mine, theirs)))
            setattr(survivor, field, joined[:length] if length else joined)
    for name in ("since_year", "until_year", "project", "programme", "project_size"):
        if getattr(survivor, name) is None:
            setattr(survivor, name, getattr(tie, name))
    db.session.execute(update(IntroductionRequest).where(IntroductionRequest.tie_id == tie.id).values(tie_id=survivor.id))
