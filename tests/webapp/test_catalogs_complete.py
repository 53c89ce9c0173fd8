"""Every message of the interface is translated in every language (French is the source)."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


@pytest.mark.parametrize("language", ["de", "it", "es", "nl", "en", "ca"])
def test_catalog_translates_every_message(language):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    untranslated = [
        m.id for m in catalog if m.id and (m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))
    ]
    assert untranslated == [], f"{len(untranslated)} messages untranslated in {language}, e.g. {untranslated[:5]}"
