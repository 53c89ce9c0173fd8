from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from domain import DEFAULT_AMBITION, INTERNAL_NOTE_MAX, MESSAGE_MAX, NOTE_MAX, PURPOSE_MAX, TIE_YEAR_RANGE

from ..forms import Form, MultiCheckboxField
from ..vocab import AMBITIONS, LANGUAGES, OUTCOME_KINDS, REQUEST_STATUSES, THEMES, choices


class IntroductionForm(Form):
    requester_id = SelectField(_l("Au nom de"), coerce=int, validators=[DataRequired()])
    counterpart_id = HiddenField(validators=[DataRequired()])
    purpose = StringField(_l("Objet (en une phrase)"), validators=[DataRequired(), Length(max=PURPOSE_MAX)])
    ambition = SelectField(_l("Ambition"), choices=choices(AMBITIONS), default=DEFAULT_AMBITION)
    themes = MultiCheckboxField(_l("Thèmes"), choices=choices(THEMES))
    languages = MultiCheckboxField(_l("Langues dans lesquelles vous pouvez travailler"), choices=choices(LANGUAGES))
    message = TextAreaField(_l("Message pour la MOT et le partenaire"), validators=[DataRequired(), Length(max=MESSAGE_MAX)])
    submit = SubmitField(_l("Demander la mise en relation"))


class MoveForm(Form):
    to_status = SelectField(_l("Nouvelle étape"), choices=choices(REQUEST_STATUSES))
    note = TextAreaField(_l("Note (obligatoire pour décliner ou clore)"), validators=[Optional(), Length(max=NOTE_MAX)])
    submit = SubmitField(_l("Enregistrer l'étape"))


class NoteForm(Form):
    text = TextAreaField(
        _l("Note interne (jamais montrée aux parties)"), validators=[DataRequired(), Length(max=INTERNAL_NOTE_MAX)]
    )
    submit = SubmitField(_l("Ajouter la note"))


class OutcomeForm(Form):
    kind = SelectField(_l("Résultat"), choices=choices(OUTCOME_KINDS))
    year = IntegerField(_l("Année"), validators=[Optional(), NumberRange(*TIE_YEAR_RANGE)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=NOTE_MAX)])
    submit = SubmitField(_l("Enregistrer la coopération"))


class RespondForm(Form):
    note = TextAreaField(_l("Message (facultatif)"), validators=[Optional(), Length(max=NOTE_MAX)])
    accept = SubmitField(_l("Accepter la mise en relation"))
    decline = SubmitField(_l("Décliner"))
