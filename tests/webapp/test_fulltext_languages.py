"""Full-text search in the sheets' languages: on PostgreSQL a query stems in French, German, Italian and Spanish
(and matches exact words and prefixes); SQLite's FTS5 matches words and prefixes."""

import pytest
from flask_login import AnonymousUserMixin

from webapp.extensions import db
from webapp.services import capitalisation

SHEETS = {
    "de": ("Grenzgänger und Krankenhäuser", "Die Grenzgänger am Oberrhein nutzen die Krankenhäuser beider Länder."),
    "it": ("Ospedali transfrontalieri", "I lavoratori frontalieri usano gli ospedali delle due valli."),
    "es": ("Escuelas bilingües", "Las escuelas de la Cerdanya enseñan en dos lenguas."),
    "fr": ("Navette frontalière", "Une navette relie les gares des deux villes."),
}


@pytest.fixture
def sheets(app):
    ids = {}
    with app.test_request_context():
        for language, (title, summary) in SHEETS.items():
            sheet = capitalisation.create_sheet(None, "project", {"title": title, "summary": summary, "borders": ["FR-DE"]})
            sheet.status = "published"
            ids[language] = sheet.id
        db.session.commit()
    return ids


def _found(app, q):
    with app.test_request_context():
        return {s.id for s in db.session.scalars(capitalisation.search_sheets(AnonymousUserMixin(), q=q))}


def _postgresql(app):
    with app.app_context():
        return db.engine.dialect.name == "postgresql"


def test_words_and_prefixes_are_found_in_every_language(app, sheets):
    assert _found(app, "Grenzgänger") == {sheets["de"]}
    assert _found(app, "krankenh") == {sheets["de"]}
    assert _found(app, "ospedali") == {sheets["it"]}
    assert _found(app, "escuelas bilingues") == {sheets["es"]}
    assert _found(app, "navette gares") == {sheets["fr"]}


def test_a_german_query_stems_german_on_postgresql(app, sheets):
    """'Grenzgängern' (dative plural) is neither the stored word nor a prefix of it: only German stemming finds it."""
    if not _postgresql(app):
        # FTS5 (unicode61) does not stem: the inflected word is not found, the stored one is.
        assert _found(app, "Grenzgängern") == set()
        return
    assert _found(app, "Grenzgängern") == {sheets["de"]}
    assert _found(app, "Krankenhaus") == {sheets["de"]}  # "Krankenhäuser" stems to it
    assert _found(app, "ospedale") == {sheets["it"]}  # Italian singular of "ospedali"
    assert _found(app, "escuela") == {sheets["es"]}
    assert _found(app, "navettes") == {sheets["fr"]}


def test_the_index_holds_each_language_configuration(app):
    with app.app_context():
        if not _postgresql(app):
            assert db.session.execute(db.text("SELECT count(*) FROM sqlite_master WHERE name = 'sheet_search'")).scalar() == 1
            return
        definition = db.session.execute(
            db.text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_sheets_fulltext'")
        ).scalar()
        for config in ("simple", "french", "german", "italian", "spanish"):
            assert f"'{config}'::regconfig" in definition
