"""Which legal instruments and existing structures fit a set of partners and an ambition."""

from .columns import columns
from .exceptions import InvalidPartners
from .partners import checked_partners
from .structures import structures_near

__all__ = ["suggest_governance", "AMBITION_LEVELS", "PRIVATE_KINDS"]

# Ambitions from the lightest to the strongest.
AMBITION_LEVELS = ("exchange", "joint_project", "shared_service", "permanent_body")
PRIVATE_KINDS = frozenset({"association", "other"})
STRUCTURE_RADIUS_KM = 30.0


def _partners(G, nodes):
    nodes = checked_partners(G, nodes)
    countries = {G.nodes[n]["country"] for n in nodes}
    if len(countries) < 2:
        raise InvalidPartners(code="single_country", country=sorted(countries)[0])
    if "FR" not in countries:
        raise InvalidPartners(code="no_french_partner")
    by_neighbour = {neighbour: code for code, neighbour in G.graph.get("borders", {}).items()}
    unknown = sorted(countries - {"FR"} - set(by_neighbour))
    if unknown:
        raise InvalidPartners(code="no_border_with", countries=unknown)
    return nodes, sorted(by_neighbour[c] for c in countries - {"FR"})


def _assess(G, instrument, nodes, borders, ambition):
    """(open, fits, route, reasons) of one instrument for these partners; each reason a code with parameters."""
    rules, reasons, legal = instrument["rules"], [], True
    third = [b for b in borders if b not in rules["borders"] and b in rules.get("third_country_borders", ())]
    closed = [b for b in borders if b not in rules["borders"] and b not in rules.get("third_country_borders", ())]
    if closed:
        legal = False
        reasons.append({"code": "border_excluded", "borders": closed})
    elif third:
        reasons.append({"code": "border_third_country", "borders": third})
    else:
        reasons.append({"code": "border_included", "borders": list(borders)})
    for node in nodes:
        attrs = G.nodes[node]
        who = {"node": node, "name": attrs["name"] or str(node), "kind": attrs["kind"]}
        if attrs["kind"] == "state" and not rules.get("state_members"):
            legal = False
            reasons.append({"code": "state_not_member", **who})
        elif attrs["kind"] in PRIVATE_KINDS and not rules.get("private_members"):
            legal = False
            reasons.append({"code": "private_not_member", **who})
        elif attrs["kind"] not in rules["member_kinds"] and attrs["kind"] != "state":
            legal = False
            reasons.append({"code": "kind_not_member", **who})
        allowed = rules.get("foreign_admin1", {}).get(attrs["country"])
        if allowed is not None and attrs.get("admin1") not in allowed:
            legal = False
            reasons.append({"code": "outside_agreement_area", **who, "admin1": attrs.get("admin1"), "allowed": list(allowed)})
    fits = ambition in rules["ambitions"]
    if legal:
        reasons.append(
            {"code": "ambition_met", "ambition": ambition}
            if fits
            else {"code": "ambition_not_met", "ambition": ambition, "suits": list(rules["ambitions"])}
        )
    return legal, fits, ("third_country" if third else "direct"), reasons


def _structures(G, nodes, borders):
    located = [n for n in nodes if G.nodes[n]["lat"] is not None]
    points = [(G.nodes[n]["lat"], G.nodes[n]["lon"]) for n in located]
    found = []
    for near in structures_near(G, columns(G), borders, points, STRUCTURE_RADIUS_KM, exclude=set(nodes)):
        structure, attrs = near["node"], G.nodes[near["node"]]
        partner = located[near["point"]]
        nearest = near["nearest"]
        reasons = [
            {"code": "structure_covers", "borders": list(borders)},
            # "nearest" is None when the structure's own seat is the closest point
            {
                "code": "structure_distance",
                "member": nearest,
                "member_name": G.nodes[nearest]["name"] if nearest is not None else None,
                "km": round(near["nearest_km"], 1),
                "partner": partner,
                "partner_name": G.nodes[partner]["name"],
            },
        ]
        already = [n for n in nodes if G.has_edge(n, structure)]
        if already:
            reasons.append({"code": "structure_has_members", "nodes": already, "names": [G.nodes[n]["name"] for n in already]})
        found.append(
            {
                "node": structure,
                "name": attrs["name"],
                "legal_form": attrs.get("legal_form"),
                "distance_km": round(near["nearest_km"], 1),
                "reasons": reasons,
            }
        )
    return sorted(found, key=lambda s: (s["distance_km"], str(s["node"])))


