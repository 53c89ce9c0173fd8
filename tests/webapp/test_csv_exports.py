"""CSV exports neutralise cells a spreadsheet would run as formulas (CSV injection)."""

import csv
import io

import pytest

from .. import factories
from ..factories import BASEL, SAINT_LOUIS

# (Leading tabs and carriage returns are stripped by the forms before they reach an export: tests/graph/test_csv_cells.py.)
FORMULAS = ['=HYPERLINK("http://evil.example","clic")', "+41 61 267 85 00", "-2+3", "@SUM(A1:A9)"]


def rows(response):
    """The table of a CSV download, in either dialect (spreadsheet: BOM and ";"; raw: commas)."""
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    if text.startswith("\ufeff"):
        return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("formula", FORMULAS)
def test_introductions_export_neutralises_formulas(app, client, auth, formula):
    saint_louis = factories.make_org(app, **SAINT_LOUIS)
    basel = factories.make_org(app, **BASEL)
    official = factories.make_user(app, "official", organisations=[saint_louis])
    facilitator = factories.make_user(app, "facilitator")
    auth.login(official.email)
    response = client.post(
        f"/introductions/new/{basel}",
        data={
            "requester_id": str(saint_louis),
            "counterpart_id": str(basel),
            "purpose": formula,
            "ambition": "shared_service",
            "themes": ["mobility"],
            "languages": ["fr", "de"],
            "message": "Une ligne de bus commune ?",
        },
    )
    assert response.status_code == 302
    auth.logout()
    auth.login(facilitator.email)
    header, row = rows(client.get("/introductions/export.csv"))
    purpose = row[header.index("Objet")]  # French column names for a French reader
    assert purpose == "'" + formula
    assert row[header.index("Demandeur")] == "Saint-Louis"  # ordinary text untouched


def test_graph_csv_exports_neutralise_names_but_keep_negative_numbers(app, client):
    evil = factories.make_org(
        app, name='=HYPERLINK("http://evil.example","x")', official_code="68149", latitude=47.5925, longitude=7.5831
    )
    west = factories.make_org(app, name="@Hendaye", official_code="64260", latitude=43.3586, longitude=-1.7744)
    factories.make_org(app, **BASEL)
    factories.make_tie(app, evil, west, "twinning")
    nodes = rows(client.get(f"/api/v1/graph?center={evil}&depth=1&format=nodes.csv&dialect=raw"))
    header, body = nodes[0], {int(r[0]): r for r in nodes[1:]}
    assert body[evil][header.index("name")] == '\'=HYPERLINK("http://evil.example","x")'
    assert body[west][header.index("name")] == "'@Hendaye"
    assert body[west][header.index("lon")] == "-1.7744"  # a number, not text: left as it is
    edges = rows(client.get(f"/api/v1/graph?center={evil}&depth=1&format=edges.csv&dialect=raw"))
    names = {edges[0][i]: v for row in edges[1:] if "twinning" in row for i, v in enumerate(row)}
    assert {names["source_name"], names["target_name"]} == {'\'=HYPERLINK("http://evil.example","x")', "'@Hendaye"}
