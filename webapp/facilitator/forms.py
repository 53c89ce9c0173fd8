from flask_babel import lazy_gettext as _l
from wtforms import SubmitField

from ..forms import Form, MultiCheckboxField
from ..geo.borders import load_borders


class CoveredBordersForm(Form):
    borders = MultiCheckboxField(_l("Les frontières que vous suivez"))
    submit = SubmitField(_l("Enregistrer"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.borders.choices = [(b.code, b.name) for b in load_borders()]
