from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import BooleanField, DateField, SelectField, SubmitField
from wtforms.validators import Optional

from ..forms import Form
from ..vocab import LABELS, choices


class LabelImportForm(Form):
    file = FileField(
        _l("Fichier de l'ANCT (CSV de data.gouv.fr)"),
        validators=[
            FileRequired(_l("Choisissez un fichier.")),
            FileAllowed(["csv", "txt"], _l("Un fichier CSV est attendu.")),
            FileSize(max_size=15 * 1024 * 1024, message=_l("Le fichier dépasse 15 Mo.")),
        ],
    )
    label = SelectField(
        _l("Programme d'une simple liste de communes (sans colonne id_…)"),
        choices=choices(LABELS, blank=_l("Reconnu à l'en-tête du fichier")),
        validators=[Optional()],
    )
    listed_on = DateField(_l("Date de la liste"), validators=[Optional()])
    replace = BooleanField(_l("C'est la liste complète : retirer les labels officiels qu'elle ne contient plus"))
    strict = BooleanField(_l("Mode strict : ne rien importer si une ligne est refusée"))
    submit = SubmitField(_l("Importer"))
