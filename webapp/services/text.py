import re
import unicodedata


def fold(text):
    """Lower-case, accent-free, single-spaced text for searching ("Genève" -> "geneve").

    >>> fold("  Saint-Louis (Haut-Rhin) ")
    'saint louis haut rhin'
    >>> fold("Wœrth"), fold("Großrosseln")
    ('woerth', 'grossrosseln')
    """
    text = (text or "").replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", " ", ascii_text.lower()).strip()


# A host name with a dot (delle.fr, www.basel.ch), then optionally a port, a path, a query or a fragment.
BARE_DOMAIN = re.compile(
    r"^(?:[a-z0-9\u00a0-\uffff](?:[a-z0-9\u00a0-\uffff-]*[a-z0-9\u00a0-\uffff])?\.)+[a-z\u00a0-\uffff]{2,}(?::\d+)?(?:[/?#]\S*)?$",
    re.IGNORECASE,
)


def web_address(text):
    """A website as typed, with ``https://`` in front of a bare domain (``delle.fr``); other text unchanged.

    Stored complete, so every link to it works; the URL check that follows refuses what is still not an address.

    >>> web_address(" delle.fr "), web_address("www.ville-delle.fr/mairie"), web_address("http://delle.fr")
    ('https://delle.fr', 'https://www.ville-delle.fr/mairie', 'http://delle.fr')
    >>> web_address(""), web_address(None), web_address("pas une adresse")
    ('', None, 'pas une adresse')
    """
    if not isinstance(text, str):
        return text
    text = text.strip()
    if text and "://" not in text and BARE_DOMAIN.match(text):
        return f"https://{text}"
    return text
