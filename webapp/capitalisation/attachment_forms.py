from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from ..forms import Form


class AttachmentForm(Form):
    file = FileField(_l("Fichier (PDF, PNG, JPEG ou WebP)"), validators=[FileRequired()])
    submit = SubmitField(_l("Joindre"))
