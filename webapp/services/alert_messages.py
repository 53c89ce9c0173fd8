"""Alerts' words: the in-site notification and the digest mail, phrased in the reader's language at display time.

A fired alert is stored as the code ``alert_news`` with plain parameters (the alert's id and name,
counts and a few names per kind, see ``services.alerts``); nothing here touches the database.
"""

from babel.lists import format_list
from flask import current_app
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from domain import ALERT_EVENT_KINDS

ALERT_NOTICES = ("alert_news",)


def public_url(path):
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}{path}"


def _names(names, total):
    shown = format_list([str(n) for n in names], locale=str(get_locale() or "fr")) if names else ""
    more = total - len(names)
    if more > 0:
        return ngettext("%(names)s et %(num)d autre", "%(names)s et %(num)d autres", more, names=shown)
    return shown


def _count(kind, num):
    if kind == "organisations":
        return ngettext("%(num)d nouvelle organisation", "%(num)d nouvelles organisations", num)
    if kind == "ties":
        return ngettext("%(num)d nouveau lien transfrontalier", "%(num)d nouveaux liens transfrontaliers", num)
    if kind == "claims":
        return ngettext("%(num)d organisation désormais représentée", "%(num)d organisations désormais représentées", num)
    return ngettext("%(num)d nouvelle fiche projet publiée", "%(num)d nouvelles fiches projet publiées", num)


def _heading(kind):
    return {
        "organisations": _("Nouvelles organisations"),
        "ties": _("Nouveaux liens transfrontaliers"),
        "claims": _("Organisations désormais représentées sur Passerelle"),
        "sheets": _("Nouvelles fiches projet publiées"),
    }[kind]


def alert_notice(template, p):
    """One line: « Alerte « Communes suisses » : 2 nouvelles organisations, 1 nouveau lien transfrontalier. »"""
    if template != "alert_news":
        raise KeyError(template)
    counts = p["counts"]
    what = format_list(
        [_count(kind, counts[kind]) for kind in ALERT_EVENT_KINDS if counts.get(kind)], locale=str(get_locale() or "fr")
    )
    return _("Alerte « %(name)s » : %(what)s.", name=p["name"], what=what)


def _alert_section(alert):
    lines = [_("Alerte « %(name)s »", name=alert["name"])]
    for kind in ALERT_EVENT_KINDS:
        total = alert["counts"].get(kind)
        if total:
            lines.append(_("- %(heading)s : %(names)s", heading=_heading(kind), names=_names(alert["names"][kind], total)))
    lines.append(_("Voir la recherche : %(link)s", link=public_url(alert["search_path"])))
    lines.append(_("Ne plus recevoir cette alerte : %(link)s", link=public_url(alert["unsubscribe_path"])))
    return "\n".join(lines)


def render_digest_alerts(p):
    """The digest mail of a user's alerts that found something: one section each, with its unsubscribe link."""
    sections = "\n\n".join(_alert_section(alert) for alert in p["alerts"])
    return (
        ngettext("Passerelle : du nouveau pour %(num)d alerte", "Passerelle : du nouveau pour %(num)d alertes", len(p["alerts"])),
        _(
            "Bonjour,\n\nVoici ce qui est nouveau pour vos alertes :\n\n%(sections)s\n\n"
            "Gérer vos alertes : %(link)s\n\n— Passerelle, MOT",
            sections=sections,
            link=public_url("/alerts/"),
        ),
    )
