from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from domain import EMAIL_MAX, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PERSON_NAME_MAX

from ..forms import Form
from ..vocab import ROLES, choices


class CreateUserForm(Form):
    name = StringField(_l("Nom et prénom"), validators=[DataRequired(), Length(max=PERSON_NAME_MAX)])
    email = EmailField(_l("Adresse e-mail"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=EMAIL_MAX)])
    role = SelectField(_l("Rôle"), choices=choices(ROLES), default="facilitator")
    password = PasswordField(_l("Mot de passe provisoire"), validators=[DataRequired(), Length(min=PASSWORD_MIN_LENGTH, max=PASSWORD_MAX_LENGTH)])
    submit = SubmitField(_l("Créer le compte"))
