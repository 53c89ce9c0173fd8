from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import TextInput

import domain as d

from ..forms import Form, IntegerListField, MultiCheckboxField
from ..vocab import PROJECT_STATUSES, SHEET_STATUSES, THEMES, choices


class IdListField(IntegerListField):
    """Organisation or sheet numbers typed as "12, 34"."""

    widget = TextInput()


class SheetForm(Form):
    """Both kinds; the view removes the fields of the other kind."""

    title = StringField(_l("Titre"), validators=[DataRequired(), Length(max=d.SHEET_TITLE_MAX)])
    summary = TextAreaField(_l("Résumé"), validators=[DataRequired(), Length(max=d.SHEET_SUMMARY_MAX)])
    borders = MultiCheckboxField(_l("Frontières"), validators=[DataRequired()])
    themes = MultiCheckboxField(_l("Thèmes"), choices=choices(THEMES))
    partner_ids = IdListField(_l("Organisations partenaires (numéros, séparés par des virgules)"))
    instrument_code = SelectField(_l("Forme juridique"), validators=[Optional()])
    structure_id = IntegerField(
        _l("Ou structure existante (numéro de l'organisation)"), validators=[Optional(), NumberRange(*d.ID_RANGE)]
    )
    programme_code = SelectField(_l("Programme de financement"), validators=[Optional()])
    funding_amount = IntegerField(_l("Montant (euros)"), validators=[Optional(), NumberRange(0, d.FUNDING_AMOUNT_MAX)])
    funding_period = StringField(
        _l("Période de financement (ex. 2021-2027)"), validators=[Optional(), Length(max=d.FUNDING_PERIOD_MAX)]
    )
    start_year = IntegerField(_l("Année de début"), validators=[Optional(), NumberRange(*d.SHEET_YEAR_RANGE)])
    end_year = IntegerField(_l("Année de fin"), validators=[Optional(), NumberRange(*d.SHEET_YEAR_RANGE)])
    project_status = SelectField(_l("État du projet"), choices=choices(PROJECT_STATUSES, blank="—"), validators=[Optional()])
    obstacles = TextAreaField(_l("Obstacles rencontrés"), validators=[Optional(), Length(max=d.SHEET_TEXT_MAX)])
    results = TextAreaField(_l("Résultats"), validators=[Optional(), Length(max=d.SHEET_TEXT_MAX)])
    lessons = TextAreaField(_l("Enseignements"), validators=[Optional(), Length(max=d.SHEET_TEXT_MAX)])
    cause = TextAreaField(_l("Cause juridique ou administrative"), validators=[Optional(), Length(max=d.SHEET_TEXT_MAX)])
    solutions = TextAreaField(_l("Solutions connues"), validators=[Optional(), Length(max=d.SHEET_TEXT_MAX)])
    linked_ids = IdListField(_l("Fiches liées (numéros, séparés par des virgules)"))
    sources = TextAreaField(
        _l("Sources et liens (un par ligne)"), validators=[Optional(), Length(max=d.SHEET_SOURCES_MAX * (d.SOURCE_MAX + 1))]
    )
    submit = SubmitField(_l("Enregistrer la fiche"))

    def values(self, kind):
        """The service's values: the fields of this kind, empty strings as None, sources one per line."""
        from ..services.capitalisation import writable_fields

        values = {}
        for name in writable_fields(kind):
            data = getattr(self, name).data
            if name == "sources":
                data = [line for line in (data or "").splitlines() if line.strip()]
            elif data == "":
                data = None
            values[name] = data
        return values


class MoveForm(Form):
    to_status = SelectField(_l("Nouvelle étape"), choices=choices(SHEET_STATUSES))
    submit = SubmitField(_l("Changer d'étape"))


class CommentForm(Form):
    text = TextAreaField(_l("Commentaire"), validators=[DataRequired(), Length(max=d.SHEET_COMMENT_MAX)])
    submit = SubmitField(_l("Commenter"))
