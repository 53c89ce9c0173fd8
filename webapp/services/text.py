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
