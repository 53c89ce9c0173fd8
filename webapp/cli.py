"""``flask`` commands: user administration (reference data commands join here)."""

import click
from flask.cli import AppGroup, with_appcontext
from tqdm import tqdm

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


reference_cli = AppGroup("reference", help="Load the reference data (places, instruments, programmes, structures).")


@reference_cli.command("load")
@click.option(
    "--band-km", type=float, default=None, help="Distance to a border within which places are loaded (default: BORDER_BAND_KM)."
)
@click.option("--force", is_flag=True, help="Load even if the same inputs were loaded before.")
def load_reference_command(band_km, force):
    """Load or refresh the reference data; idempotent, never overwrites claimed or edited records."""
    from .services.reference.loader import CuratedDataError, load_reference

    try:
        summary = load_reference(
            band_km=band_km, force=force, progress=lambda items, desc=None: tqdm(items, desc=desc, unit="row")
        )
    except CuratedDataError as error:
        raise click.ClickException(f"Curated data is inconsistent, nothing loaded: {error}") from error
    db.session.commit()
    if summary.get("skipped"):
        click.echo(f"Reference data already up to date (loaded {summary['loaded_at']}); use --force to reload.")
        return
    _echo_reference_summary(summary)


def _echo_reference_summary(summary):
    if "municipalities" in summary:
        _echo_municipalities_summary(summary)
        return
    places = summary["places"]
    click.echo(
        f"Places within {summary['band_km']:g} km of a border, per country: "
        + ", ".join(f"{c} {n}" for c, n in places["per_country"].items())
    )
    click.echo("Per border (French side / other side):")
    for border, sides in places["per_border"].items():
        click.echo(f"  {border}: " + ", ".join(f"{c} {n}" for c, n in sorted(sides.items())))
    click.echo(f"Organisations: {places['outcomes']}")
    unmatched = sum(places["insee_unmatched"].values())
    click.echo(f"French places matched to an INSEE code: {places['insee_matched']}; not matched: {unmatched}")
    for reason, count in places["insee_unmatched"].items():
        examples = ", ".join(places["unmatched_examples"].get(reason, [])[:5])
        click.echo(f"  {count} × {reason} (e.g. {examples})")
    click.echo(f"Instruments: {len(summary['instruments'])}; programmes: {len(summary['programmes'])}")
    structures = summary["structures"]
    click.echo(f"Structures: {structures['outcomes']}; membership ties: {structures['ties']}")
    for missing in structures["missing_members"]:
        click.echo(f"  member not found: {missing}")


def _echo_municipalities_summary(summary):
    places = summary["municipalities"]
    click.echo(
        f"Municipalities within {summary['band_km']:g} km of a border, per country: "
        + ", ".join(f"{c} {n}" for c, n in places["per_country"].items())
    )
    click.echo("Per border (French side / other side):")
    for border, sides in places["per_border"].items():
        click.echo(f"  {border}: " + ", ".join(f"{c} {n}" for c, n in sides.items()))
    click.echo(f"Organisations: {places['outcomes']}; localities: {places['localities']}")
    for outcome, count in places["upgrade"].items():
        click.echo(f"  older records {outcome}: {count} (e.g. {', '.join(places['upgrade_examples'][outcome][:5])})")
    click.echo(f"Instruments: {len(summary['instruments'])}; programmes: {len(summary['programmes'])}")
    structures = summary["structures"]
    click.echo(f"Structures: {structures['outcomes']}; membership ties: {structures['ties']}")
    for missing in structures["missing_members"]:
        click.echo(f"  member not found: {missing}")
    click.echo("Official labels: " + "; ".join(f"{label} {counts}" for label, counts in summary["labels"].items()))
    click.echo("Labelled towns near each border:")
    for border, counts in summary["labelled_near_borders"].items():
        click.echo(f"  {border}: " + ", ".join(f"{label} {n}" for label, n in counts.items()))
    territories = summary["am_territories"]
    click.echo(f"Avenir Montagnes territories: {territories['outcomes']}; member ties: {territories['ties']}")
    ties = summary["ties"]
    click.echo(f"Ties by source: {ties['outcomes']}; partner bodies created: {ties['created_partners']}")
    for reason, count in ties["unresolved"].items():
        click.echo(f"  not resolved: {count} × {reason} (e.g. {', '.join(ties['unresolved_examples'].get(reason, [])[:4])})")


labels_cli = AppGroup("labels", help="Import the ANCT label lists (PVD, Villages d'Avenir, Avenir Montagnes).")


