from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..errors import DomainError
from ..extensions import db
from ..forms import EmptyForm, apply_domain_error
from ..i18n import with_lang
from ..permissions import has_facilitator_home
from ..services import accounts
from ..services.mail import queue_mail, send_mail
from . import bp, loaders  # noqa: F401  (registers the user loaders)
from .forms import ChangePasswordForm, LoginForm, RegisterForm, ResetPasswordForm, ResetRequestForm


def _safe_next(target):
    """Only same-site relative paths: never redirect to another host."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _home_of(user):
    """Where a login lands without a ``next``: a facilitator's work, everyone else's public home."""
    return url_for("facilitator.home") if has_facilitator_home(user) else url_for("main.index")


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            token = accounts.registration_token(form.email.data, form.password.data, name=form.name.data, role=form.role.data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            _mail_registration(form.email.data, token)
            db.session.commit()
            # Same answer whether or not the address has an account: the mailbox learns which.
            flash(
                _(
                    "Vérifiez votre boîte aux lettres : un message vient d'être envoyé à cette adresse "
                    "pour terminer l'inscription."
                ),
                "info",
            )
            return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form)


def _mail_registration(email, token):
    existing = accounts.find_user_by_email(email)
    if existing is None:
        link = url_for("auth.confirm_registration", token=token, _external=True)
        send_mail(
            accounts.normalise_email(email),
            _("Passerelle : confirmez votre inscription"),
            _(
                "Bonjour,\n\nPour activer votre compte Passerelle, ouvrez ce lien (valable deux jours) :\n%(link)s\n\n"
                "Si vous n'avez rien demandé, ignorez ce message.",
                link=link,
            ),
        )
    else:
        send_mail(
            existing.email,
            _("Passerelle : tentative d'inscription avec votre adresse"),
            _(
                "Bonjour,\n\nQuelqu'un, vous peut-être, a voulu créer un compte Passerelle avec cette adresse, qui en a "
                "déjà un. Aucun compte n'a été créé.\n\nPour vous connecter : %(login)s\nMot de passe oublié : %(reset)s\n\n"
                "Si ce n'était pas vous, ignorez ce message.",
                login=url_for("auth.login", _external=True),
                reset=url_for("auth.reset_request", _external=True),
            ),
        )


@bp.route("/register/<token>", methods=["GET", "POST"])
def confirm_registration(token):
    registration = accounts.registration_from_token(token)
    if registration is None:
        flash(_("Ce lien d'inscription est invalide ou a expiré. Inscrivez-vous à nouveau."), "error")
        return redirect(url_for("auth.register"))
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            user = accounts.complete_registration(registration)
        except DomainError as error:
            flash(error.message, "info")
            return redirect(url_for("auth.login"))
        db.session.commit()
        login_user(user)
        db.session.commit()  # the language the person chose before signing in, saved on the account
        flash(_("Bienvenue ! Inscrivez maintenant votre organisation, ou revendiquez-la dans l'annuaire."), "success")
        return redirect(url_for("organisations.directory"))
    return render_template("auth/confirm_registration.html", form=form, registration=registration)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data, request.remote_addr or "?")
        except DomainError as error:
            flash(error.message, "error")
            return render_template("auth/login.html", form=form), error.status
        db.session.commit()  # keeps the failed attempt, or clears the failures on success
        if user is None:
            form.password.errors.append(_("Adresse e-mail ou mot de passe incorrect."))
        else:
            login_user(user, remember=form.remember.data)
            db.session.commit()  # the language the person chose before signing in, saved on the account
            return redirect(with_lang(_safe_next(request.args.get("next")) or _home_of(user)))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    form = EmptyForm()
    if form.validate_on_submit():
        logout_user()
        flash(_("Vous êtes déconnecté·e."), "info")
    return redirect(url_for("main.index"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append(_("Mot de passe actuel incorrect."))
        else:
            try:
                accounts.change_password(current_user, form.password.data)
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                db.session.commit()
                login_user(current_user._get_current_object())  # the user, not the proxy to it
                db.session.commit()
                flash(_("Votre mot de passe a été changé."), "success")
                return redirect(url_for("main.index"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/reset", methods=["GET", "POST"])
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = accounts.find_user_by_email(form.email.data)
        if user is not None and user.active:
            link = url_for("auth.reset_password", token=accounts.password_reset_token(user), _external=True)
            queue_mail("password_reset", {"link": link}, user=user)
            db.session.commit()  # the outbox row: `flask worker` sends it
        # Same answer either way: the form does not reveal who has an account.
        flash(_("Si un compte existe pour cette adresse, un lien de réinitialisation vient d'être envoyé."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    user = accounts.user_from_reset_token(token)
    if user is None:
        flash(_("Ce lien de réinitialisation est invalide ou a expiré. Demandez-en un nouveau."), "error")
        return redirect(url_for("auth.reset_request"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(user, form.password.data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Votre mot de passe a été changé. Vous pouvez vous connecter."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
