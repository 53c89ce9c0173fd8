"""Sentences, in the reader's language, for the codes that explain a counterpart's factors.

``graph.suggest_counterparts`` says *why* a factor has its value as a code and parameters
(``{"code": "distance", "params": {"km": 1.8, "radius_km": 50}}``); this module phrases it through
the translation catalogs (French is the source language). An unknown code gets a neutral sentence
rather than failing the page.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from babel.lists import format_list
from babel.numbers import format_decimal as babel_format_decimal
from flask_babel import get_locale, get_translations

from . import vocab

__all__ = ["COUNTERPART_ERRORS", "add_explanations", "phrase_counterpart_error", "phrase_factor", "phrasing", "with_explanations"]

# A suggestions document phrases ~120 factors: looking the catalog and the locale up for each one
# (what flask_babel.gettext does) cost more than the engine's ranking. A phrasebook keeps, per
# locale, each translated format string and formatted number once; phrasing is then ``%``.
_PHRASEBOOKS = {}  # str(locale) -> Phrasebook
_NUMBERS_KEPT = 20_000  # formatted numbers kept per locale (then the table starts again)
_current_book = ContextVar("explanations_phrasebook", default=None)


class Phrasebook:
    """The translated format strings and formatted numbers of one locale (one catalog object)."""

    def __init__(self, locale, translations):
        self.locale, self.translations = locale, translations
        self.messages, self.plurals, self.numbers, self.words, self.lists = {}, {}, {}, {}, {}
        self.fixed = {}  # code -> the sentence of a factor without parameters

    def gettext(self, msgid, variables):
        found = self.messages.get(msgid)
        if found is None:
            found = self.messages[msgid] = self.translations.ugettext(msgid)
        return found % variables if variables else found

    def ngettext(self, singular, plural, num, variables):
        key = (singular, plural, num)
        found = self.plurals.get(key)
        if found is None:
            found = self.plurals[key] = self.translations.ungettext(singular, plural, num)
        return found % {"num": num, **variables}

    def decimal(self, number):
        key = (type(number), number)
        found = self.numbers.get(key)
        if found is None:
            if len(self.numbers) >= _NUMBERS_KEPT:
                self.numbers = {}
            found = self.numbers[key] = babel_format_decimal(number, locale=self.locale)
        return found

    def km(self, value):
        """:func:`format_km` of ``value`` (the rounded number formatted once, by :meth:`decimal`)."""
        return self.decimal(round(value)) if value >= 10 else self.decimal(round(value, 1))

    def word(self, table, code):
        """``str(table.get(code, code))``: a vocabulary entry (a lazy string) translated once per locale."""
        key = (id(table), code)
        found = self.words.get(key)
        if found is None:
            found = self.words[key] = str(table.get(code, code))
        return found

    def strings(self, items):
        """:meth:`list` of ``str(item)`` for each item."""
        return self.list(str(i) for i in items)

    def list(self, items):
        """``items`` (strings) as the locale writes a list ("a, b et c")."""
        key = tuple(items)
        found = self.lists.get(key)
        if found is None:
            if len(self.lists) >= _NUMBERS_KEPT:
                self.lists = {}
            found = self.lists[key] = format_list(list(key), locale=self.locale)
        return found


def _phrasebook():
    book = _current_book.get()
    if book is not None:
        return book
    locale, translations = get_locale(), get_translations()
    book = _PHRASEBOOKS.get(str(locale))
    if book is None or book.translations is not translations:  # a catalog reloaded: start again
        book = _PHRASEBOOKS[str(locale)] = Phrasebook(locale or "fr", translations)
    return book


# Same signatures as flask_babel's (pybabel extracts these calls), served from the phrasebook.
def _(msgid, **variables):
    return _phrasebook().gettext(msgid, variables)


def ngettext(singular, plural, num, **variables):
    return _phrasebook().ngettext(singular, plural, num, variables)


def format_decimal(number):
    return _phrasebook().decimal(number)


def format_km(value):
    """A distance as the reader writes it: whole kilometres from 10 km, one decimal below."""
    return _phrasebook().km(value)


# Each takes the factor's parameters and the phrasebook (numbers, words and lists formatted through it
# directly: a sentence is phrased ~130 times per suggestions document).
_PHRASES = {
    "distance": lambda p, b: _(
        "À %(km)s km (rayon de recherche : %(radius)s km).", km=b.km(p["km"]), radius=b.decimal(p["radius_km"])
    ),
    "proximity": lambda p, b: _("Proximité : %(km)s km, la proximité compte d'abord à courte distance.", km=b.km(p["km"])),
    "nearest": lambda p, b: _("La localité la plus proche de l'autre côté (%(km)s km).", km=b.km(p["km"])),
    "farther_than_nearest": lambda p, b: _(
        "À %(km)s km, quand la localité la plus proche de l'autre côté est à %(nearest)s km.",
        km=b.km(p["km"]),
        nearest=b.km(p["nearest_km"]),
    ),
    "structure_not_a_place": lambda p, b: _("Structure transfrontalière, pas une localité : facteur sans objet."),
    "continuity": lambda p, b: (
        _("Même agglomération de part et d'autre de la frontière : les deux localités se touchent.")
        if p["gap_km"] == 0
        else _("Presque une même agglomération : %(gap)s km séparent les deux localités et la frontière.", gap=b.km(p["gap_km"]))
    ),
    "no_continuity": lambda p, b: _("Pas d'agglomération commune : %(gap)s km d'écart.", gap=b.km(p["gap_km"])),
    "gravity": lambda p, b: _(
        "Ville qui attire les environs : %(population)s habitants à %(km)s km.",
        population=b.decimal(p["population"]),
        km=b.km(p["km"]),
    ),
    "gravity_weak": lambda p, b: _(
        "Attraction plus faible que d'autres villes proches : %(population)s habitants à %(km)s km.",
        population=b.decimal(p["population"]),
        km=b.km(p["km"]),
    ),
    "population_unknown": lambda p, b: _("Population inconnue : facteur neutre."),
    "size_similar": lambda p, b: _(
        "Tailles comparables : %(population)s et %(other)s habitants.",
        population=b.decimal(p["population"]),
        other=b.decimal(p["other_population"]),
    ),
    "size_different": lambda p, b: _(
        "Tailles différentes : %(population)s et %(other)s habitants.",
        population=b.decimal(p["population"]),
        other=b.decimal(p["other_population"]),
    ),
    "name_mirror": lambda p, b: _("Noms jumeaux : %(name)s et %(other)s.", name=p["name"], other=p["other_name"]),
    "name_unrelated": lambda p, b: _("Noms sans rapport."),
    "language_shared": lambda p, b: ngettext(
        "Langue parlée des deux côtés : %(languages)s.",
        "Langues parlées des deux côtés : %(languages)s.",
        len(p["languages"]),
        languages=b.list(b.word(vocab.LANGUAGES, c) for c in p["languages"]),
    ),
    "language_none": lambda p, b: _("Pas de langue commune connue : prévoir l'interprétation."),
    "common_partners": lambda p, b: ngettext(
        "%(num)d partenaire en commun dans le réseau : %(names)s.",
        "%(num)d partenaires en commun dans le réseau : %(names)s.",
        p["count"],
        names=b.strings(p["names"]),
    ),
    "no_common_partner": lambda p, b: _("Aucun partenaire en commun pour l'instant."),
    "partners_of_partners": lambda p, b: ngettext(
        "Partenaire des partenaires d'un de vos partenaires (%(names)s).",
        "Partenaire des partenaires de %(num)d de vos partenaires (%(names)s).",
        p["count"],
        names=b.strings(p["names"]),
    ),
    "no_partners_of_partners": lambda p, b: _("Aucun lien par les partenaires de vos partenaires."),
    "themes_shared": lambda p, b: _(
        "Thèmes communs : %(themes)s.", themes=b.strings(b.word(vocab.THEMES, t).lower() for t in p["themes"])
    ),
    "themes_none": lambda p, b: _("Aucun thème commun déclaré."),
    "themes_unknown": lambda p, b: _("Thèmes non renseignés."),
    "programme_cross_border": lambda p, b: _("Zone Interreg commune : %(programmes)s.", programmes=b.strings(p["programmes"])),
    "programme_transnational": lambda p, b: _(
        "Seulement un programme transnational commun : %(programmes)s.", programmes=b.strings(p["programmes"])
    ),
    "programme_none": lambda p, b: _("Aucun programme Interreg ne couvre les deux."),
    "verified": lambda p, b: _("Organisation vérifiée par la MOT : un contact répondra."),
    "registered": lambda p, b: _("Inscrite sur Passerelle : un contact peut répondre."),
    "not_registered": lambda p, b: _("Pas encore inscrite : la MOT devra trouver le bon interlocuteur."),
}

# Errors graph.suggest_counterparts raises, by code.
COUNTERPART_ERRORS = {
    "unknown_border": lambda p: _("Frontière inconnue : %(border)s.", border=p["border"]),
    "not_near_border": lambda p: _(
        "%(name)s n'est pas proche de la frontière %(border)s.", name=p["name"] or _("Cette organisation"), border=p["border"]
    ),
    "border_not_of_country": lambda p: _(
        "La frontière %(border)s ne concerne pas le pays %(country)s.",
        border=p["border"],
        country=vocab.COUNTRIES.get(p["country"], p["country"]),
    ),
    "missing_position": lambda p: _("%(name)s n'a pas de coordonnées.", name=p["name"]),
}


def phrase_factor(factor, book=None):
    """One factor (``{"code", "params", ...}``) as a sentence in the current locale (``book``: its
    phrasebook, when the caller has looked it up)."""
    if not factor.get("params"):  # a sentence without numbers or names: phrased once per locale
        book = book or _phrasebook()
        found = book.fixed.get(factor.get("code"))
        if found is None:
            found = book.fixed[factor.get("code")] = _phrase(factor, book)
        return found
    return _phrase(factor, book or _phrasebook())


def _phrase(factor, book):
    phrase = _PHRASES.get(factor.get("code"))
    try:
        return (
            phrase(factor.get("params") or {}, book) if phrase else _("Raison non détaillée (%(code)s).", code=factor.get("code"))
        )
    except (KeyError, TypeError):
        return _("Raison non détaillée (%(code)s).", code=factor.get("code"))


@contextmanager
def phrasing():
    """Within it, every explanation is phrased from the phrasebook looked up on entry (one catalog and
    locale look-up for a whole document instead of one per suggestion)."""
    token = _current_book.set(_phrasebook())
    try:
        yield
    finally:
        _current_book.reset(token)


def with_explanations(suggestion):
    """The suggestion with an ``explanation`` sentence added to each of its factors."""
    with phrasing():  # one catalog look-up for all the factors
        return {**suggestion, "factors": [{**f, "explanation": phrase_factor(f)} for f in suggestion["factors"]]}


def add_explanations(suggestion):
    """:func:`with_explanations` in place: for a suggestion made for one document alone (the engine's
    output, not kept anywhere), whose dicts need no copy. Call it within :func:`phrasing`."""
    book = _phrasebook()
    for factor in suggestion["factors"]:
        factor["explanation"] = phrase_factor(factor, book)
    return suggestion


def phrase_counterpart_error(error):
    """A counterpart query's ``graph.GraphError`` as a sentence, or None when its code is not one of these."""
    phrase = COUNTERPART_ERRORS.get(getattr(error, "code", None))
    return phrase(error.params) if phrase else None
