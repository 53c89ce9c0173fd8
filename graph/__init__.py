"""The Passerelle network engine: pure Python and networkx, no Flask and no database.

Functions take the graph first, as in networkx. Build one with :func:`build_graph`.
"""

from .build import add_organisation, add_tie, build_graph, remove_organisation, remove_tie
from .columnar import ColumnarTable, columnar_table, columnar_view, patch_columnar_table
from .counterparts import DEFAULT_WEIGHTS, adamic_adar_from, suggest_all_borders, suggest_counterparts
from .evaluation import evaluate, rank_of_hidden
from .exceptions import GraphError, InvalidPartners, MissingPosition, NodeNotFound, NotNearBorder, UnknownBorder
from .funding import covers, eligible_programmes
from .governance import AMBITION_LEVELS, suggest_governance
from .metrics import border_metrics, has_cross_border_tie
from .views import (
    EDGE_COLUMNS,
    NODE_COLUMNS,
    border_nodes,
    csv_table,
    ego_nodes,
    filter_nodes,
    suggested_edges,
    to_csv,
    to_gexf,
    to_graphml,
    view,
    view_table,
)

__all__ = [
    "ColumnarTable",
    "columnar_table",
    "columnar_view",
    "patch_columnar_table",
    "suggested_edges",
    "AMBITION_LEVELS",
    "evaluate",
    "rank_of_hidden",
    "border_nodes",
    "ego_nodes",
    "filter_nodes",
    "csv_table",
    "to_csv",
    "to_gexf",
    "to_graphml",
    "view",
    "view_table",
    "NODE_COLUMNS",
    "EDGE_COLUMNS",
    "DEFAULT_WEIGHTS",
    "border_metrics",
    "has_cross_border_tie",
    "suggest_governance",
    "GraphError",
    "InvalidPartners",
    "MissingPosition",
    "NodeNotFound",
    "NotNearBorder",
    "UnknownBorder",
    "adamic_adar_from",
    "add_organisation",
    "add_tie",
    "build_graph",
    "covers",
    "eligible_programmes",
    "remove_organisation",
    "remove_tie",
    "suggest_all_borders",
    "suggest_counterparts",
]
