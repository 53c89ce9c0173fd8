"""Names that mirror each other across a border (Comines / Comines-Warneton, Neuf-Brisach / Breisach).

A name is folded (lower case, no accents), cut into words, and the words that say nothing about
the place itself are dropped: articles, "saint"/"sankt"/"san", "new"/"old", "upper"/"lower", rivers
and the like. What is left is the name's root. Two roots mirror each other when their letter
trigrams overlap: the overlap coefficient ``|A & B| / min(|A|, |B|)``.

For speed the trigram sets are also kept as 128-bit sketches (two int64 columns, each trigram
hashed to one bit), so a query compares a name with thousands of candidates with two vectorised
popcounts; the sketch can only overstate an overlap (hash collisions), and the explanation of a
shown suggestion is recomputed exactly from the roots.
"""

import functools
import re
import unicodedata
import zlib

import numpy as np

__all__ = [
    "MIRROR_FLOOR",
    "MIRROR_SPAN",
    "fold_name",
    "mirror_value",
    "name_overlap",
    "name_root",
    "name_sketch",
    "sketch_overlap",
    "trigrams",
]

# Words that do not identify a place: articles and prepositions (fr, de, it, es, ca, nl), generic
# qualifiers (saint, new, upper...) and the border rivers that name towns on both banks.
_NOISE = frozenset(
    [
        "le",
        "la",
        "les",
        "l",
        "de",
        "du",
        "des",
        "d",
        "en",
        "sur",
        "sous",
        "lez",
        "les",
        "aux",
        "au",
        "et",
        "am",
        "an",
        "im",
        "in",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "bei",
        "ob",
        "zum",
        "zur",
        "und",
        "a",
        "di",
        "del",
        "della",
        "dello",
        "dei",
        "degli",
        "delle",
        "al",
        "alla",
        "sul",
        "sulla",
        "e",
        "el",
        "los",
        "las",
        "y",
        "het",
        "van",
        "op",
        "aan",
        "sint",
        "saint",
        "sainte",
        "st",
        "ste",
        "sankt",
        "san",
        "sant",
        "santa",
        "santo",
        "sao",
        "neuf",
        "neuve",
        "nouveau",
        "neu",
        "nieuw",
        "nuovo",
        "nueva",
        "nou",
        "vieux",
        "alt",
        "vieil",
        "haut",
        "haute",
        "hautes",
        "ober",
        "oberer",
        "obere",
        "bas",
        "basse",
        "nieder",
        "unter",
        "grand",
        "grande",
        "gross",
        "klein",
        "petit",
        "petite",
        "ville",
        "stadt",
        "dorf",
        "bad",
        "bains",
        "lac",
        "bois",
        "chateau",
        "rhin",
        "rhein",
        "rhine",
        "sarre",
        "saar",
        "moselle",
        "mosel",
        "lys",
        "leie",
        "escaut",
        "schelde",
        "meuse",
        "maas",
        "doubs",
    ]
)
_NOT_LETTERS = re.compile(r"[^a-z]+")
MIRROR_FLOOR = 0.55  # below this trigram overlap two roots are unrelated (measured: 0.3 % of nearby pairs reach it)
MIRROR_SPAN = 0.35  # an overlap of MIRROR_FLOOR + MIRROR_SPAN or more counts as a full mirror


def fold_name(name):
    """Lower-case ASCII words of a name.

    Examples
    --------
    >>> fold_name("Neuf-Brisach"), fold_name("Großrosseln"), fold_name("Saint-Gingolph")
    ('neuf brisach', 'grossrosseln', 'saint gingolph')
    """
    text = (name or "").replace("/", " ")
    if not text.isascii():
        text = text.replace("œ", "oe").replace("Œ", "OE").replace("ß", "ss")
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NOT_LETTERS.sub(" ", text.lower()).strip()


def name_root(name):
    """The words of a name that identify the place (see the module docstring).

    Belgian bilingual names ("Comines-Warneton / Komen-Waasten") keep their first form only.

    Examples
    --------
    >>> name_root("Breisach am Rhein"), name_root("Neuf-Brisach"), name_root("Le Perthus")
    ('breisach', 'brisach', 'perthus')
    >>> name_root("Saint-Louis")
    'louis'
    """
    first = (name or "").split(" / ")[0]
    first = re.sub(r"\(.*?\)", " ", first)
    words = [w for w in fold_name(first).split() if w not in _NOISE and len(w) > 1]
    return " ".join(words)


def trigrams(root):
    """Letter trigrams of each word of a root, padded so that word starts and ends count.

    Examples
    --------
    >>> sorted(trigrams("kehl"))
    ['_ke', 'ehl', 'hl_', 'keh']
    """
    found = set()
    for word in root.split():
        padded = f"_{word}_"
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(found)


def name_overlap(a, b):
    """Overlap coefficient of the two names' root trigrams, in [0, 1]; 0 when a root is empty or
    when no word of one starts like a word of the other.

    Examples
    --------
    >>> name_overlap("Comines", "Comines-Warneton / Komen-Waasten")
    1.0
    >>> round(name_overlap("Neuf-Brisach", "Breisach am Rhein"), 2)
    0.71
    >>> name_overlap("Hendaye", "Irun"), name_overlap("Boncourt", "Vandoncourt")
    (0.0, 0.0)
    """
    ta, tb = trigrams(name_root(a)), trigrams(name_root(b))
    if not ta or not tb or not {t for t in ta if t[0] == "_"} & {t for t in tb if t[0] == "_"}:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def name_sketch(name):
    """``(starts, rest, size)``: the root's word-start trigrams and its other trigrams, each hashed
    into 63 bits, and how many trigrams it has.

    Examples
    --------
    >>> starts, rest, size = name_sketch("Kehl")
    >>> size, bin(starts).count("1"), bin(rest).count("1") <= 3
    (4, 1, True)
    """
    grams = trigrams(name_root(name))
    starts = rest = 0
    for gram in grams:
        if gram[0] == "_":
            starts |= _bit(gram)
        else:
            rest |= _bit(gram)
    return starts, rest, len(grams)


@functools.lru_cache(maxsize=65536)
def _bit(gram):
    # crc32, not hash(): the same bit in every process, so rankings do not depend on PYTHONHASHSEED.
    return 1 << (zlib.crc32(gram.encode()) % 63)


def sketch_overlap(starts, rest, size, all_starts, all_rests, sizes):
    """Vectorised :func:`name_overlap` of one sketch against arrays of sketches (an upper bound,
    exact unless trigrams collide).

    Examples
    --------
    >>> a = name_sketch("Comines")
    >>> others = [name_sketch(n) for n in ("Comines-Warneton", "Irun")]
    >>> columns = [np.array(c, dtype=np.int64) for c in zip(*others)]
    >>> sketch_overlap(*a, *columns).tolist()
    [1.0, 0.0]
    """
    shared_starts = np.bitwise_count(all_starts & starts)
    shared = shared_starts + np.bitwise_count(all_rests & rest)
    smaller = np.minimum(sizes, size)
    return np.where((smaller > 0) & (shared_starts > 0), np.minimum(shared / np.maximum(smaller, 1), 1.0), 0.0)


def mirror_value(overlap):
    """The name factor's value for a trigram overlap: 0 up to ``MIRROR_FLOOR``, then linear to 1.

    Examples
    --------
    >>> float(mirror_value(0.5)), float(mirror_value(1.0))
    (0.0, 1.0)
    """
    return np.asarray((overlap - MIRROR_FLOOR) / MIRROR_SPAN).clip(0.0, 1.0)  # np.clip without its dispatch
