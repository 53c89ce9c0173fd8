"""Which Interreg programmes cover which organisations."""

from .partners import checked_partners

__all__ = ["covers", "programmes_covering", "eligible_programmes"]

_KIND_ORDER = {"cross_border": 0, "outermost": 1, "transnational": 2}


def covers(programme, attrs):
    """Whether ``programme``'s area includes the place described by ``attrs``.

    French places are covered by department; foreign ones by country and, where the programme
    names them, GeoNames first/second-level divisions and a latitude/longitude box.

    Examples
    --------
    >>> alcotra = {"french_departments": ["73", "74"], "foreign_areas": [{"country": "IT", "admin1": ["Aosta Valley"]}]}
    >>> covers(alcotra, {"country": "FR", "department": "74"}), covers(alcotra, {"country": "FR", "department": "68"})
    (True, False)
    >>> covers(alcotra, {"country": "IT", "admin1": "Aosta Valley"}), covers(alcotra, {"country": "IT", "admin1": "Liguria"})
    (True, False)
    """
    country = attrs.get("country")
    if country == "FR":
        return attrs.get("department") in programme["french_departments"]
    for area in programme["foreign_areas"]:
        if area["country"] != country:
            continue
        if "admin1" in area and attrs.get("admin1") not in area["admin1"]:
            continue
        if "admin2" in area and attrs.get("admin2") not in area["admin2"]:
            continue
        if "bbox" in area:
            lat, lon = attrs.get("lat"), attrs.get("lon")
            south, west, north, east = area["bbox"]
            if lat is None or lon is None or not (south <= lat <= north and west <= lon <= east):
                continue
        return True
    return False


def programmes_covering(G, attrs):
    """Codes of the graph's programmes (``G.graph["programmes"]``) that cover ``attrs``."""
    return frozenset(p["code"] for p in G.graph.get("programmes", ()) if covers(p, attrs))


def eligible_programmes(G, nodes):
    """Programmes covering every partner, and those covering only some of them.

    Parameters
    ----------
    G : networkx.Graph
        A graph from :func:`graph.build_graph`, with programmes in ``G.graph["programmes"]``.
    nodes : iterable
        The partners (two or more nodes).

    Returns
    -------
    dict
        ``{"all": [programme...], "some": [programme + {"covered", "outside"}...]}``, cross-border
        programmes first, then outermost-region and transnational ones.

    Examples
    --------
    >>> from graph import build_graph
    >>> G = build_graph(
    ...     [{"id": 1, "country": "FR", "department": "74"}, {"id": 2, "country": "CH", "admin1": "Geneva"},
    ...      {"id": 3, "country": "CH", "admin1": "Zurich"}], [],
    ...     programmes=[{"code": "fch", "name": "France-Suisse", "kind": "cross_border", "countries": ["FR", "CH"],
    ...                  "french_departments": ["74"], "foreign_areas": [{"country": "CH", "admin1": ["Geneva"]}]}])
    >>> [p["code"] for p in eligible_programmes(G, [1, 2])["all"]]
    ['fch']
    >>> eligible_programmes(G, [1, 3])["some"][0]["outside"]
    [3]
    """
    nodes = checked_partners(G, nodes)
    result = {"all": [], "some": []}
    for programme in sorted(G.graph.get("programmes", ()), key=lambda p: (_KIND_ORDER.get(p["kind"], 9), p["name"])):
        covered = [n for n in nodes if programme["code"] in G.nodes[n]["programmes"]]
        summary = {"code": programme["code"], "name": programme["name"], "kind": programme["kind"]}
        if len(covered) == len(nodes):
            result["all"].append(summary)
        elif covered:
            result["some"].append(summary | {"covered": covered, "outside": [n for n in nodes if n not in covered]})
    return result
