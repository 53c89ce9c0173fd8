"""Governance reasons and partner-set errors: codes from graph/, sentences from the catalog."""

import pytest
from babel.support import Translations

import graph as engine
from webapp.extensions import db as _db
from webapp.reasons import phrase_graph_error, phrase_reason
from webapp.services.reference.loader import load_reference

from .. import factories
from ..factories import KEHL, SAINT_LOUIS


@pytest.fixture
def world(app):
    with app.app_context():
        load_reference(places=[])
        _db.session.commit()
    return {
        "saint_louis": factories.make_org(app, **SAINT_LOUIS),
        "kehl": factories.make_org(app, **KEHL),
        "spain": factories.make_org(app, name="Reino de España", kind="state", country="ES"),
        "menton": factories.make_org(app, name="Menton", official_code="06083", latitude=43.7747, longitude=7.4975),
    }


def german(app, msgid):
    text = Translations.load(app.config["BABEL_TRANSLATION_DIRECTORIES"], ["de"]).gettext(msgid)
    assert text != msgid, f"the German catalog does not translate {msgid!r} yet"
    return text


def test_api_reasons_carry_code_parameters_and_a_sentence_in_the_asked_language(app, client, world):
    url = f"/api/v1/governance?partners={world['saint_louis']}&partners={world['kehl']}&ambition=permanent_body"
    french = client.get(url).json
    convention = next(i for i in french["instruments"] if i["code"] == "convention")
    border, ambition = convention["reasons"][0], convention["reasons"][-1]
    assert border == {"code": "border_included", "borders": ["FR-DE"], "text": "S'applique à la frontière FR-DE."}
    assert ambition["code"] == "ambition_not_met" and ambition["ambition"] == "permanent_body"
    assert ambition["text"].startswith("Ne suffit pas pour cette ambition (Organisme commun permanent")
    in_german = client.get(url, headers={"Accept-Language": "de"}).json
    german_border = next(i for i in in_german["instruments"] if i["code"] == "convention")["reasons"][0]
    assert german_border["text"] == german(app, "S'applique à la frontière %(borders)s.") % {"borders": "FR-DE"}


def test_every_code_the_engine_returns_has_a_sentence(app, world):
    with app.test_request_context():
        from webapp.services.suggestions import governance

        seen = set()
        for partners, ambition in [
            ([world["saint_louis"], world["kehl"]], "exchange"),
            ([world["saint_louis"], world["kehl"], world["spain"]], "permanent_body"),
        ]:
            result, _, _ = governance(partners, ambition)
            for reason in [r for i in result["instruments"] for r in i["reasons"]] + [
                r for s in result["structures"] for r in s["reasons"]
            ]:
                seen.add(reason["code"])
                assert "(%s)" % reason["code"] not in phrase_reason(reason)
        assert {"border_included", "ambition_met", "state_not_member", "border_excluded"} <= seen


def test_reason_sentences_follow_the_locale(app):
    from flask_babel import force_locale

    reason = {"code": "structure_has_members", "nodes": [1, 2], "names": ["Saint-Louis", "Huningue"]}
    with app.test_request_context():
        with force_locale("fr"):
            assert phrase_reason(reason) == "Déjà membres : Saint-Louis et Huningue."
        with force_locale("en"):
            assert "Saint-Louis and Huningue" in phrase_reason(reason)
        assert "kind_of_reason_nobody_knows" in phrase_reason({"code": "kind_of_reason_nobody_knows"})


def test_partner_set_errors_are_phrased_from_their_code(app):
    with app.test_request_context():
        assert phrase_graph_error(engine.InvalidPartners(code="no_border_with", countries=["GB", "PT"])) == (
            "Aucune frontière de la France avec : GB et PT."
        )
        assert phrase_graph_error(engine.InvalidPartners(code="single_country", country="FR")).startswith("Tous les partenaires")
        assert phrase_graph_error(engine.UnknownBorder("Frontière inconnue : FR-XX.")) == "Frontière inconnue : FR-XX."


def test_partnership_page_in_german(app, client, world):
    page = client.get(
        f"/organisations/partnership?partners={world['saint_louis']}&partners={world['kehl']}&ambition=exchange",
        headers={"Accept-Language": "de"},
    ).get_data(as_text=True)
    assert german(app, "S'applique à la frontière %(borders)s.") % {"borders": "FR-DE"} in page
    assert "S'applique à la frontière" not in page
    errors = client.get(
        f"/organisations/partnership?partners={world['saint_louis']},{world['menton']}", headers={"Accept-Language": "de"}
    ).get_data(as_text=True)
    assert german(app, "Tous les partenaires sont dans le même pays : ce n'est pas une coopération transfrontalière.") in errors


def test_api_explains_suggestions_in_the_asked_language(app, client, world):
    from ..factories import BASEL

    factories.make_org(app, themes=["health"], **BASEL)
    client_url = f"/api/v1/organisations/{world['saint_louis']}/suggestions?border=FR-CH"
    french = client.get(client_url).json["suggestions"]
    german = client.get(client_url, headers={"Accept-Language": "de"}).json["suggestions"]
    assert [s["organisation"]["id"] for s in french] == [s["organisation"]["id"] for s in german]
    french_texts = {f["explanation"] for s in french for f in s["factors"]}
    german_texts = {f["explanation"] for s in german for f in s["factors"]}
    assert french_texts and german_texts and french_texts.isdisjoint(german_texts)
