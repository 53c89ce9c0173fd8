"""The language of a request, the language switch's memory, and rendering in a given language.

Order for pages: ``?lang=`` on the URL, the language saved on the account, the language chosen
with the switch (kept in the session cookie), the browser's ``Accept-Language``, then French.
The API gives ``Accept-Language`` precedence over the account: a client asks for what it can read.
"""

from contextlib import nullcontext
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from babel import Locale
from flask import current_app, g, has_request_context, request, session
from flask_babel import force_locale, get_locale, refresh
from flask_login import current_user, user_logged_in
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.local import LocalProxy

SESSION_KEY = "lang"


def languages():
    return current_app.config["LANGUAGES"]


def supported(code):
    """``code`` when it is an interface language, else None (``"de"``, ``"de-CH"`` -> ``"de"``)."""
    if not code:
        return None
    code = str(code).strip().replace("_", "-").split("-")[0].lower()
    return code if code in languages() else None


def _account_language():
    if type(g.get("_login_user")) is LocalProxy:  # after login_user(current_user), Flask-Login's lookup loops
        return None
    try:
        return supported(current_user.language) if current_user.is_authenticated else None
    except SQLAlchemyError:  # the error page must render even when the database is what failed
        return None


def _browser_language():
    """The best ``Accept-Language`` entry we have, by its primary tag: "nl-BE, fr;q=0.5" gives "nl"."""
    for value, quality in request.accept_languages:  # highest quality first
        if quality > 0 and supported(value):
            return supported(value)
    return None


def select_locale():
    """Flask-Babel's locale selector (see the module docstring for the order)."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():  # CLI commands, the digest: callers use force_locale per recipient
        return default
    asked = supported(request.args.get("lang"))
    if asked:
        return asked
    browser = _browser_language()
    if request.path.startswith("/api/"):
        return browser or _account_language() or default
    return _account_language() or supported(session.get(SESSION_KEY)) or browser or default


def user_language(user):
    """The language to write to ``user`` in (e-mails, notifications): the account's, else French."""
    return supported(getattr(user, "language", None)) or current_app.config["BABEL_DEFAULT_LOCALE"]


def in_language_of(user):
    """``with in_language_of(user):`` renders messages, dates and numbers in the user's language."""
    return force_locale(user_language(user))


def render_message(code, params, locale=None):
    """A stored message (a notification's ``code`` and ``params``, ``services.mail`` templates) as text,
    in ``locale`` (a code such as "de"), or in the current one. None for a code nobody knows any more.

    The outbox renders its e-mails the same way at send time: ``with in_language_of(recipient)``.
    """
    from .services.mail import notice_text

    with force_locale(locale) if locale else nullcontext():
        try:
            return notice_text(code, params or {})
        except KeyError:
            return None


def remember_language(code):
    """Keep an explicit choice (switch or ``?lang=``) in the session and on the signed-in account.

    The caller commits.
    """
    session[SESSION_KEY] = code
    if current_user.is_authenticated and current_user.language != code:
        current_user.language = code
    refresh()


def with_lang(target):
    """``target`` (a same-site path) carrying this request's ``?lang=`` when it has one and the target none:
    a redirect keeps the language the URL asked for, cookie or not (the login's redirects)."""
    asked = supported(request.args.get("lang"))
    parts = urlsplit(target)
    if not asked or "lang" in dict(parse_qsl(parts.query)):
        return target
    return urlunsplit(parts._replace(query=urlencode([*parse_qsl(parts.query, keep_blank_values=True), ("lang", asked)])))


def language_names():
    """Each interface language named in itself, in the switch's order: ``{"de": "Deutsch", ...}``."""
    return _autonyms(tuple(languages()))


@lru_cache(maxsize=4)
def _autonyms(codes):
    names = {}
    for code in codes:
        name = Locale.parse(code).get_display_name(code)
        names[code] = name[:1].upper() + name[1:]
    return names


def _remember_from_url():
    """A link with ``?lang=`` is remembered for the session only: a GET writes nothing to the database
    (the switch's POST saves the choice on the account)."""
    asked = supported(request.args.get("lang"))
    if not asked or request.method != "GET" or request.path.startswith("/api/"):
        return
    if session.get(SESSION_KEY) != asked:
        session[SESSION_KEY] = asked
        refresh()


def _on_login(_app, user, **_extra):
    """The switch survives login: a choice made before signing in becomes the account's language;
    an account without one gets the language the person was reading in."""
    if type(user) is LocalProxy:  # login_user(current_user) after a password change: not a new sign-in
        return
    chosen = supported(session.get(SESSION_KEY))
    wanted = chosen or (None if user.language else str(get_locale()))
    if wanted and user.language != wanted:
        user.language = wanted  # the view that called login_user() commits
    refresh()


def _say_which_language(response):
    """Caches must not serve one reader's language to another."""
    if has_request_context() and not request.path.startswith("/static/"):
        response.headers["Content-Language"] = str(get_locale())
        response.vary.add("Accept-Language")
    return response


def register_i18n(app):
    app.before_request(_remember_from_url)
    app.after_request(_say_which_language)
    user_logged_in.connect(_on_login, app)

    @app.context_processor
    def inject_locale():
        return {"get_locale": get_locale, "INTERFACE_LANGUAGES": language_names()}
