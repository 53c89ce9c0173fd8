from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, ValidationError

from ..i18n import supported


class LanguageForm(FlaskForm):
    """The header's language switch: one submit button per language, each carrying its code."""

    lang = StringField()
    next = HiddenField()

    def validate_lang(self, field):
        if supported(field.data) != field.data:
            raise ValidationError(_l("Langue inconnue."))
