"""The graph views' data: which nodes and edges a view shows, and who may see it."""

import gzip

import orjson
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

import graph as engine
from domain import DEFAULT_CSV_DIALECT

from ..csv_export import Column, csv_text
from ..errors import AuthenticationRequired, NotFound, PermissionDenied, ValidationFailed
from ..geo.borders import load_borders
from ..permissions import can_see_whole_network
from ..reasons import phrase_graph_error
from ..vocab import COUNTRIES, LABELS, ORGANISATION_KINDS, STATUSES, TIE_KINDS
from .graph_bridge import current_graph, memoised


def whole_network_refusal(user):
    """Why this user may not see the whole network (None if they may)."""
    if not user.is_authenticated:
        return _("Connectez-vous : le réseau complet est réservé aux facilitateurs de la MOT.")
    if not can_see_whole_network(user):
        return _("Le réseau complet est réservé aux facilitateurs de la MOT.")
    return None


def network_view(user, **query):
    """``{"view", "nodes", "edges"}`` of an ego view (``center``), a border view, or the whole network (staff only).

    ``query``: ``center``, ``depth``, ``border`` and the filters (``countries``, ``kinds``, ``labels``, ``themes``,
    ``statuses``, ``massifs``, ``tie_kinds``, ``unconnected``).
    """
    G = current_graph()
    header, nodes, drawing = _view_nodes(user, G, **query)
    return {**header, **engine.view(G, nodes, **drawing)}


def network_columnar(user, **query):
    """:func:`network_view` in columns (``graph.columnar_view``): one list per attribute, edges as node indices.

    The whole graph's columns are built once (``memoised``: a change committed by any worker reaches every
    worker's graph through the change log), then patched with each change to the graph (a tie, an
    organisation's attributes: milliseconds, where building them takes seconds at 100,000 nodes), built
    again when organisations come or go; a view slices them.
    """
    G = current_graph()
    header, nodes, drawing = _view_nodes(user, G, **query)
    table = memoised(("columnar-table",), engine.columnar_table, engine.patch_columnar_table)
    return {**header, **engine.columnar_view(G, nodes, table=table, **drawing)}


# Level 1: 100,000 nodes' columns (20 MB) shrink to a fifth in under 100 ms; level 6 saves a fifth more for six times that.
GZIP_LEVEL = 1
GZIP_MIN_BYTES = 1400  # one packet: below that, compressing saves nothing


def columnar_payload(user, *, gzip_ok=False, **query):
    """``(body, encoding)``: :func:`network_columnar` as JSON text, gzipped (encoding "gzip") when ``gzip_ok``.

    The whole network without filters, the biggest and most asked-for view, is encoded once per graph
    version (one text kept per encoding, dropped with the graph's version like the columns).
    """
    if not any(query.get(name) for name in _NARROWING):
        _refuse_whole_network(user)
        return memoised(("columnar-whole", gzip_ok), lambda G: _encoded(network_columnar(user, **query), gzip_ok))
    return _encoded(network_columnar(user, **query), gzip_ok)


def _encoded(data, gzip_ok):
    body = orjson.dumps(data)
    if gzip_ok and len(body) >= GZIP_MIN_BYTES:
        return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0), "gzip"
    return body, None


# Query values that make a view other than the whole, unfiltered network.
_NARROWING = ("center", "border", "countries", "kinds", "labels", "themes", "statuses", "massifs", "tie_kinds", "unconnected")


def _refuse_whole_network(user):
    refusal = whole_network_refusal(user)
    if refusal is not None:
        raise (AuthenticationRequired if not user.is_authenticated else PermissionDenied)(refusal)


def _view_nodes(
    user,
    G,
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
    """The view's header, its nodes after the filters, and the arguments of ``graph.view`` that draw it."""
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
        _refuse_whole_network(user)
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
    if any(filters.values()):  # no filter keeps every node: skip the pass over them (100,000 in a big network)
        nodes = engine.filter_nodes(G, nodes, keep={center} if center is not None else (), **filters)
    header = {"view": kind, "center": center, "depth": depth if center is not None else None, "border": border}
    drawing = dict(
        tie_kinds=tie_kinds or None,
        suggestions_for=center,
        keep_suggested=lambda node: bool(engine.filter_nodes(G, {node}, **filters)),
    )
    return header, nodes, drawing


def _csv_columns(what):
    """The columns of the nodes' or the ties' table (``graph.NODE_COLUMNS``, ``graph.EDGE_COLUMNS``) for ``csv_export``."""
    borders = {b.code: b.name for b in load_borders()}
    columns = {
        "id": Column("id", _l("Identifiant")),
        "name": Column("name", _l("Nom")),
        "country": Column("country", _l("Pays"), COUNTRIES),
        "kind": Column("kind", _l("Type"), ORGANISATION_KINDS),
        "labels": Column("labels", _l("Labels"), LABELS),
        "status": Column("status", _l("Statut"), STATUSES),
        "population": Column("population", _l("Population")),
        "degree": Column("degree", _l("Nombre de liens")),
        "lat": Column("lat", _l("Latitude")),
        "lon": Column("lon", _l("Longitude")),
        "borders": Column("borders", _l("Frontières"), borders),
        "source": Column("source", _l("Identifiant de la première organisation")),
        "source_name": Column("source_name", _l("Première organisation")),
        "target": Column("target", _l("Identifiant de la seconde organisation")),
        "target_name": Column("target_name", _l("Seconde organisation")),
        "kinds": Column("kinds", _l("Types de lien"), TIE_KINDS),
        "since": Column("since", _l("Depuis")),
        "suggested": Column("suggested", _l("Suggéré")),
        "score": Column("score", _l("Score")),
    }
    return [columns[code] for code in (engine.NODE_COLUMNS if what == "nodes" else engine.EDGE_COLUMNS)]


def export(data, fmt, dialect=DEFAULT_CSV_DIALECT):
    """The view in an export format: GraphML, GEXF, or one CSV table in ``dialect`` (see ``webapp.csv_export``)."""
    if fmt == "graphml":
        return engine.to_graphml(data)
    if fmt == "gexf":
        return engine.to_gexf(data)
    what = "nodes" if fmt == "nodes.csv" else "edges"
    return csv_text(_csv_columns(what), engine.view_table(data, what), dialect)
