"""URL converters: ``<int:...>`` only matches ids PostgreSQL can store, so a huge id is a 404, never a 500."""

from werkzeug.routing import IntegerConverter

import domain


class Int4Converter(IntegerConverter):
    """``<int:id>`` limited to 1..2147483647 (int4) unless the rule gives its own bounds."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002 - werkzeug's names
        super().__init__(map, fixed_digits, domain.ID_RANGE[0] if min is None else min,
                         domain.ID_RANGE[1] if max is None else max, signed)


def requested_page(args):
    """``?page=`` as a page number within int4: missing or not a number gives 1, too large the last int4."""
    try:
        page = int(args.get("page", 1))
    except (TypeError, ValueError):
        return 1
    return min(max(page, domain.PAGE_RANGE[0]), domain.PAGE_RANGE[1])
