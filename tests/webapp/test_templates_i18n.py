"""Every word a template shows goes through the catalog: no text outside _() in templates/."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment, nodes

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
GETTEXT = {"_", "gettext", "ngettext", "pgettext"}
# Shown as they are in every language: the product's name, file formats, symbols.
ALLOWED_WORDS = {"Passerelle", "PNG", "SVG", "PDF", "GraphML", "GEXF", "CSV", "JSON", "API", "OpenAPI", "km"}
PLACEHOLDER = "\ue000"  # stands for an {{ expression }}: not a letter
VISIBLE_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "summary", "label", "data-label"}
# A French sentence in a Jinja string constant: an accent or a common French word, and a space.
FRENCH = re.compile(
    r"[éèàêùçôîâœÉÈÀÇ«»]|\b(le|la|les|des|du|une|un|est|pas|vous|votre|aucun|aucune|pour|avec|sans|dans|sur)\b", re.I
)

# French typography's space before a colon (or ;, ?, !) written in the markup would show in every language:
# the punctuation belongs inside the translated message ("%(label)s :" is "%(label)s:" in English).
FRENCH_SPACED_PUNCTUATION = re.compile(r"(^|\s)[:;?!](\s|$)")


class _VisibleText(HTMLParser):
    """The text a reader sees in an HTML fragment: text nodes and visible attributes, not scripts or styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.found += [value for name, value in attrs if name in VISIBLE_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.found.append(data)


def _words(text):
    return [w for w in re.findall(r"[^\W\d_]{2,}", text) if w not in ALLOWED_WORDS]


def _inside_gettext(node, parents):
    return any(isinstance(p, nodes.Call) and isinstance(p.node, nodes.Name) and p.node.name in GETTEXT for p in parents)


def _walk(node, parents=()):
    yield node, parents
    for child in node.iter_child_nodes():
        yield from _walk(child, (*parents, node))


def unmarked_strings(source):
    """Text of a template shown to readers without going through gettext."""
    problems = []
    # The markup with each {{ expression }} as a placeholder and {% tags %} removed: what a reader could see.
    markup = re.sub(r"{#.*?#}", "", source, flags=re.S)
    markup = re.sub(r"{{.*?}}", PLACEHOLDER, markup, flags=re.S)
    markup = re.sub(r"{%.*?%}", "", markup, flags=re.S)
    parser = _VisibleText()
    parser.feed(re.sub(r"<!--.*?-->", "", markup, flags=re.S))
    problems += [text.strip() for text in parser.found if _words(text) or FRENCH_SPACED_PUNCTUATION.search(text)]
    # French sentences written as Jinja strings ({{ x or "Aucun" }}) rather than passed to _().
    tree = Environment(extensions=["jinja2.ext.i18n"]).parse(source)
    for node, parents in _walk(tree):
        if isinstance(node, nodes.Const) and isinstance(node.value, str) and not _inside_gettext(node, parents):
            if FRENCH.search(node.value) and " " in node.value.strip():
                problems.append(node.value)
    return problems


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_template_has_no_unmarked_text(path):
    assert unmarked_strings(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source, found",
    [
        ("<p>Bonjour</p>", ["Bonjour"]),
        ('<a title="Mot de passe">{{ _("Entrer") }}</a>', ["Mot de passe"]),
        ("{{ x or 'Aucune donnée' }}", ["Aucune donnée"]),
        ("<p>{{ _('Bonjour') }} · Passerelle — 2026</p>", []),
        ("<script>const a = 'données';</script>", []),
        ("{{ _('%(n)s liens', n=x) }}<a href=\"{{ url_for('main.index') }}\">{{ name }}</a>", []),
        ("<li>{{ label }} : {{ value }}</li>", ["\ue000 : \ue000"]),
        ('<li><a href="{{ url }}">{{ name }}</a> :\n {{ value }}</li>', [":\n \ue000"]),
        ("<li>{{ _('%(label)s :', label=label) }} {{ value }} — {{ other }}</li>", []),
    ],
)
def test_the_scan_itself(source, found):
    assert unmarked_strings(source) == found
