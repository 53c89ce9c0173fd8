"""Sentences, in the reader's language, for the codes ``graph.governance`` returns and raises.

graph/ says *what* holds (``{"code": "border_excluded", "borders": ["FR-IT"]}``); this module
says it through the translation catalogs. Unknown codes fall back to a neutral sentence rather
than failing the page.
"""

from babel.lists import format_list
from flask_babel import format_decimal, get_locale, ngettext
from flask_babel import gettext as _

from . import vocab

__all__ = ["phrase_reason", "phrase_graph_error", "with_texts"]


def _list(items):
    return format_list([str(i) for i in items], locale=get_locale() or "fr")


def _kind(code):
    return str(vocab.ORGANISATION_KINDS.get(code, code))


def _ambition(code):
    return str(vocab.AMBITIONS.get(code, code))


def _countries(codes):
    return _list(vocab.COUNTRIES.get(c, c) for c in codes)


_REASONS = {
    "border_included": lambda r: _("S'applique à la frontière %(borders)s.", borders=_list(r["borders"])),
    "border_third_country": lambda r: _(
        "Frontière %(borders)s : seulement par la voie « pays tiers » (depuis le règlement 1302/2013), "
        "si le droit du pays voisin le permet.",
        borders=_list(r["borders"]),
    ),
    "border_excluded": lambda r: _("Ne s'applique pas à la frontière %(borders)s.", borders=_list(r["borders"])),
    "state_not_member": lambda r: _("%(name)s est un État : il ne peut pas en être membre.", name=r["name"]),
    "private_not_member": lambda r: _(
        "%(name)s (%(kind)s) relève du droit privé : elle ne peut pas en être membre.", name=r["name"], kind=_kind(r["kind"])
    ),
    "kind_not_member": lambda r: _(
        "%(name)s (%(kind)s) ne fait pas partie des membres possibles.", name=r["name"], kind=_kind(r["kind"])
    ),
    "outside_agreement_area": lambda r: (
        _(
            "%(name)s est situé en %(region)s, hors du champ de l'accord (%(allowed)s).",
            name=r["name"],
            region=r["admin1"],
            allowed=_list(r["allowed"]),
        )
        if r.get("admin1")
        else _(
            "%(name)s est dans une région inconnue, hors du champ de l'accord (%(allowed)s).",
            name=r["name"],
            allowed=_list(r["allowed"]),
        )
    ),
    "ambition_met": lambda r: _("Convient à cette ambition : %(ambition)s.", ambition=_ambition(r["ambition"])),
    "ambition_not_met": lambda r: _(
        "Ne suffit pas pour cette ambition (%(ambition)s) ; convient pour : %(suits)s.",
        ambition=_ambition(r["ambition"]),
        suits=_list(_ambition(a) for a in r["suits"]),
    ),
    "structure_covers": lambda r: _("Couvre la frontière %(borders)s.", borders=_list(r["borders"])),
    "structure_distance": lambda r: (
        _(
            "%(member)s est à %(km)s km de %(partner)s.",
            member=r["member_name"],
            km=format_decimal(round(r["km"])),
            partner=r["partner_name"],
        )
        if r.get("member_name")
        else _("Son siège est à %(km)s km de %(partner)s.", km=format_decimal(round(r["km"])), partner=r["partner_name"])
    ),
    "structure_has_members": lambda r: ngettext(
        "Déjà membre : %(names)s.", "Déjà membres : %(names)s.", len(r["names"]), names=_list(r["names"])
    ),
}

_ERRORS = {
    "too_few_partners": lambda p: _("Choisissez au moins deux partenaires."),
    "single_country": lambda p: _("Tous les partenaires sont dans le même pays : ce n'est pas une coopération transfrontalière."),
    "no_french_partner": lambda p: _("Il faut au moins un partenaire français."),
    "unknown_border": lambda p: _("Frontière inconnue : %(border)s.", border=p["border"]),
    "no_border_with": lambda p: _("Aucune frontière de la France avec : %(countries)s.", countries=_countries(p["countries"])),
}


def phrase_reason(reason):
    """One governance or structure reason as a sentence in the current locale."""
    phrase = _REASONS.get(reason.get("code"))
    return phrase(reason) if phrase else _("Raison non détaillée (%(code)s).", code=reason.get("code"))


def phrase_graph_error(error):
    """A ``graph.GraphError`` as a sentence; errors without a known code keep their own text."""
    phrase = _ERRORS.get(getattr(error, "code", None))
    return phrase(error.params) if phrase else str(error)


def with_texts(reasons):
    """Reasons for the API: each code with its parameters and its sentence (``text``)."""
    return [{**r, "text": phrase_reason(r)} for r in reasons]
