"""Capitalisation use cases: write, review, publish and find project sheets and problem sheets.

Services add and flush, never commit. Every write keeps the full-text index current (``_index``): an FTS5
table on SQLite (written here), a GIN expression index on PostgreSQL (kept by the database).
"""

import re

from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, or_, select, text

import domain as d

from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..geo.borders import load_borders
from ..models import (
    Instrument,
    Organisation,
    OrganisationLabel,
    Programme,
    Sheet,
    SheetBorder,
    SheetComment,
    SheetEvent,
    SheetTheme,
)
from ..models._common import utcnow
from ..models.capitalisation import sheet_partners
from ..permissions import can_edit_sheet, can_move_sheet, can_view_sheet, is_member, is_staff
from .text import fold

# Plain fields a sheet's author may write, by kind (borders, themes, partners and links are lists).
COMMON_FIELDS = ("title", "summary", "sources")
PROJECT_FIELDS = (
    "instrument_code",
    "structure_id",
    "programme_code",
    "funding_amount",
    "funding_period",
    "start_year",
    "end_year",
    "project_status",
    "obstacles",
    "results",
    "lessons",
)
PROBLEM_FIELDS = ("cause", "solutions")
LIST_FIELDS = ("borders", "themes", "partner_ids", "linked_ids")
_TEXT_BOUNDS = {
    "title": d.SHEET_TITLE_MAX,
    "summary": d.SHEET_SUMMARY_MAX,
    "obstacles": d.SHEET_TEXT_MAX,
    "results": d.SHEET_TEXT_MAX,
    "lessons": d.SHEET_TEXT_MAX,
    "cause": d.SHEET_TEXT_MAX,
    "solutions": d.SHEET_TEXT_MAX,
    "funding_period": d.FUNDING_PERIOD_MAX,
}
_SEARCH_COLUMNS = ("title", "summary", "obstacles", "results", "lessons", "cause", "solutions")


def writable_fields(kind):
    return COMMON_FIELDS + (PROJECT_FIELDS if kind == "project" else PROBLEM_FIELDS) + LIST_FIELDS


# --- Checks -----------------------------------------------------------------------------------


