"""Names in several languages: border towns' exonyms (Genève/Genf) and reference rows' official names.

A place is shown in the reader's language when it has a name of its own there, else in the local
language for foreign readers, else under its directory name; it is found under any of its names
(``alternate_names`` feeds the organisations' ``search_text``). Instruments and programmes carry
their official names by language (``names``, from data/*.yaml), falling back to French.
"""

import functools
from pathlib import Path

import yaml
from flask import g
from flask_babel import get_locale
from sqlalchemy import select

from .extensions import db
from .services.text import fold

EXONYMS_FILE = Path(__file__).resolve().parents[1] / "data" / "exonyms.yaml"

__all__ = ["place_names", "alternate_names", "display_name", "other_name", "localized_name", "localized_text", "reference_name"]


@functools.cache
def _exonyms(path=EXONYMS_FILE):
    """(country, folded name) -> {language: name}, for every name of every listed place."""
    index = {}
    for row in yaml.safe_load(Path(path).read_text(encoding="utf-8")):
        for name in row["names"].values():
            index[(row["country"], fold(name))] = row["names"]
    return index


def place_names(country, *names):
    """All the names of a place, by language, found by any of ``names``; {} when data/exonyms.yaml lacks it.

    >>> place_names("CH", "Bâle")["de"], place_names("IT", "Ventimiglia")["fr"], place_names("FR", "Nowhere")
    ('Basel', 'Vintimille', {})
    """
    for name in names:
        if name:
            found = _exonyms().get((country, fold(name)))
            if found:
                return found
    return {}


def alternate_names(country, *names):
    """The place's other names, for searching (``Bâle`` is also found as ``Basel``, ``Basilea``...).

    >>> alternate_names("CH", "Genève", "Genève")
    ['Geneva', 'Genf', 'Ginebra', 'Ginevra']
    """
    return sorted(set(place_names(country, *names).values()) - set(names))


def _locale(locale=None):
    return str(locale or get_locale() or "fr")


def display_name(organisation, locale=None):
    """The organisation's name for a reader of ``locale`` (default: the current one)."""
    locale = _locale(locale)
    names = place_names(organisation.country, organisation.name, organisation.name_local)
    if locale in names:
        return names[locale]
    if locale != "fr" and organisation.name_local:
        return organisation.name_local
    return organisation.name


def other_name(organisation, locale=None):
    """The name to show beside ``display_name``: the local one, else the directory's; None when the same."""
    shown = display_name(organisation, locale)
    for name in (organisation.name_local, organisation.name):
        if name and name != shown:
            return name
    return None


def localized_name(row, locale=None):
    """An instrument's or programme's name in the reader's language (``names``), else its French ``name``."""
    names = (row.get("names") if isinstance(row, dict) else getattr(row, "names", None)) or {}
    fallback = row.get("name") if isinstance(row, dict) else row.name
    return names.get(_locale(locale)) or fallback


def localized_text(texts, locale=None):
    """``(text, language)`` from ``{"fr": ..., "de": ...}``: the reader's language, else French, else (None, None)."""
    texts = texts or {}
    for language in (_locale(locale), "fr"):
        if texts.get(language):
            return texts[language], language
    return None, None


def reference_name(kind, code, fallback):
    """The localized name of the instrument or programme ``code`` (graph results carry codes and French names)."""
    from .models import Instrument, Programme

    model = {"instrument": Instrument, "programme": Programme}[kind]
    cache = g.setdefault("_reference_names", {})
    if kind not in cache:
        cache[kind] = dict(db.session.execute(select(model.code, model.names)).all())
    names = cache[kind].get(code) or {}
    return names.get(_locale()) or fallback
