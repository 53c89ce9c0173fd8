"""Passerelle: cross-border partners for France's labelled small towns."""

import os

from flask import Flask

from config import CONFIGS

from .converters import Int4Converter
from .extensions import babel, csrf, db, login_manager, migrate
from .i18n import register_i18n, select_locale


def create_app(config_class=None):
    """Build the app: config, extensions, blueprints, error handlers, CLI. Nothing else."""
    if config_class is None:
        config_class = CONFIGS[os.environ.get("PASSERELLE_ENV", "development")]
    if hasattr(config_class, "check"):
        config_class.check()
    app = Flask(__name__, template_folder="../templates", static_folder="../static", instance_relative_config=False)
    app.config.from_object(config_class)
    app.url_map.converters["int"] = Int4Converter  # before any rule: ids beyond int4 are 404s

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "..", "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)

    from . import models  # noqa: F401  (registers the tables on the metadata)
    from .account import bp as account_bp
    from .admin import bp as admin_bp
    from .alerts import bp as alerts_bp
    from .api import bp as api_bp
    from .auth import bp as auth_bp
    from .capitalisation import bp as capitalisation_bp
    from .cli import register_cli
    from .errors import register_error_handlers
    from .events import bp as events_bp
    from .facilitator import bp as facilitator_bp
    from .introductions import bp as introductions_bp
    from .labels import bp as labels_bp
    from .main import bp as main_bp
    from .network import bp as network_bp
    from .organisations import bp as organisations_bp
    from .reference import bp as reference_bp
    from .security import init_security
    from .services.graph_bridge import register_change_log
    from .services.mail import register_outbox_delivery
    from .templating import register_template_helpers

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(account_bp)
    app.register_blueprint(organisations_bp, url_prefix="/organisations")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(reference_bp)
    app.register_blueprint(network_bp, url_prefix="/network")
    app.register_blueprint(labels_bp, url_prefix="/labels")
    app.register_blueprint(introductions_bp, url_prefix="/introductions")
    app.register_blueprint(capitalisation_bp, url_prefix="/sheets")
    app.register_blueprint(events_bp)
    app.register_blueprint(alerts_bp, url_prefix="/alerts")
    app.register_blueprint(facilitator_bp, url_prefix="/facilitator")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    register_error_handlers(app)
    init_security(app)
    register_template_helpers(app)
    register_i18n(app)
    register_cli(app)
    register_change_log()
    register_outbox_delivery()
    return app
