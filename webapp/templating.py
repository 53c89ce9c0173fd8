"""Template globals: vocabularies and small display helpers."""

from flask_babel import format_decimal, format_percent
from markupsafe import Markup

from domain import NAME_SEARCH_LIMIT

from . import explanations, multilingual, permissions, vocab
from .geo.borders import load_borders
from .i18n import render_message
from .reasons import phrase_reason
from .services.reference.cooperation import source_text


def register_template_helpers(app):
    borders = {b.code: b for b in load_borders()}
    app.jinja_env.globals["permissions"] = permissions  # the same predicates as the views and the API

    @app.context_processor
    def inject_vocabularies():
        return {
            "COUNTRIES": vocab.COUNTRIES,
            "KINDS": vocab.ORGANISATION_KINDS,
            "LABELS": vocab.LABELS,
            "LABEL_STATUSES": vocab.LABEL_STATUSES,
            "MASSIFS": vocab.MASSIFS,
            "THEMES": vocab.THEMES,
            "LANGUAGES": vocab.LANGUAGES,
            "STATUSES": vocab.STATUSES,
            "TIE_KINDS": vocab.TIE_KINDS,
            "ROLES": vocab.ROLES,
            "CLAIM_STATUSES": vocab.CLAIM_STATUSES,
            "LEGAL_FORMS": vocab.LEGAL_FORMS,
            "AMBITIONS": vocab.AMBITIONS,
            "FACTOR_NAMES": vocab.FACTOR_NAMES,
            "REQUEST_STATUSES": vocab.REQUEST_STATUSES,
            "OUTCOME_KINDS": vocab.OUTCOME_KINDS,
            "EVENT_NAMES": vocab.EVENT_NAMES,
            "PROGRAMME_KINDS": vocab.PROGRAMME_KINDS,
            "BORDERS": borders,
            "NAME_SEARCH_LIMIT": NAME_SEARCH_LIMIT,  # the autocomplete fields ask for this many names
        }

    @app.context_processor
    def inject_unread_notifications():
        from flask_login import current_user
        from sqlalchemy.exc import SQLAlchemyError

        from .services.notifications import unread_count

        try:
            return {"unread_notifications": unread_count(current_user) if current_user.is_authenticated else 0}
        except SQLAlchemyError:  # the error page must render even when the database is what failed
            return {"unread_notifications": 0}

    @app.template_filter("department")
    def department_name(code):
        """ "64" -> "Pyrénées-Atlantiques (64)", from the official COG."""
        from .services.cog import department_names

        name = department_names(app.config["NODE_MODULES"]).get(code)
        return f"{name} ({code})" if name else code

    @app.template_filter("reason")
    def reason_sentence(reason):
        """A governance or structure reason (a code from graph/) as a sentence in the reader's language."""
        return phrase_reason(reason)

    app.add_template_filter(multilingual.display_name, "display_name")
    app.add_template_filter(multilingual.other_name, "other_name")
    app.add_template_filter(multilingual.localized_name, "localized_name")
    app.add_template_filter(multilingual.localized_text, "localized_text")
    app.add_template_global(multilingual.reference_name, "reference_name")
    app.add_template_filter(source_text, "source_text")

    @app.template_filter("event_note")
    def event_note(event):
        """A request event's note: an outcome's kind code (and year) phrased; any other note as written."""
        kind, _, year = (event.note or "").partition(" (")
        if event.to_status == "cooperation_agreed" and kind in vocab.OUTCOME_KINDS:
            label = str(vocab.OUTCOME_KINDS[kind])
            return f"{label} ({year}" if year else label
        return event.note or ""

    @app.template_filter("notification")
    def notification_text(notification):
        """A notification in the reader's language; rows stored before message codes keep their French text, marked so."""
        text = render_message(notification.code, notification.params) if notification.code else None
        if text is None:
            return Markup('<span lang="fr">%s</span>') % (notification.text or "")
        return text

    @app.template_filter("percent")
    def percent(fraction):
        """A share (0.6) as the reader writes it: "60 %" in French and German, "60%" in English and Italian."""
        return format_percent(fraction)

    @app.template_filter("thousands")
    def thousands(value):
        """1234567 -> "1 234 567" (fr), "1.234.567" (de), "1,234,567" (en): the locale's grouping."""
        return "" if value is None else format_decimal(value)

    @app.template_filter("km")
    def km(value):
        """12.0 -> "12 km", 2.46 -> "2,5 km" (de), "2.5 km" (en): the explanations' rounding, the locale's separator."""
        return "" if value is None else f"{explanations.format_km(value)}\u00a0km"
