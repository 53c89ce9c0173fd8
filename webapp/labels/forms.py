from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import BooleanField, SubmitField

from ..forms import Form


class LabelImportForm(Form):
    file = FileField(_l("Fichier de l'ANCT (CSV de data.gouv.fr)"), validators=[
        FileRequired(_l("Choisissez un fichier.")),
        FileAllowed(["csv", "txt"], _l("Un fichier CSV est attendu.")),
        FileSize(max_size=15 * 1024 * 1024, message=_l("Le fichier dépasse 15 Mo.")),
    ])
    strict = BooleanField(_l("Mode strict : ne rien importer si une ligne est refusée"))
    submit = SubmitField(_l("Importer"))