def _clean(kind, values, *, creating):
    """The values checked against the domain's bounds and the reference tables; every problem at once."""
    errors = {}
    allowed = writable_fields(kind)
    clean = {}
    for name, value in values.items():
        if name not in allowed:
            errors[name] = [_("Champ inconnu pour ce type de fiche.")]
            continue
        clean[name] = value.strip() if isinstance(value, str) else value
    for name in ("title", "summary"):
        if (creating or name in clean) and not clean.get(name):
            errors[name] = [_("Champ requis.")]
    for name, bound in _TEXT_BOUNDS.items():
        value = clean.get(name)
        if isinstance(value, str) and "\x00" in value:
            errors[name] = [_("Le caractère NUL n'est pas accepté.")]
        elif isinstance(value, str) and len(value) > bound:
            errors[name] = [_("%(max)s caractères au plus.", max=bound)]
        elif name in clean and value == "":
            clean[name] = None if name not in ("title", "summary") else value
    known_borders = {b.code for b in load_borders()}
    if "borders" in clean:
        clean["borders"] = list(dict.fromkeys(clean["borders"] or []))
        if any(b not in known_borders for b in clean["borders"]):
            errors["borders"] = [_("Frontière inconnue.")]
    if creating and not clean.get("borders"):
        errors["borders"] = [_("Indiquez au moins une frontière.")]
    if "themes" in clean:
        clean["themes"] = list(dict.fromkeys(clean["themes"] or []))
        if any(t not in d.THEME_CODES for t in clean["themes"]):
            errors["themes"] = [_("Thème inconnu.")]
    if clean.get("project_status") and clean["project_status"] not in d.PROJECT_STATUSES:
        errors["project_status"] = [_("Valeur invalide.")]
    for name in ("start_year", "end_year"):
        if clean.get(name) is not None and not d.SHEET_YEAR_RANGE[0] <= clean[name] <= d.SHEET_YEAR_RANGE[1]:
            errors[name] = [_("Entre %(min)s et %(max)s.", min=d.SHEET_YEAR_RANGE[0], max=d.SHEET_YEAR_RANGE[1])]
    if clean.get("start_year") and clean.get("end_year") and clean["end_year"] < clean["start_year"]:
        errors["end_year"] = [_("La fin précède le début.")]
    if clean.get("funding_amount") is not None and not 0 <= clean["funding_amount"] <= d.FUNDING_AMOUNT_MAX:
        errors["funding_amount"] = [_("Entre %(min)s et %(max)s.", min=0, max=d.FUNDING_AMOUNT_MAX)]
    if clean.get("instrument_code") and db.session.get(Instrument, clean["instrument_code"]) is None:
        errors["instrument_code"] = [_("Forme juridique inconnue.")]
    if clean.get("programme_code") and db.session.get(Programme, clean["programme_code"]) is None:
        errors["programme_code"] = [_("Programme inconnu.")]
    if clean.get("structure_id") is not None:
        structure = db.session.get(Organisation, clean["structure_id"])
        if structure is None or structure.archived_at is not None or structure.kind != "cross_border_structure":
            errors["structure_id"] = [_("Structure transfrontalière inconnue.")]
    if "sources" in clean:
        clean["sources"] = [s.strip() for s in (clean["sources"] or []) if s and s.strip()]
        if len(clean["sources"]) > d.SHEET_SOURCES_MAX or any(len(s) > d.SOURCE_MAX or "\x00" in s for s in clean["sources"]):
            errors["sources"] = [
                _("%(count)s sources au plus, de %(max)s caractères chacune.", count=d.SHEET_SOURCES_MAX, max=d.SOURCE_MAX)
            ]
    if "partner_ids" in clean:
        clean["partner_ids"] = list(dict.fromkeys(clean["partner_ids"] or []))
        found = _organisations(clean["partner_ids"])
        if len(found) != len(clean["partner_ids"]):
            errors["partner_ids"] = [_("Organisation inconnue.")]
        clean["partners"] = found
    if "linked_ids" in clean:
        clean["linked_ids"] = list(dict.fromkeys(clean["linked_ids"] or []))
        other = "problem" if kind == "project" else "project"
        linked = list(db.session.scalars(select(Sheet).where(Sheet.id.in_(clean["linked_ids"]), Sheet.kind == other)))
        if len(linked) != len(clean["linked_ids"]):
            errors["linked_ids"] = [_("Fiche inconnue.")]
        clean["linked"] = linked
    if errors:
        raise ValidationFailed(_("Certaines informations ne sont pas valides."), errors)
    return clean


def _organisations(ids):
    if not ids:
        return []
    rows = db.session.scalars(select(Organisation).where(Organisation.id.in_(ids), Organisation.archived_at.is_(None))).all()
    by_id = {o.id: o for o in rows}
    return [by_id[i] for i in ids if i in by_id]


def sheet_values(sheet):
    """The sheet's fields as plain values, for the history's before/after."""
    values = {name: getattr(sheet, name) for name in COMMON_FIELDS + PROJECT_FIELDS + PROBLEM_FIELDS}
    values.update(
        borders=sheet.border_codes,
        themes=sheet.theme_codes,
        partner_ids=sorted(sheet.partner_ids),
        linked_ids=sorted(s.id for s in (sheet.projects if sheet.kind == "problem" else sheet.problems)),
    )
    return values


def _apply(sheet, clean):
    for name, value in clean.items():
        if name == "borders":
            sheet.borders = [SheetBorder(border=b) for b in value]
        elif name == "themes":
            sheet.themes = [SheetTheme(theme=t) for t in value]
        elif name == "partners":
            sheet.partners = value
        elif name == "linked":
            if sheet.kind == "problem":
                sheet.projects = value
            else:
                sheet.problems = value
        elif name not in ("partner_ids", "linked_ids"):
            setattr(sheet, name, value)


def record_event(sheet, user, action, **values):
    sheet.events.append(
        SheetEvent(user_id=user.id if user is not None and user.is_authenticated else None, action=action, **values)
    )


# --- Writing ----------------------------------------------------------------------------------


def may_author(user, partners):
    """Staff write any sheet; others write sheets about an organisation they belong to."""
    return is_staff(user) or any(is_member(user, o) for o in partners)


