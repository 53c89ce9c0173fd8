"""Checks shared by the functions that take a set of partners."""

from .exceptions import InvalidPartners, NodeNotFound

__all__ = ["checked_partners"]


def checked_partners(G, nodes):
    """The partners without repeats, in order; at least two, all in the graph.

    Examples
    --------
    >>> import networkx as nx
    >>> checked_partners(nx.path_graph(3), [2, 0, 2])
    [2, 0]
    """
    nodes = list(dict.fromkeys(nodes))
    if len(nodes) < 2:
        raise InvalidPartners(code="too_few_partners", minimum=2)
    for node in nodes:
        if node not in G:
            raise NodeNotFound(node)
    return nodes
