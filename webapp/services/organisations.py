"""Organisations: create, update, delete, search; the domain rules every caller goes through."""

import re

from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.exc import IntegrityError

from ..errors import Conflict, ValidationFailed
from ..extensions import db
from ..models import Claim, IntroductionRequest, Locality, Organisation, OrganisationLabel, OrganisationTheme, Tie, memberships
from ..models._common import utcnow
from ..multilingual import alternate_names
from ..vocab import COUNTRIES, LABELS, LANGUAGES, LEGAL_FORMS, ORGANISATION_KINDS, STATUSES, THEMES
from .borders import organisations_near, refresh_geography, set_borders
from .integrity import insert_or_conflict, savepoint
from .text import fold

INSEE_CODE = re.compile(r"^(?:\d{2}|2[AB])\d{3}$")
EDITABLE_FIELDS = (
    "name",
    "name_local",
    "kind",
    "country",
    "official_code",
    "latitude",
    "longitude",
    "population",
    "description",
    "website",
    "contact",
    "legal_form",
    "founded_year",
)
PLACE_FIELDS = ("country", "latitude", "longitude", "official_code", "kind")


def _check(values):
    """Cross-field rules; field syntax is checked by the forms before."""
    errors = {}
    name = _clean(values.get("name"))
    if not name:
        errors["name"] = _("Le nom est obligatoire.")
    elif len(name) > 200:
        errors["name"] = _("Le nom ne doit pas dépasser 200 caractères.")
    country, kind = values.get("country"), values.get("kind")
    if country not in COUNTRIES:
        errors["country"] = _("Pays inconnu : choisissez la France ou un pays frontalier.")
    if kind not in ORGANISATION_KINDS:
        errors["kind"] = _("Type d'organisation inconnu.")
    code = values.get("official_code")
    if country == "FR" and kind == "commune" and code and not INSEE_CODE.match(code):
        errors["official_code"] = _(
            "Un code INSEE de commune compte 5 caractères : 2 chiffres de département "
            "(ou 2A/2B en Corse) puis 3 chiffres, par exemple 01033 ou 2A004."
        )
    elif country == "FR" and kind == "commune" and code and code.startswith("20"):
        errors["official_code"] = _("Les communes de Corse ont un code INSEE en 2A ou 2B, pas en 20.")
    if values.get("labels") and country != "FR":
        errors["labels"] = _("Les labels de l'ANCT ne concernent que les organisations françaises.")
    unknown_labels = set(values.get("labels") or ()) - set(LABELS)
    if unknown_labels:
        errors["labels"] = _("Label inconnu : %(codes)s.", codes=", ".join(sorted(unknown_labels)))
    unknown_themes = set(values.get("themes") or ()) - set(THEMES)
    if unknown_themes:
        errors["themes"] = _("Thème inconnu : %(codes)s.", codes=", ".join(sorted(unknown_themes)))
    unknown_languages = set(values.get("languages") or ()) - set(LANGUAGES)
    if unknown_languages:
        errors["languages"] = _("Langue inconnue : %(codes)s.", codes=", ".join(sorted(unknown_languages)))
    if (values.get("latitude") is None) != (values.get("longitude") is None):
        errors["latitude"] = _("Indiquez la latitude et la longitude, ou aucune des deux.")
    covered = values.get("covered_countries") or []
    if covered and kind != "cross_border_structure":
        errors["covered_countries"] = _("Seule une structure transfrontalière couvre plusieurs pays.")
    elif covered and (len(set(covered)) < 2 or set(covered) - set(COUNTRIES)):
        errors["covered_countries"] = _("Une structure transfrontalière couvre au moins deux pays connus.")
    if values.get("legal_form") and values["legal_form"] not in LEGAL_FORMS:
        errors["legal_form"] = _("Forme juridique inconnue.")
    if values.get("status", "registered") not in STATUSES:
        errors["status"] = _("Statut inconnu.")
    if errors:
        raise ValidationFailed(_("Certaines informations ne sont pas valides."), errors)


class DuplicateCode(Conflict):
    def __init__(self, existing_id):
        super().__init__(
            _("Une organisation porte déjà ce code officiel."),
            {"official_code": _("Ce code est déjà utilisé par une autre organisation du même type et du même pays.")},
            existing=("organisation", existing_id) if existing_id else None,
        )


def _code_holder(values, organisation_id=None):
    code = values.get("official_code")
    if not code:
        return None
    query = select(Organisation.id).where(
        Organisation.country == values["country"], Organisation.kind == values["kind"], Organisation.official_code == code
    )
    if organisation_id is not None:
        query = query.where(Organisation.id != organisation_id)
    return db.session.scalar(query)


def _check_unique_code(values, organisation_id=None):
    holder = _code_holder(values, organisation_id)
    if holder is not None:
        raise DuplicateCode(holder)


def _clean(value):
    if isinstance(value, str):
        return value.strip() or None
    return value


