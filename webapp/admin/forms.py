from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from domain import CLAIM_REASON_MAX, EMAIL_MAX, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PERSON_NAME_MAX

from ..forms import Form
from ..i18n import language_names
from ..vocab import ROLES, choices


class CreateUserForm(Form):
    name = StringField(_l("Nom et prénom"), validators=[DataRequired(), Length(max=PERSON_NAME_MAX)])
    email = EmailField(
        _l("Adresse e-mail"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=EMAIL_MAX)]
    )
    role = SelectField(_l("Rôle"), choices=choices(ROLES), default="facilitator")
    password = PasswordField(
        _l("Mot de passe provisoire"), validators=[DataRequired(), Length(min=PASSWORD_MIN_LENGTH, max=PASSWORD_MAX_LENGTH)]
    )
    # The person's language, for the e-mails and notifications sent before they first sign in.
    language = SelectField(_l("Langue des e-mails et des notifications"), default="fr")
    submit = SubmitField(_l("Créer le compte"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = list(language_names().items())


class ClaimDecisionForm(Form):
    """A facilitator's decision on a claim: the reason is optional and sent to the claimant."""

    reason = TextAreaField(_l("Motif (envoyé au demandeur, facultatif)"), validators=[Optional(), Length(max=CLAIM_REASON_MAX)])
