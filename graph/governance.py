"""Which legal instruments and existing structures fit a set of partners and an ambition."""

from .columns import columns
from .structures import structures_near
from .exceptions import InvalidPartners
from .partners import checked_partners

__all__ = ["suggest_governance", "AMBITION_LEVELS", "PRIVATE_KINDS"]

# Ambitions from the lightest to the strongest.
AMBITION_LEVELS = ("exchange", "joint_project", "shared_service", "permanent_body")
PRIVATE_KINDS = frozenset({"association", "other"})
_AMBITION_NAMES = {"exchange": "un échange d'informations", "joint_project": "un projet commun",
                   "shared_service": "un service ou équipement partagé", "permanent_body": "un organisme commun permanent"}
_KIND_NAMES = {"commune": "une commune", "grouping": "un groupement", "region": "une collectivité régionale",
               "state": "un État", "cross_border_structure": "une structure transfrontalière", "public_body": "un établissement public",
               "association": "une association", "other": "un organisme privé"}
STRUCTURE_RADIUS_KM = 30.0


def _partners(G, nodes):
    nodes = checked_partners(G, nodes)
    countries = {G.nodes[n]["country"] for n in nodes}
    if len(countries) < 2:
        raise InvalidPartners("Tous les partenaires sont dans le même pays : ce n'est pas une coopération transfrontalière.")
    if "FR" not in countries:
        raise InvalidPartners("Il faut au moins un partenaire français.")
    by_neighbour = {neighbour: code for code, neighbour in G.graph.get("borders", {}).items()}
    unknown = sorted(countries - {"FR"} - set(by_neighbour))
    if unknown:
        raise InvalidPartners(f"Aucune frontière de la France avec : {', '.join(unknown)}.")
    return nodes, sorted(by_neighbour[c] for c in countries - {"FR"})


def _assess(G, instrument, nodes, borders, ambition):
    """(open, route, reasons) of one instrument for these partners."""
    rules, reasons, legal = instrument["rules"], [], True
    third = [b for b in borders if b not in rules["borders"] and b in rules.get("third_country_borders", ())]
    closed = [b for b in borders if b not in rules["borders"] and b not in rules.get("third_country_borders", ())]
    if closed:
        legal = False
        reasons.append(f"Ne s'applique pas à la frontière {', '.join(closed)}.")
    elif third:
        reasons.append(f"Frontière {', '.join(third)} : seulement par la voie « pays tiers » (depuis le règlement 1302/2013), "
                       "si le droit du pays voisin le permet.")
    else:
        reasons.append(f"S'applique à la frontière {', '.join(borders)}.")
    for node in nodes:
        attrs = G.nodes[node]
        name, kind = attrs["name"] or str(node), attrs["kind"]
        if kind == "state" and not rules.get("state_members"):
            legal = False
            reasons.append(f"{name} est un État : il ne peut pas en être membre.")
        elif kind in PRIVATE_KINDS and not rules.get("private_members"):
            legal = False
            reasons.append(f"{name} est {_KIND_NAMES[kind]} de droit privé : elle ne peut pas en être membre.")
        elif kind not in rules["member_kinds"] and kind != "state":
            legal = False
            reasons.append(f"{name} ({_KIND_NAMES.get(kind, kind)}) ne fait pas partie des membres possibles.")
        allowed = rules.get("foreign_admin1", {}).get(attrs["country"])
        if allowed is not None and attrs.get("admin1") not in allowed:
            legal = False
            where = attrs.get("admin1") or "une région inconnue"
            reasons.append(f"{name} est situé en {where}, hors du champ de l'accord ({', '.join(allowed)}).")
    fits = ambition in rules["ambitions"]
    if legal:
        reasons.append(f"Permet {_AMBITION_NAMES[ambition]}." if fits else
                       f"Ne suffit pas pour {_AMBITION_NAMES[ambition]} (convient pour : "
                       + ", ".join(_AMBITION_NAMES[a] for a in rules["ambitions"]) + ").")
    return legal, fits, ("third_country" if third else "direct"), reasons


def _structures(G, nodes, borders):
    located = [n for n in nodes if G.nodes[n]["lat"] is not None]
    points = [(G.nodes[n]["lat"], G.nodes[n]["lon"]) for n in located]
    found = []
    for near in structures_near(G, columns(G), borders, points, STRUCTURE_RADIUS_KM, exclude=set(nodes)):
        structure, attrs = near["node"], G.nodes[near["node"]]
        what = G.nodes[near["nearest"]]["name"] if near["nearest"] is not None else "Son siège"
        reasons = [f"Couvre la frontière {', '.join(borders)}.",
                   f"{what} est à {near['nearest_km']:.0f} km de {G.nodes[located[near['point']]]['name']}."]
        already = [G.nodes[n]["name"] for n in nodes if G.has_edge(n, structure)]
        if already:
            reasons.append(f"Déjà membre(s) : {', '.join(already)}.")
        found.append({"node": structure, "name": attrs["name"], "legal_form": attrs.get("legal_form"),
                      "distance_km": round(near["nearest_km"], 1), "reasons": reasons})
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

    Examples
    --------
    >>> from graph import build_graph
    >>> convention = {"code": "convention", "name": "Convention", "legal_basis": "CGCT L1115-1", "rank": 1,
    ...               "rules": {"borders": ["FR-DE"], "member_kinds": ["commune"], "ambitions": ["exchange", "joint_project"]}}
    >>> G = build_graph([{"id": 1, "country": "FR", "name": "Lauterbourg"}, {"id": 2, "country": "DE", "name": "Berg"}], [],
    ...                 borders={"FR-DE": "DE"}, instruments=[convention])
    >>> [(i["code"], i["open"], i["fits"]) for i in suggest_governance(G, [1, 2], "joint_project")["instruments"]]
    [('convention', True, True)]
    >>> suggest_governance(G, [1, 2], "permanent_body")["instruments"][0]["fits"]
    False
    """
    if ambition not in AMBITION_LEVELS:
        raise ValueError(f"Unknown ambition {ambition!r}; expected one of {AMBITION_LEVELS}.")
    nodes, borders = _partners(G, nodes)
    assessed = []
    for instrument in G.graph.get("instruments", ()):
        legal, fits, route, reasons = _assess(G, instrument, nodes, borders, ambition)
        assessed.append({"code": instrument["code"], "name": instrument["name"], "legal_basis": instrument["legal_basis"],
                         "rank": instrument["rank"], "open": legal, "fits": legal and fits, "route": route, "reasons": reasons})
    assessed.sort(key=lambda i: (not i["open"], not i["fits"], i["rank"], i["code"]))
    return {"partners": nodes, "borders": borders, "ambition": ambition, "instruments": assessed,
            "structures": _structures(G, nodes, borders)}
