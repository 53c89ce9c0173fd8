"""The rapport d'étonnement as documents: its PDF (text read back with pypdf), its pictures, its JSON in the API
and who may read each; WeasyPrint fetches nothing but the application's static files."""

import base64
import io
import re
from pathlib import Path

import pypdf
import pytest

from webapp.geo.pictures import ego_graph_svg, town_map_svg
from webapp.services.pdf import LocalFetcher

from .. import factories
from .test_reports import town  # noqa: F401  (the fixture: Saint-Louis, Basel, a structure, sheets, users)

ROLES = ["anonymous", "official", "partner", "other_member", "facilitator", "admin"]
ALLOWED = {"official", "facilitator", "admin"}


def pdf_text(data):
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_holds_the_town_a_facing_municipality_and_a_counterparts_reason(client, auth, town):
    auth.login(town["users"]["official"].email)
    response = client.get(f"/sheets/reports/{town['town']}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(pdf_text(response.data).split())
    assert "Rapport d'étonnement : Saint-Louis" in text
    assert "Communes en face Bâle (CH, 3,7 km)" in text  # the facing municipality, with its distance
    assert "Même agglomération de part et d'autre de la frontière" in text  # why Basel is the best counterpart
    assert "Langue parlée des deux côtés : allemand" in text
    assert "Se soigner en Suisse" in text and "Bus Huningue-Bâle" in text
    assert "Préparer un micro-projet ou un projet avec le programme Interreg Rhin Supérieur" in text
    # The pictures are drawn in the PDF (their text is the names and the legends)
    assert "Partenaires suggérés" in text and "Structures" in text and "5 km" in text


def test_the_pdf_speaks_the_readers_language(client, auth, town):
    auth.login(town["users"]["facilitator"].email)
    text = " ".join(pdf_text(client.get(f"/sheets/reports/{town['town']}/pdf?lang=de").data).split())
    assert "Frankreich – Schweiz" in text and "France – Suisse" not in text


def _svg(page, alt):
    found = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="' + re.escape(alt), page)
    assert found, alt
    return base64.b64decode(found.group(1)).decode("utf-8")


def test_the_page_shows_the_map_and_the_ego_graph(client, auth, town):
    auth.login(town["users"]["facilitator"].email)
    page = client.get(f"/sheets/reports/{town['town']}").get_data(as_text=True)
    drawn = _svg(page, "Carte de Saint-Louis et de ses voisines")
    assert "Saint-Louis" in drawn and "Bâle" in drawn and "Eurodistrict Trinational de Bâle" in drawn
    assert "<polyline" in drawn  # the France–Switzerland border from world-atlas
    graph = _svg(page, "Liens de Saint-Louis")
    assert graph.count("<circle") == 3 + 2  # town, the structure it is tied to, Basel suggested; two legend dots
    assert "stroke-dasharray" in graph  # the suggested counterpart, dashed
    assert f"/sheets/reports/{town['town']}/pdf" in page


def test_pictures_escape_names_and_draw_country_outlines():
    node_modules = Path(__file__).resolve().parents[2] / "node_modules"
    svg = town_map_svg(
        {"id": 1, "name": "A<b>&", "lat": 47.59, "lon": 7.56},
        [
            {"id": 2, "name": "Lörrach", "lat": 47.61, "lon": 7.66, "role": "facing"},
            {"id": 3, "name": "Nowhere", "lat": None, "lon": None, "role": "tied"},
        ],
        [(1, 2), (1, 3)],
        node_modules=node_modules,
        title="t",
    )
    assert "A&lt;b&gt;&amp;" in svg and "Nowhere" not in svg
    assert svg.count("<polyline") >= 2  # the FR-CH and DE-CH borders meet at Basel
    assert ego_graph_svg("Solo", [], [], title="t").count("<circle") == 1


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_the_pdf_and_the_api_report(client, auth, town, role):
    headers = auth.token(town["users"][role].email) if role != "anonymous" else {}
    response = client.get(f"/api/v1/organisations/{town['town']}/report", headers=headers)
    expected = 200 if role in ALLOWED else (401 if role == "anonymous" else 403)
    assert response.status_code == expected
    if role != "anonymous":
        auth.login(town["users"][role].email)
    pdf = client.get(f"/sheets/reports/{town['town']}/pdf")
    if role == "anonymous":
        assert pdf.status_code == 302 and "/auth/login" in pdf.location
    else:
        assert pdf.status_code == (200 if role in ALLOWED else 403)


def test_the_api_report_in_json(client, auth, town):
    headers = auth.token(town["users"]["official"].email)
    body = client.get(f"/api/v1/organisations/{town['town']}/report", headers=headers).json
    assert body["town"]["name"] == "Saint-Louis" and body["labels"] == ["pvd"]
    assert set(body["borders"]) == {"FR-CH", "FR-DE"}
    assert body["facing_municipalities"] == [
        {"organisation": {"id": town["basel"], "name": "Bâle", "country": "CH", "kind": "commune"}, "distance_km": 3.7}
    ]
    assert [t["organisation"]["name"] for t in body["ties"]] == ["Eurodistrict Trinational de Bâle"]
    assert [s["name"] for s in body["structures"]] == ["Eurodistrict Trinational de Bâle"]
    best = body["counterparts"][0]
    assert best["border"] == "FR-CH" and best["organisation"]["name"] == "Bâle"
    codes = {r["code"] for r in best["reasons"]}
    assert "distance" in codes and all(r["explanation"] for r in best["reasons"])
    assert {"border": "FR-CH", "codes": body["instruments"][0]["codes"]} in body["instruments"]
    assert "egtc" in body["instruments"][0]["codes"]
    assert [p["code"] for p in body["programmes"]] == ["rhin_superieur"]
    assert [p["title"] for p in body["problems"]] == ["Se soigner en Suisse"]
    assert body["precedents"][0]["title"] == "Bus Huningue-Bâle" and "border" in body["precedents"][0]["reasons"]
    assert body["generated_steps"][0]["code"] == "request_introduction"
    assert body["next_steps"][0] == "Demander à la MOT une mise en relation avec Bâle, le partenaire le mieux placé."
    assert body["introduction"] is None and body["version"] is None
    assert "contact" in body["town"]  # a member sees the town's private contact field


def test_the_api_report_as_pdf_and_errors(client, auth, town, app):
    headers = auth.token(town["users"]["facilitator"].email)
    response = client.get(f"/api/v1/organisations/{town['town']}/report?format=pdf", headers=headers)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "Saint-Louis" in pdf_text(response.data)
    bad = client.get(f"/api/v1/organisations/{town['town']}/report?format=docx", headers=headers)
    assert bad.status_code == 422 and "format" in bad.json["error"]["fields"]
    assert client.get(f"/api/v1/organisations/{town['basel']}/report", headers=headers).status_code == 404
    assert client.get("/api/v1/organisations/999999/report", headers=headers).status_code == 404
    plain = factories.make_org(app, name="Village", country="FR", borders=["FR-CH"])
    assert client.get(f"/api/v1/organisations/{plain}/report", headers=headers).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/logo.png",
        "http://site.test/other/file.css",
        "http://site.test/static/../config.py",
        "http://site.test/static/%2e%2e/config.py",
        "file:///etc/passwd",
        "http://elsewhere.test/static/css/pdf.css",
    ],
)
def test_weasyprint_fetches_nothing_but_static_files(app, url):
    fetcher = LocalFetcher("http://site.test/", app.static_folder, "/static")
    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_weasyprint_reads_static_files_and_data_urls(app):
    fetcher = LocalFetcher("http://site.test/", app.static_folder, "/static")
    css = fetcher.fetch("http://site.test/static/css/pdf.css")
    assert b"DejaVu Sans" in css.read() and css.headers["Content-Type"] == "text/css"
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
