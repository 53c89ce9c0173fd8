from datetime import datetime, timezone


def utcnow():
    """Naive UTC timestamp: stored the same way by SQLite and PostgreSQL."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