def _apply(organisation, values, *, borders=None):
    place_changed = any(field in values and values[field] != getattr(organisation, field) for field in PLACE_FIELDS)
    if place_changed and organisation.id is not None:
        for field in ("admin1", "admin2", "department"):
            if field not in values:  # derived again from the new place
                setattr(organisation, field, None)
    for field in EDITABLE_FIELDS:
        if field in values:
            setattr(organisation, field, _clean(values[field]))
    if "languages" in values:
        organisation.languages = sorted(set(values["languages"] or ()))
    if "themes" in values:
        organisation.themes = [OrganisationTheme(theme=t) for t in sorted(set(values["themes"] or ()))]
    if "covered_countries" in values:
        organisation.covered_countries = sorted(set(values["covered_countries"] or ()))
    if "labels" in values:
        organisation.labels = _labels_after_edit(organisation.labels, values["labels"] or ())
    names = [organisation.name, organisation.name_local]  # and the place's names in other languages (Bâle: Basel, Basilea...)
    names += alternate_names(organisation.country, *filter(None, names))
    organisation.search_text = fold(" ".join(filter(None, [*names, organisation.official_code])))[:600]
    if borders is None:
        refresh_geography(organisation)
    else:  # a bulk loader computed them for many places at once
        set_borders(organisation, borders)


def _labels_after_edit(labels, codes):
    """A person edits only the labels they declared; official and confirmed ones change only through
    staff confirmation or the importer, so leaving them out of ``codes`` keeps them."""
    held = [label for label in labels if label.status != "declared"]
    declared = {label.label: label for label in labels if label.status == "declared"}
    wanted = set(codes) - {label.label for label in held}
    return sorted(
        held + [declared.get(code) or OrganisationLabel(label=code, status="declared") for code in wanted],
        key=lambda label: label.label,
    )


def organisation_values(organisation):
    """The editable values of an organisation, as ``create_organisation`` takes them."""
    values = {field: getattr(organisation, field) for field in EDITABLE_FIELDS}
    values.update(
        labels=organisation.label_codes,
        themes=organisation.theme_codes,
        languages=list(organisation.languages or ()),
        covered_countries=list(organisation.covered_countries or ()),
    )
    return values


def _normalised(values):
    values = dict(values)
    if isinstance(values.get("official_code"), str):
        values["official_code"] = values["official_code"].strip().upper() or None
    return values


def create_organisation(values, *, member=None, status="registered"):
    """Create an organisation; ``member`` (a user) becomes its first member."""
    values = _normalised(values) | {"status": status}
    _check(values)
    _check_unique_code(values)
    organisation = Organisation(status=status)
    _apply(organisation, values)
    # Two registrations of the same town at once: the unique (country, kind, official_code) keeps one.
    insert_or_conflict(organisation, lambda: DuplicateCode(_code_holder(values)))
    if member is not None:
        organisation.members.append(member)
        db.session.flush()
    return organisation


def update_organisation(organisation, changes):
    """Apply a person's ``changes`` (a subset of the editable values); the result must pass every rule.

    The record is then marked as edited by a user, so reference loaders leave it alone.
    """
    merged = organisation_values(organisation) | _normalised(changes)
    _check(merged)
    _check_unique_code(merged, organisation.id)
    try:
        with savepoint():  # around the changes too: the queries in _apply may flush them
            _apply(organisation, merged)
            organisation.edited_by_user = True
            db.session.flush()
    except IntegrityError as error:  # the code was taken a moment ago
        raise DuplicateCode(_code_holder(merged, organisation.id)) from error
    return organisation


REFERENCE_FIELDS = ("admin1", "admin2", "department", "source", "source_ref", "licence", "covered_countries", "massif")


def _snapshot(organisation):
    """Everything a loader may change, to tell "updated" from "unchanged"."""
    values = organisation_values(organisation)
    values.update({field: getattr(organisation, field) for field in REFERENCE_FIELDS}, borders=organisation.border_codes)
    return values


def upsert_reference_organisation(organisation, values, *, borders=None):
    """A loader's record, created or refreshed: ``(organisation, outcome)``.

    The outcome is "created", "updated", "unchanged" or "protected": a record someone claimed or
    edited is left exactly as it is.
    """
    if organisation is None:
        return save_reference_organisation(values, borders=borders), "created"
    if organisation.edited_by_user or organisation.status != "reference":
        return organisation, "protected"
    before = _snapshot(organisation)
    save_reference_organisation(values, organisation=organisation, borders=borders)
    return organisation, "unchanged" if _snapshot(organisation) == before else "updated"


def save_reference_organisation(values, *, organisation=None, borders=None):
    """Create or refresh a record from a reference loader (status "reference", no member).

    A claimed or edited record is never passed here: ``upsert_reference_organisation`` checks.
    """
    values = _normalised(values)
    _check(values | {"status": "reference"})
    if organisation is None:
        organisation = Organisation(status="reference")
        db.session.add(organisation)
    for field in REFERENCE_FIELDS:
        if field in values:
            setattr(organisation, field, values[field])
    _apply(organisation, values, borders=borders)
    return organisation


