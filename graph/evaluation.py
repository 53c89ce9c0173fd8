"""Offline evaluation: hide known ties and see where the engine ranks the hidden partner."""

from .build import add_tie, remove_tie
from .counterparts import suggest_counterparts
from .exceptions import GraphError

__all__ = ["rank_of_hidden", "evaluate"]


def rank_of_hidden(G, source, target, border, *, hide=(), limit=100, **options):
    """Rank (1-based) of ``target`` in ``source``'s suggestions once the ``hide`` edges are removed.

    The edges are restored afterwards. Returns None when ``target`` is not among the first
    ``limit`` suggestions (e.g. outside the radius).

    Examples
    --------
    >>> from graph import build_graph
    >>> G = build_graph([{"id": "a", "country": "FR", "lat": 47.6, "lon": 7.55, "borders": ["FR-CH"]},
    ...                  {"id": "b", "country": "CH", "lat": 47.56, "lon": 7.59},
    ...                  {"id": "c", "country": "CH", "lat": 47.59, "lon": 7.56}],
    ...                 [{"a": "a", "b": "b", "kind": "twinning"}], borders={"FR-CH": "CH"})
    >>> rank_of_hidden(G, "a", "b", "FR-CH", hide=[("a", "b")])
    2
    >>> G.has_edge("a", "b")
    True
    """
    removed = [(u, v, dict(G.edges[u, v])) for u, v in hide if G.has_edge(u, v)]
    for u, v, _ in removed:
        remove_tie(G, u, v)
    try:
        ranked = [s["node"] for s in suggest_counterparts(G, source, border, limit=limit, **options)]
    finally:
        for u, v, data in removed:
            for kind in data["kinds"]:
                add_tie(G, u, v, kind, data["since"])
    return ranked.index(target) + 1 if target in ranked else None


def evaluate(G, cases, **options):
    """hits@5, hits@10 and mean reciprocal rank over ``cases``.

    Each case is a mapping with ``source``, ``target``, ``border`` and ``hide`` (edges to remove);
    a case whose source cannot get suggestions counts as a miss.

    Examples
    --------
    >>> from graph import build_graph
    >>> G = build_graph([{"id": "a", "country": "FR", "lat": 47.6, "lon": 7.55, "borders": ["FR-CH"]},
    ...                  {"id": "b", "country": "CH", "lat": 47.56, "lon": 7.59}], [], borders={"FR-CH": "CH"})
    >>> evaluate(G, [{"source": "a", "target": "b", "border": "FR-CH", "hide": []}])
    {'cases': 1, 'hits@5': 1.0, 'hits@10': 1.0, 'mrr': 1.0}
    """
    ranks = []
    for case in cases:
        try:
            ranks.append(rank_of_hidden(G, case["source"], case["target"], case["border"], hide=case["hide"], **options))
        except GraphError:
            ranks.append(None)
    n = len(ranks) or 1
    return {
        "cases": len(ranks),
        "hits@5": round(sum(1 for r in ranks if r and r <= 5) / n, 4),
        "hits@10": round(sum(1 for r in ranks if r and r <= 10) / n, 4),
        "mrr": round(sum(1 / r for r in ranks if r) / n, 4),
    }
