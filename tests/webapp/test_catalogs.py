"""The translation catalogs follow the code: messages.pot holds every marked string, each catalog every
message of messages.pot, and a translation keeps its placeholders."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
LANGUAGES = ["fr", "de", "it", "es", "nl", "en", "ca"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def catalog(path):
    with open(path, "rb") as handle:
        return read_po(handle)


def msgids(messages):
    return {m.id if isinstance(m.id, str) else m.id[0] for m in messages if m.id}


def test_messages_pot_holds_every_marked_string(tmp_path):
    """Fails when someone marks a string and forgets `make catalogs` (extract + update)."""
    fresh = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-o", str(fresh), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    missing = msgids(catalog(fresh)) - msgids(catalog(TRANSLATIONS / "messages.pot"))
    assert not missing, f"run `make catalogs`: {sorted(missing)[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalog_has_the_templates_messages(language):
    template = msgids(catalog(TRANSLATIONS / "messages.pot"))
    assert msgids(catalog(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po")) == template


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language):
    wrong = []
    for message in catalog(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        for text in strings:
            if text and set(PLACEHOLDER.findall(text)) - wanted:
                wrong.append((ids[0], text))
            if text and len(ids) == 1 and set(PLACEHOLDER.findall(text)) != wanted:
                wrong.append((ids[0], text))
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_is_current(language):
    po = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, "run `make setup` (pybabel compile)"