def create_sheet(user, kind, values, *, introduction=None, is_example=False):
    """A new draft sheet written by ``user`` (a member of one of its partners, or staff)."""
    if kind not in d.SHEET_KINDS:
        raise ValidationFailed(_("Type de fiche inconnu."))
    clean = _clean(kind, values, creating=True)
    if user is not None and not may_author(user, clean.get("partners", [])):
        raise PermissionDenied(_("Seuls les membres d'une organisation partenaire et l'équipe de la MOT écrivent une fiche."))
    sheet = Sheet(
        kind=kind,
        status="draft",
        sources=[],
        is_example=is_example,
        introduction_id=introduction.id if introduction else None,
        author_id=user.id if user is not None else None,
        title=clean["title"],
        summary=clean["summary"],
    )
    _apply(sheet, clean)
    db.session.add(sheet)
    record_event(sheet, user, "created", changes={}, to_status="draft")
    db.session.flush()
    _index(sheet)
    return sheet


def update_sheet(sheet, user, values):
    """Change some fields; the history keeps each changed field before and after."""
    if not can_edit_sheet(user, sheet):
        raise PermissionDenied(_("Vous ne pouvez pas modifier cette fiche."))
    clean = _clean(sheet.kind, values, creating=False)
    if "partners" in clean and not is_staff(user) and not may_author(user, clean["partners"]):
        raise ValidationFailed(
            _("Certaines informations ne sont pas valides."),
            {"partner_ids": [_("Gardez au moins une organisation dont vous êtes membre.")]},
        )
    before = sheet_values(sheet)
    _apply(sheet, clean)
    db.session.flush()
    after = sheet_values(sheet)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        record_event(sheet, user, "edited", changes=changes)
        sheet.updated_at = utcnow()
        db.session.flush()
        _index(sheet)
    return sheet


def move_sheet(sheet, user, to_status):
    """Submit for review, send back to draft, publish or unpublish (the last two: staff)."""
    if to_status not in d.SHEET_TRANSITIONS.get(sheet.status, ()):
        raise ValidationFailed(
            _("Cette étape n'est pas possible depuis l'étape actuelle."), {"to_status": [_("Étape impossible.")]}
        )
    if not can_move_sheet(user, sheet, to_status):
        raise PermissionDenied(_("Seule l'équipe de la MOT publie ou retire une fiche."))
    record_event(sheet, user, "status", changes={}, from_status=sheet.status, to_status=to_status)
    sheet.status = to_status
    sheet.published_at = utcnow() if to_status == "published" else None
    db.session.flush()
    return sheet


def publish(sheet, user):
    """Publish from draft or review in one step (staff): through review, so the history shows both."""
    if sheet.status == "draft":
        move_sheet(sheet, user, "under_review")
    return move_sheet(sheet, user, "published")


def add_comment(sheet, user, text_value):
    if not can_view_sheet(user, sheet) or not user.is_authenticated:
        raise PermissionDenied(_("Vous ne pouvez pas commenter cette fiche."))
    text_value = (text_value or "").strip()
    if not text_value or len(text_value) > d.SHEET_COMMENT_MAX or "\x00" in text_value:
        raise ValidationFailed(
            _("Certaines informations ne sont pas valides."),
            {"text": [_("Entre 1 et %(max)s caractères.", max=d.SHEET_COMMENT_MAX)]},
        )
    comment = SheetComment(author_id=user.id, text=text_value)
    sheet.comments.append(comment)
    db.session.flush()
    return comment


def prefill_from_introduction(request):
    """A project sheet's first values from an introduction's agreed cooperation."""
    requester, counterpart = request.requester, request.counterpart
    borders = [b for b in requester.border_codes if counterpart.country in b.split("-")] or requester.border_codes[:1]
    return {
        "title": request.purpose,
        "summary": request.outcome_note or request.purpose,
        "themes": list(request.themes or []),
        "borders": borders,
        "partner_ids": [requester.id, counterpart.id],
        "start_year": request.outcome_year,
        "project_status": "ongoing",
    }


# --- Full-text index --------------------------------------------------------------------------


def _document(sheet):
    return " ".join(getattr(sheet, name) or "" for name in _SEARCH_COLUMNS[1:])


def _index(sheet):
    """Keep the SQLite FTS5 table current (PostgreSQL's GIN index follows the row by itself)."""
    if db.session.get_bind().dialect.name != "sqlite":
        return
    db.session.execute(text("DELETE FROM sheet_search WHERE rowid = :id"), {"id": sheet.id})
    db.session.execute(
        text("INSERT INTO sheet_search (rowid, title, body) VALUES (:id, :title, :body)"),
        {"id": sheet.id, "title": sheet.title, "body": _document(sheet)},
    )


