from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SubmitField

from ..forms import Form
from ..vocab import EMAIL_FREQUENCIES, choices


class EmailFrequencyForm(Form):
    email_frequency = RadioField(_l("Recevoir mes notifications par e-mail"), choices=choices(EMAIL_FREQUENCIES))
    submit = SubmitField(_l("Enregistrer"))
