"""iCalendar (RFC 5545) feeds of the resource centre's events, written by the ``icalendar`` library.

Times are given in UTC (``DTSTART:20261203T133000Z``): every calendar shows them in its reader's zone
without a VTIMEZONE block. A cancelled event stays in the feed with ``STATUS:CANCELLED``, so calendars
that imported it remove or strike it.
"""

from datetime import timezone
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from .. import vocab
from ..models._common import utcnow


def _utc(stored):
    return stored.replace(tzinfo=timezone.utc)


def _public_url():
    return current_app.config["PUBLIC_URL"].rstrip("/")


def event_uid(event):
    """Stable across feeds and edits: the event's number and the site's host."""
    return f"event-{event.id}@{urlsplit(_public_url()).hostname or 'passerelle'}"


def _vevent(event, stamp, with_links):
    link = f"{_public_url()}/events/{event.id}"
    online_url = event.online_url if event.id in with_links else None
    description = "\n\n".join(part for part in (event.description, online_url, link) if part)
    component = VEvent.new(
        uid=event_uid(event),
        stamp=stamp,
        start=_utc(event.starts_at),
        end=_utc(event.ends_at),
        summary=event.title,
        description=description,
        location=event.place or online_url or link,
        url=link,
        categories=[str(vocab.EVENT_KINDS[event.kind])],
        status="CANCELLED" if event.cancelled else "CONFIRMED",
        last_modified=_utc(event.updated_at),
        created=_utc(event.created_at),
    )
    return component


def calendar(events, *, name=None, with_links=()):
    """The ``.ics`` bytes of ``events`` (already filtered to what the reader may see); the links to join
    online only for the events numbered in ``with_links`` (the reader registered, or staff)."""
    stamp = _utc(utcnow())
    feed = Calendar.new(
        prodid="-//MOT//Passerelle//FR",
        name=name or _("Passerelle : événements de la MOT"),
        language=str(get_locale()),
        url=f"{_public_url()}/resources",
        subcomponents=[_vevent(event, stamp, set(with_links)) for event in events],
    )
    return feed.to_ical()
