from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional

import domain as d

from ..forms import Form, MultiCheckboxField
from ..vocab import EVENT_KINDS, LABELS, LANGUAGES, THEMES, choices


class EventForm(Form):
    """Times are typed in Paris time (the page says so); the service stores them in UTC."""

    kind = SelectField(_l("Type"), choices=choices(EVENT_KINDS))
    title = StringField(_l("Titre"), validators=[DataRequired(), Length(max=d.EVENT_TITLE_MAX)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=d.DESCRIPTION_MAX)])
    starts_at = DateTimeLocalField(_l("Début (heure de Paris)"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    ends_at = DateTimeLocalField(_l("Fin (heure de Paris)"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    place = StringField(_l("Lieu"), validators=[Optional(), Length(max=d.EVENT_PLACE_MAX)])
    online_url = StringField(
        _l("Lien pour participer en ligne"),
        validators=[Optional(), Length(max=d.EVENT_URL_MAX), URL(require_tld=True, message=_l("Adresse web invalide."))],
    )
    languages = MultiCheckboxField(_l("Langues de l'événement"), choices=choices(LANGUAGES))
    capacity = IntegerField(
        _l("Nombre de places (vide : sans limite)"), validators=[Optional(), NumberRange(*d.EVENT_CAPACITY_RANGE)]
    )
    borders = MultiCheckboxField(_l("Frontières"))
    labels = MultiCheckboxField(_l("Labels"), choices=choices(LABELS))
    themes = MultiCheckboxField(_l("Thèmes"), choices=choices(THEMES))
    submit = SubmitField(_l("Enregistrer l'événement"))

    def values(self):
        fields = ("kind", "title", "description", "starts_at", "ends_at", "place", "online_url", "languages", "capacity")
        values = {name: getattr(self, name).data for name in fields + ("borders", "labels", "themes")}
        for name in ("place", "online_url"):
            values[name] = values[name] or None
        values["description"] = values["description"] or ""
        return values
