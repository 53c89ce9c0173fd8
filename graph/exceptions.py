"""Exceptions raised by the ``graph`` package."""

__all__ = ["GraphError", "NodeNotFound", "UnknownBorder", "NotNearBorder", "MissingPosition", "InvalidPartners", "InvalidWeights"]


class GraphError(Exception):
    """Base class of the package's errors.

    ``code`` and ``params`` say what went wrong in a form the caller phrases in its own language;
    ``str(error)`` is only for logs.

    Examples
    --------
    >>> error = GraphError(code="no_border_with", countries=["GB"])
    >>> error.code, error.params
    ('no_border_with', {'countries': ['GB']})
    """

    code = "graph_error"

    def __init__(self, *args, code=None, **params):
        super().__init__(*(args or ([code, params] if params else [code])))
        if code is not None:
            self.code = code
        self.params = params


class NodeNotFound(GraphError, KeyError):
    """A node named in a call is not in the graph."""


class UnknownBorder(GraphError, ValueError):
    """The border code is not one of the graph's borders."""


class NotNearBorder(GraphError, ValueError):
    """The organisation does not sit near the border it asks about."""


class MissingPosition(GraphError, ValueError):
    """The organisation has no coordinates, so distances cannot be computed."""


class InvalidPartners(GraphError, ValueError):
    """A partner set that cannot cooperate across a border (fewer than two, or a single country)."""


class InvalidWeights(GraphError, ValueError):
    """Factor weights that cannot rank: unknown factor, negative or non-numeric weight, all zero, or a
    weights file that is unreadable or incomplete."""