def references(organisation_id):
    """How many records refer to the organisation, by kind (requests, ties, claims, members): its history."""

    def count(model, *conditions):
        return db.session.scalar(select(func.count()).select_from(model).where(or_(*conditions)))

    return {
        "requests": count(
            IntroductionRequest,
            IntroductionRequest.requester_id == organisation_id,
            IntroductionRequest.counterpart_id == organisation_id,
        ),
        "ties": count(Tie, Tie.organisation_a_id == organisation_id, Tie.organisation_b_id == organisation_id),
        "claims": count(Claim, Claim.organisation_id == organisation_id),
        "members": count(memberships, memberships.c.organisation_id == organisation_id),
    }


def delete_organisation(organisation, *, by=None):
    """Remove an organisation: "deleted" when nothing refers to it, else "archived" (nothing erased).

    An archived organisation leaves the directory, search, suggestions and graph (the change log
    tells every worker), while its requests, audit trail, notes and ties stay for the other side
    and the MOT. ``by`` is the user who removed it.
    """
    if organisation.archived_at is not None:
        return "archived"
    if any(references(organisation.id).values()):
        organisation.archived_at = utcnow()
        organisation.archived_by_id = by.id if by is not None else None
        db.session.flush()
        return "archived"
    db.session.delete(organisation)
    db.session.flush()
    return "deleted"


def has_reason_to_see(user, organisation):
    """Who still sees an archived organisation's page: the MOT, and members of the organisations that had requests with it.

    Its own members removed it: for them, as for everyone else, it is gone.
    """
    if organisation.archived_at is None:
        return True
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    mine = [o.id for o in user.organisations]
    if not mine:
        return False
    return (
        db.session.scalar(
            select(func.count())
            .select_from(IntroductionRequest)
            .where(
                or_(
                    (IntroductionRequest.requester_id == organisation.id) & IntroductionRequest.counterpart_id.in_(mine),
                    (IntroductionRequest.counterpart_id == organisation.id) & IntroductionRequest.requester_id.in_(mine),
                )
            )
        )
        > 0
    )


def confirm_label(organisation, code, user):
    """A facilitator checked a label a user declared: it becomes "confirmed", with who and when."""
    label = next((item for item in organisation.labels if item.label == code), None)
    if label is None or label.status != "declared":
        raise ValidationFailed(
            _("Ce label n'est pas un label déclaré à confirmer."), {"label": _("Label inconnu ou déjà vérifié.")}
        )
    label.status, label.confirmed_by_id, label.confirmed_at = "confirmed", user.id, utcnow()
    db.session.flush()
    return label


def set_status(organisation, status):
    if status not in STATUSES:
        raise ValidationFailed(_("Statut inconnu."), {"status": _("Statut inconnu.")})
    organisation.status = status
    db.session.flush()


def _locality_matches(words):
    """Localities (villages, sections) whose name holds every word: they find their municipality."""
    query = select(Locality.organisation_id)
    for word in words:
        query = query.where(Locality.search_name.contains(word, autoescape=True))
    return query


def matched_localities(organisation_ids, q):
    """``{organisation id: locality name}`` for the results a search found through a locality's name."""
    words = fold(q or "").split()
    if not words or not organisation_ids:
        return {}
    query = select(Locality.organisation_id, Locality.name).where(Locality.organisation_id.in_(organisation_ids))
    for word in words:
        query = query.where(Locality.search_name.contains(word, autoescape=True))
    # Most populous last, so it is the one kept; PostgreSQL would put unknown populations first in DESC.
    return dict(db.session.execute(query.order_by(Locality.population.desc().nulls_last(), Locality.id)).all()[::-1])


def directory_query(*, q=None, country=None, border=None, kind=None, label=None, theme=None, status=None, massif=None):
    """A select of organisations matching the directory's filters, ordered by name (archived ones left out).

    The search finds an organisation by its name or code, or a municipality by one of its localities.
    """
    query = select(Organisation).where(Organisation.archived_at.is_(None))
    words = fold(q or "").split()
    if words:
        by_name = [Organisation.search_text.contains(word, autoescape=True) for word in words]
        query = query.where(or_(and_(*by_name), Organisation.id.in_(_locality_matches(words))))
    if massif:
        query = query.where(Organisation.massif == massif)
    if country:
        query = query.where(Organisation.country == country)
    if kind:
        query = query.where(Organisation.kind == kind)
    if status:
        query = query.where(Organisation.status == status)
    if border:
        query = query.where(Organisation.id.in_(organisations_near(border)))
    if label:
        query = query.where(
            exists().where(OrganisationLabel.organisation_id == Organisation.id, OrganisationLabel.label == label)
        )
    if theme:
        query = query.where(
            exists().where(OrganisationTheme.organisation_id == Organisation.id, OrganisationTheme.theme == theme)
        )
    return query.order_by(Organisation.search_text, Organisation.id)
