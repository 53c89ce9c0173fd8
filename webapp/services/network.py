"""The graph views' data: which nodes and edges a view shows, and who may see it."""

from flask_babel import gettext as _

import graph as engine

from ..errors import AuthenticationRequired, NotFound, PermissionDenied, ValidationFailed
from ..permissions import can_see_whole_network
from ..reasons import phrase_graph_error
from .graph_bridge import current_graph


def whole_network_refusal(user):
    """Why this user may not see the whole network (None if they may)."""
    if not user.is_authenticated:
        return _("Connectez-vous : le réseau complet est réservé aux facilitateurs de la MOT.")
    if not can_see_whole_network(user):
        return _("Le réseau complet est réservé aux facilitateurs de la MOT.")
    return None


def network_view(
    user,
    *,
    center=None,
    depth=1,
    border=None,
    countries=(),
    kinds=(),
    labels=(),
    themes=(),
    statuses=(),
    massifs=(),
    tie_kinds=(),
    unconnected=False,
):
    """``{"view", "nodes", "edges"}`` of an ego view (``center``), a border view, or the whole network (staff only)."""
    G = current_graph()
    if center is not None:
        if center not in G:
            raise NotFound(_("Organisation introuvable : %(id)s.", id=center))
        nodes, kind = engine.ego_nodes(G, center, depth), "ego"
    elif border is not None:
        try:
            nodes, kind = engine.border_nodes(G, border), "border"
        except engine.UnknownBorder as error:
            raise ValidationFailed(phrase_graph_error(error), {"border": phrase_graph_error(error)}) from error
    else:
        refusal = whole_network_refusal(user)
        if refusal is not None:
            raise (AuthenticationRequired if not user.is_authenticated else PermissionDenied)(refusal)
        nodes, kind = set(G.nodes), "whole"
    filters = dict(
        countries=countries,
        kinds=kinds,
        labels=labels,
        themes=themes,
        statuses=statuses,
        massifs=massifs,
        unconnected=unconnected,
    )
    nodes = engine.filter_nodes(G, nodes, keep={center} if center is not None else (), **filters)
    data = engine.view(
        G,
        nodes,
        tie_kinds=tie_kinds or None,
        suggestions_for=center,
        keep_suggested=lambda node: bool(engine.filter_nodes(G, {node}, **filters)),
    )
    return {"view": kind, "center": center, "depth": depth if center is not None else None, "border": border, **data}


def export(data, fmt):
    """The view in an export format: GraphML, GEXF, or one CSV table."""
    if fmt == "graphml":
        return engine.to_graphml(data)
    if fmt == "gexf":
        return engine.to_gexf(data)
    return engine.to_csv(data, "nodes" if fmt == "nodes.csv" else "edges")
