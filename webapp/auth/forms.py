from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from domain import EMAIL_MAX, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PERSON_NAME_MAX, SELF_REGISTRATION_ROLES

from ..forms import Form
from ..vocab import ROLES, choices

_password = [DataRequired(), Length(min=PASSWORD_MIN_LENGTH, max=PASSWORD_MAX_LENGTH)]


class RegisterForm(Form):
    name = StringField(_l("Nom et prénom"), validators=[DataRequired(), Length(max=PERSON_NAME_MAX)])
    email = EmailField(
        _l("Adresse e-mail"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=EMAIL_MAX)]
    )
    role = RadioField(_l("Vous travaillez pour"), choices=choices(ROLES, only=SELF_REGISTRATION_ROLES), default="official")
    password = PasswordField(_l("Mot de passe (10 caractères au moins)"), validators=_password)
    confirm = PasswordField(
        _l("Confirmez le mot de passe"), validators=[DataRequired(), EqualTo("password", _l("Les deux mots de passe diffèrent."))]
    )
    submit = SubmitField(_l("Créer mon compte"))


class LoginForm(Form):
    email = EmailField(_l("Adresse e-mail"), validators=[DataRequired(), Length(max=EMAIL_MAX)])
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired(), Length(max=PASSWORD_MAX_LENGTH)])
    remember = BooleanField(_l("Rester connecté·e"))
    submit = SubmitField(_l("Se connecter"))


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Mot de passe actuel"), validators=[DataRequired(), Length(max=PASSWORD_MAX_LENGTH)])
    password = PasswordField(_l("Nouveau mot de passe"), validators=_password)
    confirm = PasswordField(
        _l("Confirmez le nouveau mot de passe"),
        validators=[DataRequired(), EqualTo("password", _l("Les deux mots de passe diffèrent."))],
    )
    submit = SubmitField(_l("Changer le mot de passe"))


class ResetRequestForm(Form):
    email = EmailField(
        _l("Adresse e-mail"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=EMAIL_MAX)]
    )
    submit = SubmitField(_l("Recevoir un lien de réinitialisation"))


class ResetPasswordForm(Form):
    password = PasswordField(_l("Nouveau mot de passe"), validators=_password)
    confirm = PasswordField(
        _l("Confirmez le mot de passe"), validators=[DataRequired(), EqualTo("password", _l("Les deux mots de passe diffèrent."))]
    )
    submit = SubmitField(_l("Enregistrer le mot de passe"))
