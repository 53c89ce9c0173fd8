"""Sentences, in the reader's language, for what a label import refused (``services.reference.labels`` codes).

The import log stores each refused line as a code with parameters (``{"problem": "not_near_border",
"params": {"name": "Saint-Flour"}}``), phrased when the log is shown. Logs written before the codes
hold a French ``reason``: shown as they are, marked French. Unknown codes get a neutral sentence.
"""

from babel.lists import format_list
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _

from ..vocab import LABELS

__all__ = ["phrase_file_error", "phrase_problem", "layout_name"]


def _list(items):
    return format_list([str(i) for i in items], locale=get_locale() or "fr")


_FILE_ERRORS = {
    "encoding": lambda p: _(
        "Encodage illisible (ni UTF-8 ni Windows-1252, octet %(byte)s) : enregistrez le fichier en CSV UTF-8.",
        byte=format_decimal(p["byte"]),
    ),
    "csv_unreadable": lambda p: _("Fichier CSV illisible (%(detail)s).", detail=p["detail"]),
    "field_too_long": lambda p: _(
        "Fichier CSV illisible : champ de plus de %(chars)s caractères ligne %(line)s.",
        chars=format_decimal(p["chars"]),
        line=p["line"],
    ),
    "empty": lambda p: _("Le fichier est vide."),
    "no_insee_column": lambda p: _(
        "Colonne « insee_com » absente : ce n'est pas une liste de l'ANCT (en-tête lu : %(header)s).",
        header=", ".join(p["header"]),
    ),
    "programme_unknown": lambda p: _(
        "Programme non reconnu : aucune colonne id_pvd, id_va ou id_ami ; "
        "pour une simple liste de communes, choisissez le programme."
    ),
}

_PROBLEMS = {
    "insee_unreadable": lambda p: _("code INSEE illisible"),
    "id_too_long": lambda p: _("identifiant %(label)s trop long", label=LABELS.get(p["label"], p["label"])),
    "signature_date_unreadable": lambda p: _("date de signature illisible : %(value)s", value=p["value"]),
    "insee_not_in_cog": lambda p: _("code INSEE absent du code officiel géographique"),
    "not_near_border": lambda p: _("%(name)s n'est près d'aucune frontière : elle n'est pas sur la plateforme", name=p["name"]),
}


def phrase_file_error(error):
    """A ``LabelFileError`` as a sentence in the current locale."""
    phrase = _FILE_ERRORS.get(error.code)
    return phrase(error.params) if phrase else _("Fichier illisible (%(code)s).", code=error.code)


def phrase_problem(problem):
    """``(text, language)`` for a refused line of the log: phrased now from its code, or the French text of an old log."""
    if "problem" not in problem:
        return problem.get("reason", ""), "fr"
    phrase = _PROBLEMS.get(problem["problem"])
    try:
        text = phrase(problem.get("params") or {}) if phrase else None
    except KeyError:
        text = None
    return text or _("Raison non détaillée (%(code)s).", code=problem["problem"]), str(get_locale() or "fr")


def layout_name(layout):
    """The recognised file layout, named for the reader (``croisement``, ``plain`` or one programme)."""
    label = {"ami": "am"}.get(layout, layout)  # the "ami" file lists the Avenir Montagnes label
    if label in LABELS:
        return LABELS[label]
    if layout == "croisement":
        return _("tableau de croisement des dispositifs de l'ANCT")
    if layout == "plain":
        return _("simple liste de communes")
    return layout
