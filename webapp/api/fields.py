"""Marshmallow fields for the API: strict JSON types, int4 ids, no NUL bytes, French messages.

Every message goes through the catalog (``lazy_gettext``), resolved when the error is raised.
"""

import numbers
from datetime import UTC
from typing import ClassVar

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validate

import domain

from ..services.text import web_address

_COMMON = {"required": _l("Champ requis."), "null": _l("Une valeur est requise."), "validator_failed": _l("Valeur invalide.")}
NO_NUL_PATTERN = "^[^\\u0000]*$"


def _validators(kwargs):
    given = kwargs.pop("validate", None) or []
    return list(given) if isinstance(given, (list, tuple)) else [given]


class _Translated:
    """Messages from the catalog as plain strings: marshmallow iterates anything that is not a ``str``."""

    def make_error(self, key, **kwargs):
        return ValidationError(str(self.error_messages[key]).format(**kwargs))


class Text(_Translated, fields.String):
    """A string without NUL bytes (PostgreSQL refuses them in text), within ``max_length`` characters."""

    default_error_messages: ClassVar[dict] = {
        **_COMMON,
        "invalid": _l("Texte attendu."),
        "invalid_utf8": _l("Texte attendu."),
        "nul": _l("Le caractère NUL n'est pas accepté."),
    }

    def __init__(self, *, max_length=None, min_length=None, **kwargs):
        validators = _validators(kwargs)
        if max_length is not None or min_length is not None:
            validators.append(
                validate.Length(
                    min=min_length,
                    max=max_length,
                    error=_l("Entre {min} et {max} caractères.") if min_length else _l("{max} caractères au plus."),
                )
            )
        kwargs.setdefault("metadata", {}).setdefault("pattern", NO_NUL_PATTERN)
        super().__init__(validate=validators, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise self.make_error("nul")
        return text


def Code(codes, **kwargs):
    """One of ``codes`` (a tuple from ``domain``)."""
    return Text(validate=[validate.OneOf(list(codes), error=_l("Valeur inconnue : {input}."))], **kwargs)


class WebAddress(Text):
    """A website: a bare domain (``delle.fr``) is completed to ``https://delle.fr`` before the URL check."""

    def _deserialize(self, value, attr, data, **kwargs):
        return web_address(super()._deserialize(value, attr, data, **kwargs))


class StrictInteger(_Translated, fields.Integer):
    """An integer: in JSON, a number without fraction (not a string, not a boolean); in a query, digits."""

    default_error_messages: ClassVar[dict] = {
        **_COMMON,
        "invalid": _l("Nombre entier attendu."),
        "too_large": _l("Nombre trop grand."),
    }

    def __init__(self, *, range=None, **kwargs):
        validators = _validators(kwargs)
        if range is not None:
            validators.append(validate.Range(*range, error=_l("Entre {min} et {max}.")))
        super().__init__(validate=validators, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or (self.strict and not isinstance(value, numbers.Integral)):
            raise self.make_error("invalid")
        if isinstance(value, str) and not value.strip().lstrip("-").isdigit():
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


def Id(**kwargs):
    """A row id: an int4 from 1 (PostgreSQL's integer), so no lookup ever overflows."""
    return StrictInteger(range=domain.ID_RANGE, **kwargs)


class Number(_Translated, fields.Float):
    default_error_messages: ClassVar[dict] = {**_COMMON, "invalid": _l("Nombre attendu."), "special": _l("Nombre fini attendu.")}

    def __init__(self, *, range=None, **kwargs):
        validators = _validators(kwargs)
        if range is not None:
            validators.append(validate.Range(*range, error=_l("Entre {min} et {max}.")))
        super().__init__(validate=validators, allow_nan=False, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class JsonNumber(Number):
    """A number in a JSON body: not a string, not a boolean."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, numbers.Real) or isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Flag(_Translated, fields.Boolean):
    """A boolean; in a query string also ``y``/``1``/``true``/``on`` (the site's checkboxes send ``y``)."""

    default_error_messages: ClassVar[dict] = {**_COMMON, "invalid": _l("Vrai ou faux attendu.")}
    truthy: ClassVar[set] = {"true", "True", "1", "y", "yes", "on", True}
    falsy: ClassVar[set] = {"false", "False", "0", "n", "no", "off", "", False}


class JsonFlag(Flag):
    """``true`` or ``false`` in a JSON body."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class Many(_Translated, fields.List):
    default_error_messages: ClassVar[dict] = {**_COMMON, "invalid": _l("Liste attendue.")}

    def __init__(self, inner, *, max_items=None, **kwargs):
        validators = _validators(kwargs)
        if max_items is not None:
            validators.append(validate.Length(max=max_items, error=_l("{max} éléments au plus.")))
        super().__init__(inner, validate=validators, **kwargs)


class UtcDateTime(fields.DateTime):
    """A stored (naive, UTC) time as RFC 3339 with its offset, as OpenAPI's ``date-time`` requires."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.isoformat(timespec="seconds")
