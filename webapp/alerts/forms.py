from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

import domain as d

from ..forms import Form


class AlertForm(Form):
    """Save a search: its name, and the directory's filters carried over as hidden fields (checked by the service)."""

    name = StringField(_l("Nom de l'alerte"), validators=[DataRequired(), Length(max=d.ALERT_NAME_MAX)])
    border = HiddenField(validators=[Optional()])
    country = HiddenField(validators=[Optional()])
    kind = HiddenField(validators=[Optional()])
    label = HiddenField(validators=[Optional()])
    theme = HiddenField(validators=[Optional()])
    massif = HiddenField(validators=[Optional()])
    q = HiddenField(validators=[Optional(), Length(max=d.SEARCH_QUERY_MAX)])
    submit = SubmitField(_l("Créer l'alerte"))

    def filters(self):
        return {name: getattr(self, name).data for name in d.ALERT_FILTERS if getattr(self, name).data}
