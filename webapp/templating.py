"""Template globals: vocabularies and small display helpers."""

from .geo.borders import load_borders
from . import vocab


def register_template_helpers(app):
    borders = {b.code: b for b in load_borders()}

    @app.context_processor
    def inject_vocabularies():
        return {
            "COUNTRIES": vocab.COUNTRIES,
            "KINDS": vocab.ORGANISATION_KINDS,
            "LABELS": vocab.LABELS,
            "THEMES": vocab.THEMES,
            "LANGUAGES": vocab.LANGUAGES,
            "STATUSES": vocab.STATUSES,
            "TIE_KINDS": vocab.TIE_KINDS,
            "ROLES": vocab.ROLES,
            "CLAIM_STATUSES": vocab.CLAIM_STATUSES,
            "BORDERS": borders,
        }

    @app.template_filter("thousands")
    def thousands(value):
        return "" if value is None else f"{value:,}".replace(",", "\u202f")
