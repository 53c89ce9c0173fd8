"""Words and sentences, in the reader's language, for the funding codes of ``graph.funds`` and ``data/funding.yaml``."""

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from . import vocab
from .extensions import db
from .models import Programme
from .multilingual import localized_name
from .reasons import _countries

FUND_KINDS = {
    "small_projects": _l("Fonds Interreg pour petits projets"),
    "citizens_fund": _l("Fonds citoyen"),
    "rural_development": _l("Développement rural"),
    "regional_policy": _l("Politique régionale"),
    "state_grant": _l("Subvention de l'État"),
    "aid_finder": _l("Moteur de recherche d'aides"),
}
FUND_FITS = {
    "pair": _l("une demande commune des deux partenaires"),
    "each": _l("chaque partenaire de son côté"),
    "one_side": _l("d'un seul côté"),
    "organisation": _l("pour cette organisation"),
}
FUND_CALLS = {
    "calls": _l("appels à projets"),
    "rolling": _l("toute l'année"),
    "yearly": _l("une campagne par an"),
    "unknown": _l("calendrier inconnu"),
}
FUND_CHECKS = {
    "fund_holder_area": _l(
        "À vérifier : un fonds pour petits projets (Eurodistrict ou autre porteur) couvre-t-il votre territoire ?"
    ),
    "local_action_group": _l("À vérifier : votre territoire fait-il partie d'un groupe d'action locale (GAL) ?"),
    "department_priorities": _l("À vérifier : les opérations prioritaires et les taux fixés dans votre département."),
    "regional_priorities": _l("À vérifier : les priorités fixées par le préfet de région."),
    "cantonal_office": _l("S'adresser au service cantonal de la politique régionale."),
}


def _programme_name(code):
    programme = db.session.get(Programme, code)
    return localized_name(programme) if programme is not None else code


_REASONS = {
    "country": lambda r: _("Éligible en %(country)s.", country=_countries([r["country"]])),
    "programme_area": lambda r: _("Dans la zone du programme %(programme)s.", programme=_programme_name(r["programme"])),
    "population_under": lambda r: _("%(max)s habitants au plus.", max=format_decimal(r["max"])),
    "population_condition": lambda r: _(
        "Entre %(min)s et %(max)s habitants : une condition de richesse fiscale s'applique.",
        min=format_decimal(r["unconditional_max"]),
        max=format_decimal(r["max"]),
    ),
    "population_unknown": lambda r: _("Population inconnue : ouvert jusqu'à %(max)s habitants.", max=format_decimal(r["max"])),
    "label": lambda r: _("Une entrée dédiée au programme %(label)s.", label=vocab.LABELS.get(r["label"], r["label"])),
    "check": lambda r: str(FUND_CHECKS.get(r["check"], r["check"])),
    "needs_partner": lambda r: _("Demande commune avec un partenaire de l'autre côté de la frontière."),
    "cross_border_pair": lambda r: _("Partenaires de deux pays : %(countries)s.", countries=_countries(r["countries"])),
    "pair_countries": lambda r: _(
        "Réservé aux partenaires de %(countries)s : c'est le cas.", countries=_countries(r["countries"])
    ),
}


def phrase_fund_reason(reason):
    """One funding reason as a sentence in the current locale."""
    phrase = _REASONS.get(reason.get("code"))
    return phrase(reason) if phrase else _("Raison non détaillée (%(code)s).", code=reason.get("code"))
