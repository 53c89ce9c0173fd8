"""The rapport d'étonnement as documents: its pictures (map, ego graph), its JSON and its PDF.

``services.reports`` gathers what the platform knows; this module draws it (``geo.pictures``), phrases it
for the reader and hands the page to WeasyPrint (``services.pdf``).
"""

import base64

from flask import current_app, render_template
from flask_babel import format_date
from flask_babel import gettext as _

import domain as d

from .. import vocab
from ..geo.borders import load_borders
from ..geo.pictures import ego_graph_svg, town_map_svg
from ..permissions import can_edit_report
from ..vocab import REPORT_STEPS
from . import report_versions, reports
from .pdf import html_to_pdf


def _place(organisation, role):
    return {
        "id": organisation.id,
        "name": organisation.name,
        "lat": organisation.latitude,
        "lon": organisation.longitude,
        "role": role,
    }


def pictures(report):
    """``{"map": svg, "graph": svg}`` for a report (no map for a town without a position)."""
    town = report["organisation"]
    tied = {}
    for tie in report["ties"]:
        other = tie.other(town.id)
        tied[other.id] = _place(other, "structure" if other.kind == "cross_border_structure" else "tied")
    places = {o.id: _place(o, "facing") for o, _km in report["facing"]}
    places.update(tied)
    suggested = [o.name for items in report["counterparts"].values() for o, _s in items if o.id not in tied]
    drawn = {
        "graph": ego_graph_svg(
            town.name,
            [p["name"] for p in tied.values()],
            list(dict.fromkeys(suggested)),
            title=_("Liens de %(name)s", name=town.name),
            legend=[("tied", _("Liens existants")), ("suggested", _("Partenaires suggérés"))],
        )
    }
    if town.latitude is not None and town.longitude is not None:
        drawn["map"] = town_map_svg(
            _place(town, "town"),
            list(places.values()),
            [(town.id, other_id) for other_id in tied],
            node_modules=current_app.config["NODE_MODULES"],
            title=_("Carte de %(name)s et de ses voisines", name=town.name),
            legend=[
                ("town", _("La commune")),
                ("facing", _("Communes en face")),
                ("tied", _("Partenaires liés")),
                ("structure", _("Structures")),
            ],
        )
    return drawn


def data_uri(svg):
    """An SVG as an ``<img src>`` (the same markup for the page and the PDF)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def phrase_step(code, params):
    template = REPORT_STEPS[code]
    return str(template) % params if params else str(template)


def next_steps_text(report, version):
    """The next steps as sentences: the facilitator's own when the version has some, else the generated ones."""
    if version is not None and version.next_steps is not None:
        return list(version.next_steps)
    return [phrase_step(code, params) for code, params in report["next_steps"]]


def report_page(user, organisation, **extra):
    """The report's HTML page as ``user`` reads it (members: the last shared version)."""
    report = reports.astonishment_report(organisation)
    version = report_versions.version_for(user, organisation)
    return render_template(
        "capitalisation/report.html",
        report=report,
        version=version,
        steps=next_steps_text(report, version),
        pictures={name: data_uri(svg) for name, svg in pictures(report).items()},
        can_edit=can_edit_report(user, organisation),
        facing_radius_km=d.REPORT_FACING_RADIUS_KM,
        vocab=vocab,
        borders={b.code: b for b in load_borders()},
        **extra,
    )


def report_pdf(user, organisation, base_url):
    """The report's PDF: its page on the PDF layout (``capitalisation/pdf_base.html``), through WeasyPrint."""
    html = report_page(user, organisation, base_template="capitalisation/pdf_base.html", generated_on=format_date(format="long"))
    return render_pdf(html, base_url)


def render_pdf(html, base_url):
    return html_to_pdf(
        html, base_url=base_url, static_folder=current_app.static_folder, static_url_path=current_app.static_url_path
    )


def report_data(report, version):
    """The report as plain data for the API (``ReportOut``): codes with their reader's-language sentences."""
    town = report["organisation"]
    return {
        "town": town,
        "labels": [label.label for label in town.labels],
        "borders": report["borders"],
        "facing_municipalities": [{"organisation": o, "distance_km": round(km, 1)} for o, km in report["facing"]],
        "ties": [{"kind": t.kind, "since_year": t.since_year, "organisation": t.other(town.id)} for t in report["ties"]],
        "structures": report["structures"],
        "counterparts": [
            {
                "border": border,
                "organisation": other,
                "score": suggestion["score"],
                "distance_km": suggestion.get("distance_km"),
                "reasons": [f for f in suggestion["factors"] if f["value"] >= 0.5],
            }
            for border, items in report["counterparts"].items()
            for other, suggestion in items
        ],
        "instruments": [{"border": b, "codes": [i.code for i in found]} for b, found in report["instruments"].items()],
        "programmes": [{"code": p.code, "name": p.name, "kind": p.kind} for p in report["programmes"]],
        "problems": [{"id": s.id, "title": s.title} for s in report["problems"]],
        "precedents": [{"id": s.id, "title": s.title, "reasons": list(reasons)} for s, reasons in report["precedents"]],
        "generated_steps": [
            {"code": code, "params": params, "text": phrase_step(code, params)} for code, params in report["next_steps"]
        ],
        "next_steps": next_steps_text(report, version),
        "introduction": version.introduction if version is not None else None,
        "version": version,
    }
