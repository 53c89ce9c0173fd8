"""Factory helpers: each opens its own app context, commits, and returns plain values."""

import itertools
from types import SimpleNamespace

from webapp.extensions import db
from webapp.models import Organisation, User
from webapp.services import accounts, organisations, ties

DEFAULT_PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)

# Real places on both sides of the FR-CH and FR-DE borders (GeoNames coordinates).
SAINT_LOUIS = dict(
    name="Saint-Louis",
    kind="commune",
    country="FR",
    official_code="68297",
    latitude=47.5900,
    longitude=7.5600,
    population=22000,
    labels=["pvd"],
)
BASEL = dict(name="Bâle", name_local="Basel", kind="commune", country="CH", latitude=47.5584, longitude=7.5733, population=173000)
KEHL = dict(name="Kehl", kind="commune", country="DE", latitude=48.5723, longitude=7.8156, population=36000)


def make_user(app, role="official", *, email=None, password=DEFAULT_PASSWORD, organisations=()):
    with app.app_context():
        n = next(_counter)
        user = accounts.create_user(email or f"{role}{n}@example.org", password, name=f"{role.title()} {n}", role=role)
        for organisation_id in organisations:
            user.organisations.append(db.session.get(Organisation, organisation_id))
        db.session.commit()
        return SimpleNamespace(id=user.id, email=user.email, password=password, role=role)


def make_org(app, *, status="registered", members=(), **values):
    defaults = dict(name=f"Commune {next(_counter)}", kind="commune", country="FR")
    with app.app_context():
        organisation = organisations.create_organisation(defaults | values, status=status)
        for user_id in members:
            organisation.members.append(db.session.get(User, user_id))
        db.session.commit()
        return organisation.id


def make_tie(app, a, b, kind="cooperation", **values):
    with app.app_context():
        tie = ties.add_tie(a, b, kind, **values)
        db.session.commit()
        return tie.id


def get(app, model, ident):
    """A fresh read of one row (attributes loaded, detached from the session)."""
    with app.app_context():
        row = db.session.get(model, ident)
        if row is not None:
            db.session.refresh(row)
            db.session.expunge(row)
        return row


def queued_mail(app):
    """Every message in the outbox, rendered, as one text: "to | subject | body" per message."""
    from webapp.models import OutboxMessage
    from webapp.services.mail import render

    with app.app_context():
        messages = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()
        return "\n".join(f"{m.user.email if m.user else m.address} | {' | '.join(render(m))}" for m in messages)
