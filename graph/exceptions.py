"""Exceptions raised by the ``graph`` package."""

__all__ = ["GraphError", "NodeNotFound", "UnknownBorder", "NotNearBorder", "MissingPosition", "InvalidPartners"]


class GraphError(Exception):
    """Base class of the package's errors."""


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
