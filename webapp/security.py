"""Security headers (Flask-Talisman) and request rates on the account endpoints (Flask-Limiter).

Failed passwords are counted in the database by ``services.accounts.authenticate`` (so the
per-account rule holds across workers without Redis); the limits here cap how often one client
address may call the account endpoints at all, and how many mails one e-mail address receives.
"""

from flask import current_app, request
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

from .extensions import limiter
from .services.accounts import normalise_email

# No inline script, no inline style, nothing from another origin; JSON data blocks
# (<script type="application/json">) are not executed, so CSP leaves them alone.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

# Endpoints that check a password or send mail to a typed address: throttled per client address.
ACCOUNT_ENDPOINTS = ("auth.login", "auth.register", "auth.reset_request", "auth.reset_password", "api.issue_token")
# Endpoints that mail the address typed in the form: also throttled per (address typed, client).
MAILING_ENDPOINTS = ("auth.register", "auth.reset_request")


def _per_address():
    return current_app.config["RATELIMIT_AUTH_PER_ADDRESS"]


def _per_account():
    return current_app.config["RATELIMIT_MAIL_PER_ACCOUNT"]


def _typed_email():
    # Keyed by the e-mail typed alone, a stranger could exhaust someone's mails; the client address is
    # part of the key, and the per-address limit bounds how many e-mails one client may try.
    return f"{normalise_email(request.form.get('email'))}|{request.remote_addr}"


def init_security(app):
    """Bind the headers and the limits to ``app`` (called by ``create_app`` once blueprints exist)."""
    # Talisman keeps its options on the instance, not per app: one instance per app.
    app.extensions["talisman"] = Talisman(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=app.config["FORCE_HTTPS"],  # HSTS only where HTTPS is the rule
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        session_cookie_secure=app.config.get("SESSION_COOKIE_SECURE", False),
        session_cookie_samesite=app.config.get("SESSION_COOKIE_SAMESITE", "Lax"),
    )
    if app.config.get("PROXY_HOPS"):
        # Behind a reverse proxy every client would otherwise share the proxy's address (and its limits).
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    limiter.init_app(app)
    for endpoint in ACCOUNT_ENDPOINTS:
        view = limiter.shared_limit(_per_address, scope="account-endpoints", methods=["POST"])(app.view_functions[endpoint])
        if endpoint in MAILING_ENDPOINTS:
            view = limiter.limit(_per_account, key_func=_typed_email, methods=["POST"])(view)
        app.view_functions[endpoint] = view
