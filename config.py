"""Application settings, read from the environment with development defaults."""

import os
import shlex
import sys
import tempfile
from pathlib import Path

import domain

BASE_DIR = Path(__file__).resolve().parent
DEV_SECRET_KEY = "dev-only-not-secret"


def _bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url():
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + str(BASE_DIR / "instance" / "passerelle.db")
    # Hosting platforms still hand out the deprecated "postgres://" scheme.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def serving_processes(argv=None, environ=None):
    """How many processes serve requests, as far as the command line and the environment say:
    gunicorn's ``--workers``/``-w`` (its command line, then ``GUNICORN_CMD_ARGS``), else
    ``WEB_CONCURRENCY`` (gunicorn's default for it, and what hosting platforms set), else 1.

    >>> serving_processes(["gunicorn", "-w", "4", "wsgi:app"], {}), serving_processes(["gunicorn", "wsgi:app"], {})
    (4, 1)
    >>> serving_processes(["flask"], {"WEB_CONCURRENCY": "3"}), serving_processes(["gunicorn", "--workers=2"], {})
    (3, 2)
    """
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    sources = [shlex.split(environ.get("GUNICORN_CMD_ARGS", ""))]
    if argv and "gunicorn" in (Path(argv[0]).name, Path(argv[0]).parent.name):  # bin/gunicorn, python -m gunicorn
        sources.append(list(argv[1:]))  # the command line overrides GUNICORN_CMD_ARGS
    workers = environ.get("WEB_CONCURRENCY")
    for args in sources:
        for i, arg in enumerate(args):
            if arg in ("-w", "--workers") and i + 1 < len(args):
                workers = args[i + 1]
            elif arg.startswith("--workers="):
                workers = arg.split("=", 1)[1]
            elif arg.startswith("-w") and arg[2:].isdigit():
                workers = arg[2:]
    try:
        return max(int(workers), 1) if workers else 1
    except ValueError:
        return 1


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    # The interface languages, in the order of the language switch (README, "Languages").
    LANGUAGES = ["fr", "de", "it", "es", "nl", "en", "ca"]

    # Pagination of long lists (directory, API).
    PAGE_SIZE = int(os.environ.get("PAGE_SIZE", domain.DEFAULT_PAGE_SIZE))
    API_MAX_PAGE_SIZE = domain.MAX_PAGE_SIZE

    # An organisation is "near" a border when it lies within this distance of it.
    BORDER_BAND_KM = float(os.environ.get("BORDER_BAND_KM", 30))
    NODE_MODULES = Path(os.environ.get("NODE_MODULES", BASE_DIR / "node_modules"))

    PASSWORD_HASH_METHOD = "scrypt"

    # Tokens: API bearer tokens and password-reset links.
    API_TOKEN_MAX_AGE = int(os.environ.get("API_TOKEN_MAX_AGE", 30 * 24 * 3600))
    PASSWORD_RESET_MAX_AGE = int(os.environ.get("PASSWORD_RESET_MAX_AGE", 3600))

    # Failed logins, counted in the database so they hold across workers and hosts (README, "Security"):
    # per (account, address), per address, and per account for addresses that already failed on it.
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", 5))
    LOGIN_MAX_FAILURES_PER_IP = int(os.environ.get("LOGIN_MAX_FAILURES_PER_IP", 30))
    LOGIN_MAX_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_MAX_FAILURES_PER_ACCOUNT", 50))
    LOGIN_WINDOW_SECONDS = int(os.environ.get("LOGIN_WINDOW_SECONDS", 15 * 60))
    # Request rates on the account endpoints (Flask-Limiter). memory:// is per process: production
    # with several workers sets redis://... so that the limits are shared.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Production refuses memory:// with several processes unless this says per-process limits are meant.
    RATELIMIT_ALLOW_MEMORY_STORAGE = _bool("RATELIMIT_ALLOW_MEMORY_STORAGE")
    RATELIMIT_AUTH_PER_ADDRESS = os.environ.get("RATELIMIT_AUTH_PER_ADDRESS", "30 per minute;300 per hour")
    RATELIMIT_MAIL_PER_ACCOUNT = os.environ.get("RATELIMIT_MAIL_PER_ACCOUNT", "5 per hour;20 per day")
    # Security headers (Flask-Talisman); HTTPS redirect and HSTS only in production.
    FORCE_HTTPS = False
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted (0: none).
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS", 0))

    # Mail: without MAIL_SERVER, messages are written to the log (development).
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 587))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", True)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Passerelle <no-reply@passerelle.local>")

    # Introductions: a request without movement for this many days is flagged and sent in the digest.
    REQUEST_STALE_DAYS = int(os.environ.get("REQUEST_STALE_DAYS", 14))
    # Claims: an account whose confirmed address is on the organisation's own web domain is approved at once.
    CLAIM_AUTO_APPROVE_OFFICIAL_DOMAIN = _bool("CLAIM_AUTO_APPROVE_OFFICIAL_DOMAIN", True)
    # Links in emails (the digest runs outside any request).
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")

    # Sheet attachments (README, "Attachments"): "disk" under ATTACHMENT_DIR, or "s3" (an S3-compatible
    # store through boto3, installed only where it is used: production).
    ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", domain.ATTACHMENT_MAX_BYTES))
    ATTACHMENT_STORAGE = os.environ.get("ATTACHMENT_STORAGE", "disk")
    ATTACHMENT_DIR = Path(os.environ.get("ATTACHMENT_DIR", BASE_DIR / "instance" / "attachments"))
    ATTACHMENT_S3_BUCKET = os.environ.get("ATTACHMENT_S3_BUCKET")
    ATTACHMENT_S3_PREFIX = os.environ.get("ATTACHMENT_S3_PREFIX", "attachments/")
    ATTACHMENT_S3_ENDPOINT_URL = os.environ.get("ATTACHMENT_S3_ENDPOINT_URL")  # e.g. a MinIO or OVH endpoint

    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_SAMESITE = "Lax"
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    WTF_CSRF_ENABLED = False
    MAIL_SERVER = None
    RATELIMIT_STORAGE_URI = "memory://"
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast; production keeps scrypt
    ATTACHMENT_DIR = Path(tempfile.gettempdir()) / "passerelle-test-attachments"


class ProductionConfig(Config):
    FORCE_HTTPS = _bool("FORCE_HTTPS", True)
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    @classmethod
    def check(cls):
        if not cls.SECRET_KEY or cls.SECRET_KEY == DEV_SECRET_KEY or len(cls.SECRET_KEY) < 16:
            raise RuntimeError("ProductionConfig needs a real SECRET_KEY (16+ characters) in the environment.")
        processes = serving_processes()
        if cls.RATELIMIT_STORAGE_URI.startswith("memory://") and processes > 1 and not cls.RATELIMIT_ALLOW_MEMORY_STORAGE:
            raise RuntimeError(
                f"RATELIMIT_STORAGE_URI is memory:// with {processes} processes: each would count requests on its own "
                "(N times the rate). Set RATELIMIT_STORAGE_URI=redis://host:6379/0 (or another shared storage), "
                "or RATELIMIT_ALLOW_MEMORY_STORAGE=1 to accept per-process limits."
            )


CONFIGS = {"development": Config, "testing": TestConfig, "production": ProductionConfig}
