"""``flask`` commands: user administration (reference data commands join here)."""

import click
from flask.cli import AppGroup

from .errors import DomainError
from .extensions import db
from .services import accounts
from .vocab import ROLES

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(list(ROLES)), default="facilitator", show_default=True)
@click.option("--name", default=None, help="Display name (defaults to the part of the email before @).")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_user_command(email, role, name, password):
    """Create an account, typically a facilitator or an admin."""
    try:
        user = accounts.create_user(email, password, name=name or email.split("@")[0], role=role)
    except DomainError as error:
        details = "; ".join(m for messages in error.fields.values() for m in messages)
        raise click.ClickException(f"{error.message} {details}".strip()) from error
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


def register_cli(app):
    app.cli.add_command(users_cli)
