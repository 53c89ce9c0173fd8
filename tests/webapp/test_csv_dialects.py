"""CSV downloads open cleanly in a spreadsheet in the reader's language; ``dialect=raw`` keeps codes and commas."""

import csv
import io

import pytest

from webapp.csv_export import BOM

from .. import factories
from ..factories import BASEL, SAINT_LOUIS


@pytest.fixture
def world(app, client, auth):
    saint_louis = factories.make_org(app, **SAINT_LOUIS)
    basel = factories.make_org(app, **BASEL)
    west = factories.make_org(app, name="@Hendaye", official_code="64260", latitude=43.3586, longitude=-1.7744)
    factories.make_org(app, name="Riehen", kind="commune", country="CH", latitude=47.5886, longitude=7.6522, population=21000)
    factories.make_tie(app, saint_louis, basel, "twinning", since_year=2012)
    official = factories.make_user(app, "official", organisations=[saint_louis])
    facilitator = factories.make_user(app, "facilitator")
    auth.login(official.email)
    response = client.post(
        f"/introductions/new/{basel}",
        data={
            "requester_id": str(saint_louis),
            "counterpart_id": str(basel),
            "purpose": "=1+1",
            "ambition": "shared_service",
            "message": "Une ligne de bus commune ?",
        },
    )
    assert response.status_code == 302
    auth.logout()
    auth.login(facilitator.email)
    return {"saint_louis": saint_louis, "basel": basel, "west": west}


def spreadsheet(response):
    """A spreadsheet-dialect download: BOM, then ";"-separated cells; returned as a list of dicts."""
    assert response.status_code == 200 and response.mimetype == "text/csv", response.status_code
    text = response.get_data(as_text=True)
    assert text.startswith(BOM) and response.get_data().startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def raw(response):
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert not text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text)))


def test_requests_export_for_a_french_spreadsheet(client, world):
    [row] = spreadsheet(client.get("/introductions/export.csv"))
    assert row["Demandeur"] == "Saint-Louis" and row["Organisation sollicitée"] == "Bâle"
    assert row["Étape"] == "Nouvelle" and row["Pays de l'organisation sollicitée"] == "Suisse"
    assert row["Pays du demandeur"] == "France" and row["Ambition"] == "Service ou équipement partagé"
    assert row["Objet"] == "'=1+1"  # still neutralised
    assert row["Réponse du partenaire"] == "" and row["Résultat"] == ""


def test_requests_export_in_the_readers_language(client, world):
    [row] = spreadsheet(client.get("/introductions/export.csv?lang=de"))
    assert row["Antragsteller"] == "Saint-Louis" and row["Land der angefragten Organisation"] == "Schweiz"
    assert row["Phase"] == "Neu"


def test_requests_export_raw_keeps_codes_and_commas(client, world):
    [row] = raw(client.get("/introductions/export.csv?dialect=raw"))
    assert (row["status"], row["counterpart_country"], row["ambition"]) == ("new", "CH", "shared_service")
    assert row["requester"] == "Saint-Louis" and row["purpose"] == "'=1+1"


def test_an_unknown_dialect_on_the_site_gives_the_spreadsheet(client, world):
    assert spreadsheet(client.get("/introductions/export.csv?dialect=excel"))[0]["Étape"] == "Nouvelle"


def test_network_nodes_for_a_french_spreadsheet(client, world):
    center = world["saint_louis"]
    rows = {r["Nom"]: r for r in spreadsheet(client.get(f"/api/v1/graph?center={center}&depth=1&format=nodes.csv&lang=fr"))}
    assert rows["Bâle"]["Pays"] == "Suisse" and rows["Bâle"]["Type"] == "Commune"
    assert rows["Saint-Louis"]["Labels"] == "Petites Villes de Demain"
    assert rows["Saint-Louis"]["Latitude"] == "47,59" and rows["Saint-Louis"]["Population"] == "22000"
    assert "France – Suisse" in rows["Saint-Louis"]["Frontières"]


def test_network_ties_for_a_french_spreadsheet(client, world):
    center = world["saint_louis"]
    rows = spreadsheet(client.get(f"/api/v1/graph?center={center}&depth=1&format=edges.csv&lang=fr"))
    twinning = next(r for r in rows if r["Suggéré"] == "non")
    assert {twinning["Première organisation"], twinning["Seconde organisation"]} == {"Saint-Louis", "Bâle"}
    assert twinning["Types de lien"] == "Jumelage" and twinning["Depuis"] == "2012"
    suggested = [r for r in rows if r["Suggéré"] == "oui"]
    assert suggested and all("," in r["Score"] or r["Score"] in ("0", "1") for r in suggested)  # a decimal comma


def test_network_csv_in_german_and_numbers_neutralised_only_when_text(client, world):
    west = world["west"]
    rows = spreadsheet(client.get(f"/api/v1/graph?center={west}&depth=1&format=nodes.csv&lang=de"))
    [hendaye] = [r for r in rows if "Hendaye" in r["Name"]]
    assert hendaye["Name"] == "'@Hendaye"  # text that looks like a formula is neutralised
    assert hendaye["Längengrad"] == "-1,7744"  # a negative number is a number, not a formula
    assert hendaye["Land"] == "Frankreich"


def test_network_csv_raw_is_todays_codes_and_commas(client, world):
    center = world["saint_louis"]
    text = client.get(f"/api/v1/graph?center={center}&depth=1&format=nodes.csv&dialect=raw").get_data(as_text=True)
    assert text.startswith("id,name,country,kind,labels,status,population,degree,lat,lon,borders\r\n")
    rows = {r["name"]: r for r in raw(client.get(f"/api/v1/graph?center={center}&depth=1&format=nodes.csv&dialect=raw"))}
    assert rows["Bâle"]["country"] == "CH" and rows["Saint-Louis"]["labels"] == "pvd" and rows["Saint-Louis"]["lat"] == "47.59"
    edges = raw(client.get(f"/api/v1/graph?center={center}&depth=1&format=edges.csv&dialect=raw"))
    assert {"twinning"} <= {r["kinds"] for r in edges} and {r["suggested"] for r in edges} <= {"True", "False"}


def test_an_unknown_dialect_on_the_api_is_a_422(client, world):
    response = client.get(f"/api/v1/graph?center={world['saint_louis']}&format=nodes.csv&dialect=excel")
    assert response.status_code == 422 and "dialect" in response.json["error"]["fields"]