def reindex_all():
    """Rebuild the SQLite index from the table (after a bulk load); returns the number of sheets."""
    if db.session.get_bind().dialect.name == "sqlite":
        body = " || ' ' || ".join(f"coalesce({name}, '')" for name in _SEARCH_COLUMNS[1:])
        db.session.execute(text("DELETE FROM sheet_search"))
        db.session.execute(text(f"INSERT INTO sheet_search (rowid, title, body) SELECT id, title, {body} FROM sheets"))
    return db.session.scalar(select(func.count(Sheet.id)))


_WORD = re.compile(r"\w+", re.UNICODE)


def _words(query):
    return _WORD.findall(query or "")[:10]


# PostgreSQL without the unaccent extension: accents folded by translate() (immutable, so indexable).
PG_ACCENTED = "àáâäãåçèéêëìíîïñòóôöõùúûüýÿœæ"
PG_PLAIN = "aaaaaaceeeeiiiinooooouuuuyyoa"


def pg_document():
    """The indexed expression (migration 0017's GIN index is built on exactly this, a test checks it): the
    'simple' configuration (exact words and prefixes) joined with each language's stemmer."""
    body = " || ' ' || ".join(f"coalesce({name}, '')" for name in _SEARCH_COLUMNS)
    folded = f"translate(lower({body}), '{PG_ACCENTED}', '{PG_PLAIN}')"
    return "(" + " || ".join(f"to_tsvector('{config}', {folded})" for config in d.FULLTEXT_CONFIGS) + ")"


def _pg_word_query(index):
    """One word, as a prefix, stemmed by each configuration: a German word matches German inflections."""
    return "(" + " || ".join(f"to_tsquery('{config}', :w{index})" for config in d.FULLTEXT_CONFIGS) + ")"


def _fulltext_condition(query):
    """A WHERE condition matching every word of ``query`` (prefixes too), or None when it has no word."""
    words = _words(fold(query))
    if not words:
        return None
    if db.session.get_bind().dialect.name == "postgresql":
        query = " && ".join(_pg_word_query(i) for i in range(len(words)))
        return text(f"{pg_document()} @@ ({query})").bindparams(**{f"w{i}": f"{w}:*" for i, w in enumerate(words)})
    if db.session.get_bind().dialect.name == "sqlite":
        match = " ".join('"' + w.replace('"', "") + '"*' for w in words)
        return Sheet.id.in_(
            select(text("rowid"))
            .select_from(text("sheet_search"))
            .where(text("sheet_search MATCH :match").bindparams(match=match))
        )
    return and_(*(or_(Sheet.title.ilike(f"%{w}%"), Sheet.summary.ilike(f"%{w}%")) for w in words))


def visible_condition(user):
    """Which sheets ``user`` may see: published ones, and for staff all; authors and partners' members their drafts."""
    if is_staff(user):
        return None
    if not user.is_authenticated:
        return Sheet.status == "published"
    own = [o.id for o in user.organisations]
    return or_(
        Sheet.status == "published",
        Sheet.author_id == user.id,
        exists().where(sheet_partners.c.sheet_id == Sheet.id, sheet_partners.c.organisation_id.in_(own)),
    )


def search_sheets(user, *, kind=None, q=None, border=None, theme=None, label=None, instrument=None, programme=None, status=None):
    """The sheets ``user`` may see matching the words of ``q`` and the filters, newest first (a select)."""
    query = select(Sheet)
    conditions = [visible_condition(user), _fulltext_condition(q)]
    if kind:
        conditions.append(Sheet.kind == kind)
    if status:
        conditions.append(Sheet.status == status)
    if border:
        conditions.append(exists().where(SheetBorder.sheet_id == Sheet.id, SheetBorder.border == border))
    if theme:
        conditions.append(exists().where(SheetTheme.sheet_id == Sheet.id, SheetTheme.theme == theme))
    if instrument:
        conditions.append(Sheet.instrument_code == instrument)
    if programme:
        conditions.append(Sheet.programme_code == programme)
    if label:
        conditions.append(
            exists().where(
                sheet_partners.c.sheet_id == Sheet.id,
                sheet_partners.c.organisation_id == OrganisationLabel.organisation_id,
                OrganisationLabel.label == label,
            )
        )
    for condition in conditions:
        if condition is not None:
            query = query.where(condition)
    return query.order_by(Sheet.is_example, Sheet.updated_at.desc(), Sheet.id.desc())
