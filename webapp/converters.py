"""URL converters: ``<int:...>`` only matches ids PostgreSQL can store, so a huge id is a 404, never a 500."""

from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

import domain


class Int4Converter(IntegerConverter):
    """``<int:id>`` limited to 1..2147483647 (int4).

    Out of range is a 404 for every method: werkzeug's own bounds (a ``ValidationError``) would make it
    look for other rules and answer 405 to a PATCH or DELETE.
    """

    def to_python(self, value):
        number = super().to_python(value)
        if not domain.ID_RANGE[0] <= number <= domain.ID_RANGE[1]:
            raise NotFound()
        return number


def requested_page(args):
    """``?page=`` as a page number within int4: missing or not a number gives 1, too large the last int4."""
    try:
        page = int(args.get("page", 1))
    except (TypeError, ValueError):
        return 1
    return min(max(page, domain.PAGE_RANGE[0]), domain.PAGE_RANGE[1])


def requested_page_size(args, default):
    """``?per_page=`` when it is one of ``domain.PAGE_SIZE_CHOICES``, else ``default``."""
    value = args.get("per_page", "")
    return int(value) if value.isdigit() and int(value) in domain.PAGE_SIZE_CHOICES else default
