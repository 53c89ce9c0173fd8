from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

import domain as d

from ..forms import Form, MultiCheckboxField
from ..vocab import SHEET_KINDS, THEMES, choices


class ReportEditForm(Form):
    """The free parts of a rapport d'étonnement; empty steps keep the generated ones."""

    introduction = TextAreaField(
        _l("Introduction (mot de la MOT à la commune)"), validators=[Optional(), Length(max=d.REPORT_INTRODUCTION_MAX)]
    )
    next_steps = TextAreaField(
        _l("Prochaines étapes (une par ligne ; vide : les étapes générées)"),
        validators=[Optional(), Length(max=d.REPORT_STEPS_MAX * (d.REPORT_STEP_MAX + 2))],
    )
    submit = SubmitField(_l("Enregistrer une nouvelle version"))

    def validate_next_steps(self, field):
        lines = [line for line in (field.data or "").splitlines() if line.strip()]
        if len(lines) > d.REPORT_STEPS_MAX:
            raise ValidationError(_l("Au plus %(max)s étapes.", max=d.REPORT_STEPS_MAX))
        if any(len(line.strip()) > d.REPORT_STEP_MAX for line in lines):
            raise ValidationError(_l("Une étape tient en %(max)s caractères au plus.", max=d.REPORT_STEP_MAX))

    def steps(self):
        return (self.next_steps.data or "").splitlines()


class SheetFilterForm(Form):
    """The filters of the sheets offered for a publication (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    border = SelectField(_l("Frontière"), validators=[Optional()])
    theme = SelectField(_l("Thème"), choices=choices(THEMES, blank="—"), validators=[Optional()])
    kind = SelectField(_l("Type de fiche"), choices=choices(SHEET_KINDS, blank="—"), validators=[Optional()])


class PublicationForm(Form):
    title = StringField(_l("Titre"), validators=[DataRequired(), Length(max=d.PUBLICATION_TITLE_MAX)])
    introduction = TextAreaField(_l("Introduction"), validators=[Optional(), Length(max=d.PUBLICATION_INTRODUCTION_MAX)])
    # No DataRequired: it would mark every checkbox required in the browser; the service asks for one at least.
    sheet_ids = MultiCheckboxField(_l("Fiches publiées à inclure"), coerce=int)
    submit = SubmitField(_l("Enregistrer la publication"))