@labels_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--strict", is_flag=True, help="Import nothing if any row is refused.")
@click.option(
    "--label",
    "label",
    type=click.Choice(["pvd", "va", "am"]),
    default=None,
    help="Programme of a plain insee_com;lib_com list without id columns.",
)
@click.option("--replace", is_flag=True, help="The file is the complete new list: remove the official labels it no longer names.")
@click.option("--listed-on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Date of the list (default: today).")
def import_labels_command(path, strict, label, replace, listed_on):
    """Import an official ANCT label file (PVD, VA, AMI or the "tableau de croisement")."""
    from flask import current_app

    from .labels.messages import phrase_file_error, phrase_problem
    from .services.cog import commune_index
    from .services.reference.labels import LabelFileError, import_labels, parse_label_file, record_import

    with open(path, "rb") as handle:
        data = handle.read()
    try:
        parsed = parse_label_file(data, label=label)
    except LabelFileError as error:
        raise click.ClickException(phrase_file_error(error)) from error
    report = import_labels(
        parsed,
        communes=commune_index(current_app.config["NODE_MODULES"]),
        strict=strict,
        replace=replace,
        listed_on=listed_on.date() if listed_on else None,
        progress=lambda rows: tqdm(rows, desc=f"Labels ({parsed.layout})", unit="row"),
    )
    record_import(report, filename=path.rsplit("/", 1)[-1], strict=strict)
    db.session.commit()
    click.echo(f"Layout: {report['layout']}; " + ", ".join(f"{k} {v}" for k, v in sorted(report["counts"].items())))
    for problem in report["problems"]:
        click.echo(f"  line {problem['line']}: {problem['code']}: {phrase_problem(problem)[0]}")
    if report["removed"]:
        click.echo("Removed (no longer in the list): " + ", ".join(report["removed"]))
    if not report["applied"]:
        raise click.ClickException(f"--strict: {len(report['problems'])} row(s) refused, nothing imported.")


network_cli = AppGroup("network", help="The network graph: a synthetic one for measuring the views at scale.")


@network_cli.command("synthetic")
@click.option("--nodes", type=click.IntRange(min=0), default=100_000, show_default=True)
@click.option("--edges", type=click.IntRange(min=0), default=300_000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--remove", is_flag=True, help="Remove the synthetic organisations and ties instead.")
@click.option("--yes", is_flag=True, help="Do not ask before writing fake organisations into the database.")
def synthetic_command(nodes, edges, seed, remove, yes):
    """Add a seeded synthetic network (organisations near the real border places, ties between them)."""
    from .services.synthetic import load_synthetic, remove_synthetic

    if not remove and not yes:
        # Fake organisations in the directory and the graph: never by accident on a real database.
        target = db.engine.url.render_as_string(hide_password=True)
        click.confirm(f"Write {nodes:,} synthetic organisations and {edges:,} ties into {target}?", abort=True)

    if remove:
        removed = remove_synthetic()
        db.session.commit()
        click.echo(f"Removed {removed:,} synthetic organisations and their ties.")
        return
    try:
        counts = load_synthetic(nodes, edges, seed=seed, progress=click.echo)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Added {counts['organisations']:,} organisations (ids from {counts['first_id']}) and {counts['ties']:,} ties.")


def register_cli(app):
    app.cli.add_command(users_cli)
    app.cli.add_command(network_cli)
    app.cli.add_command(reference_cli)
    app.cli.add_command(labels_cli)
    app.cli.add_command(digest_command)
    app.cli.add_command(worker_command)


@click.command("digest")
@with_appcontext
def digest_command():
    """Daily digest: stale requests to facilitators, and to each party what waits for them."""
    from .services.alerts import fire_alerts
    from .services.graph_bridge import prune_change_log
    from .services.mail import SENT_RETENTION_DAYS, prune_sent
    from .services.notifications import digest_notifications
    from .services.request_figures import digest

    alerts = fire_alerts()  # first: its notifications are marked mailed, the notifications' digest skips them
    summary = digest()
    daily = digest_notifications()  # to those who chose one e-mail a day
    pruned = prune_change_log()
    sent = prune_sent()
    db.session.commit()
    click.echo(f"Graph change log: {pruned} row(s) older than a day pruned.")
    click.echo(f"Outbox: {sent} message(s) sent more than {SENT_RETENTION_DAYS} days ago pruned.")
    click.echo(
        f"Stale requests: {summary['stale'] or 'none'}; awaiting the counterpart's answer: {summary['awaiting_answer'] or 'none'}; "
        f"awaiting a meeting: {summary['awaiting_meeting'] or 'none'}"
    )
    for email, count in sorted(summary["emails"].items()):
        click.echo(f"  mailed {email} ({count} item(s))")
    click.echo(f"Alerts: {len(alerts['fired'])} found something new; {len(alerts['emails'])} mail(s) queued.")
    click.echo(f"Daily notification summaries: {len(daily)} mail(s) queued.")
    for email, count in sorted(daily.items()):
        click.echo(f"  mailed {email} ({count} notification(s))")


@click.command("worker")
@click.option("--once", is_flag=True, help="Send what is due, then exit (cron, tests).")
@click.option(
    "--interval", type=click.FloatRange(0.1, 3600), default=5.0, show_default=True, help="Seconds to wait when nothing is due."
)
@click.option(
    "--batch-size", type=click.IntRange(1, 1000), default=100, show_default=True, help="Messages sent over one SMTP connection."
)
@with_appcontext
def worker_command(once, interval, batch_size):
    """Send the outbox's mail, committed changes only: one SMTP connection per batch, retries with backoff."""
    import time

    from flask import current_app
    from sqlalchemy.exc import SQLAlchemyError

    from .services.mail import send_due

    while True:
        try:
            counts = send_due(batch_size)
            db.session.commit()
        except SQLAlchemyError:
            db.session.rollback()
            if once:
                raise
            current_app.logger.exception("Outbox worker: database error, retrying in %s s", interval)
            counts = {}
        finally:
            db.session.remove()  # a fresh session per batch: nothing stale kept between polls
        if any(counts.values()):
            click.echo(f"Outbox: {counts['sent']} sent, {counts['retry']} to retry, {counts['failed']} given up.")
        if sum(counts.values()) < batch_size:  # nothing more due now
            if once:
                return
            time.sleep(interval)
