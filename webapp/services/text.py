import re
import unicodedata


def fold(text):
    """Lower-case, accent-free, single-spaced text for searching ("Genève" -> "geneve").

    >>> fold("  Saint-Louis (Haut-Rhin) ")
    'saint louis haut rhin'
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", " ", ascii_text.lower()).strip()