def suggest_governance(G, nodes, ambition="joint_project"):
    """Legal instruments open to these partners for this ambition, and structures they could join.

    Parameters
    ----------
    G : networkx.Graph
        From :func:`graph.build_graph`, with ``G.graph["instruments"]`` (the curated table) and borders.
    nodes : iterable
        Two or more partners, from France and at least one neighbouring country.
    ambition : {"exchange", "joint_project", "shared_service", "permanent_body"}

    Returns
    -------
    dict
        ``{"borders", "ambition", "instruments": [...], "structures": [...]}``. Each instrument has
        ``code``, ``name``, ``legal_basis``, ``rank``, ``open`` (legally possible for exactly these
        partners), ``fits`` (meets the ambition), ``route`` and ``reasons``. Instruments that are open
        and fit come first, lightest first; then the open ones that are too light; then the closed ones.
        Each reason is a code with its parameters, for the caller to phrase: ``border_included``,
        ``border_third_country``, ``border_excluded`` (``borders``); ``state_not_member``,
        ``private_not_member``, ``kind_not_member`` (``node``, ``name``, ``kind``);
        ``outside_agreement_area`` (the same and ``admin1``, ``allowed``); ``ambition_met``
        (``ambition``), ``ambition_not_met`` (``ambition``, ``suits``). Structures' reasons:
        ``structure_covers`` (``borders``), ``structure_distance`` (``member``/``member_name``, None
        for the seat, ``km``, ``partner``/``partner_name``), ``structure_has_members`` (``nodes``, ``names``).

    Raises
    ------
    InvalidPartners
        With ``code`` ``too_few_partners``, ``single_country``, ``no_french_partner`` or ``no_border_with``.
    NodeNotFound
        A partner is not in the graph.

    Examples
    --------
    >>> from graph import build_graph
    >>> convention = {"code": "convention", "name": "Convention", "legal_basis": "CGCT L1115-1", "rank": 1,
    ...               "rules": {"borders": ["FR-DE"], "member_kinds": ["commune"], "ambitions": ["exchange", "joint_project"]}}
    >>> G = build_graph([{"id": 1, "country": "FR", "name": "Lauterbourg"}, {"id": 2, "country": "DE", "name": "Berg"}], [],
    ...                 borders={"FR-DE": "DE"}, instruments=[convention])
    >>> [(i["code"], i["open"], i["fits"]) for i in suggest_governance(G, [1, 2], "joint_project")["instruments"]]
    [('convention', True, True)]
    >>> suggest_governance(G, [1, 2], "permanent_body")["instruments"][0]["reasons"]
    [{'code': 'border_included', 'borders': ['FR-DE']}, {'code': 'ambition_not_met', 'ambition': 'permanent_body', 'suits': ['exchange', 'joint_project']}]
    """
    if ambition not in AMBITION_LEVELS:
        raise ValueError(f"Unknown ambition {ambition!r}; expected one of {AMBITION_LEVELS}.")
    nodes, borders = _partners(G, nodes)
    assessed = []
    for instrument in G.graph.get("instruments", ()):
        legal, fits, route, reasons = _assess(G, instrument, nodes, borders, ambition)
        assessed.append(
            {
                "code": instrument["code"],
                "name": instrument["name"],
                "legal_basis": instrument["legal_basis"],
                "rank": instrument["rank"],
                "open": legal,
                "fits": legal and fits,
                "route": route,
                "reasons": reasons,
            }
        )
    assessed.sort(key=lambda i: (not i["open"], not i["fits"], i["rank"], i["code"]))
    return {
        "partners": nodes,
        "borders": borders,
        "ambition": ambition,
        "instruments": assessed,
        "structures": _structures(G, nodes, borders),
    }
