import pytest

from config import DEV_SECRET_KEY, ProductionConfig
from webapp import create_app
from webapp.models import User

from .. import factories


def test_production_refuses_development_secret(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", DEV_SECRET_KEY)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_production_starts_with_real_secret(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "a-long-and-random-production-secret")
    assert create_app(ProductionConfig).config["SESSION_COOKIE_SECURE"] is True


def test_cli_creates_facilitator(app, runner):
    result = runner.invoke(
        args=["users", "create", "Mot.Staff@Example.org", "--role", "facilitator", "--password", "long-enough-pw"]
    )
    assert result.exit_code == 0, result.output
    assert "facilitator mot.staff@example.org" in result.output
    with app.app_context():
        from webapp.services.accounts import find_user_by_email

        user = find_user_by_email("mot.staff@example.org")
        assert user.role == "facilitator" and user.check_password("long-enough-pw")


def test_cli_prompts_for_password(app, runner):
    result = runner.invoke(
        args=["users", "create", "admin@example.org", "--role", "admin"], input="long-enough-pw\nlong-enough-pw\n"
    )
    assert result.exit_code == 0, result.output
    assert factories.get(app, User, 1).role == "admin"


def test_cli_refuses_duplicate_and_short_password(app, runner):
    factories.make_user(app, "facilitator", email="dup@example.org")
    result = runner.invoke(args=["users", "create", "DUP@example.org", "--password", "long-enough-pw"])
    assert result.exit_code != 0 and "existe déjà" in result.output
    result = runner.invoke(args=["users", "create", "new@example.org", "--password", "short"])
    assert result.exit_code != 0 and "10 caractères" in result.output


def test_development_server_serves_one_request_at_a_time():
    # Each process updates its in-memory graph in place (webapp.services.graph_bridge): threads would read it mid-update.
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    run_lines = [line for line in makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0].splitlines() if " run " in line]
    assert run_lines and all("--without-threads" in line for line in run_lines)
