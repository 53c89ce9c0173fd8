import pytest

from graph import InvalidPartners, border_metrics, build_graph, covers, eligible_programmes

RHIN = {
    "code": "rhin",
    "name": "Rhin Supérieur",
    "kind": "cross_border",
    "countries": ["FR", "DE", "CH"],
    "french_departments": ["67", "68"],
    "foreign_areas": [
        {"country": "DE", "admin1": ["Rheinland-Pfalz"], "bbox": [48.9, 7.6, 49.35, 8.5]},
        {"country": "DE", "admin1": ["Baden-Wurttemberg"], "admin2": ["Freiburg Region"]},
    ],
}
NWE = {
    "code": "nwe",
    "name": "North-West Europe",
    "kind": "transnational",
    "countries": ["FR", "DE"],
    "french_departments": ["67"],
    "foreign_areas": [{"country": "DE"}],
}


@pytest.mark.parametrize(
    "attrs, expected",
    [
        ({"country": "FR", "department": "67"}, True),
        ({"country": "FR", "department": "57"}, False),
        ({"country": "FR", "department": None}, False),
        ({"country": "DE", "admin1": "Rheinland-Pfalz", "lat": 49.2, "lon": 8.1}, True),  # Landau, Südpfalz
        ({"country": "DE", "admin1": "Rheinland-Pfalz", "lat": 50.0, "lon": 8.27}, False),  # Mainz
        ({"country": "DE", "admin1": "Baden-Wurttemberg", "admin2": "Freiburg Region"}, True),
        ({"country": "DE", "admin1": "Baden-Wurttemberg", "admin2": "Regierungsbezirk Stuttgart"}, False),
        ({"country": "CH", "admin1": "Basel-City"}, False),
    ],
)
def test_covers(attrs, expected):
    assert covers(RHIN, attrs) is expected


def test_eligible_programmes_all_and_some():
    G = build_graph(
        [
            {"id": "strasbourg", "country": "FR", "department": "67"},
            {"id": "freiburg", "country": "DE", "admin1": "Baden-Wurttemberg", "admin2": "Freiburg Region"},
            {"id": "stuttgart", "country": "DE", "admin1": "Baden-Wurttemberg", "admin2": "Regierungsbezirk Stuttgart"},
        ],
        [],
        programmes=[NWE, RHIN],
    )
    result = eligible_programmes(G, ["strasbourg", "freiburg"])
    assert [p["code"] for p in result["all"]] == ["rhin", "nwe"]  # cross-border first
    result = eligible_programmes(G, ["strasbourg", "stuttgart"])
    assert [p["code"] for p in result["all"]] == ["nwe"]
    assert result["some"] == [
        {"code": "rhin", "name": "Rhin Supérieur", "kind": "cross_border", "covered": ["strasbourg"], "outside": ["stuttgart"]}
    ]
    with pytest.raises(InvalidPartners):
        eligible_programmes(G, ["strasbourg"])


def test_border_metrics_known_answers():
    nodes = [
        {"id": i, "country": c, "borders": ["FR-BE"], "labels": labels, "name": str(i)}
        for i, c, labels in [
            (1, "FR", ["pvd"]),
            (2, "BE", []),
            (3, "FR", []),
            (4, "BE", []),
            (5, "FR", ["va"]),
            (6, "FR", ["pvd"]),
            (7, "FR", []),
        ]
    ]
    ties = [(1, 2), (2, 3), (3, 4), (5, 7)]  # a path 1-2-3-4, a French-only pair 5-7, 6 alone
    G = build_graph(
        nodes + [{"id": 99, "country": "FR", "borders": ["FR-DE"]}],
        [{"a": a, "b": b, "kind": "cooperation"} for a, b in ties + [(1, 99)]],
    )
    m = border_metrics(G, "FR-BE", seed=1)
    assert m["nodes"] == 7 and m["ties"] == 4
    assert m["unconnected_labelled"] == [5, 6]  # 1 has a Belgian partner
    assert m["components"] == [4, 2] and m["isolated"] == [6]
    assert set(m["bridges"]) == {(1, 2), (2, 3), (3, 4), (5, 7)}
    assert [b[0] for b in m["brokers"]][:2] in ([2, 3], [3, 2])
    assert sorted(map(len, m["communities"])) == sorted(map(len, border_metrics(G, "FR-BE", seed=1)["communities"]))
    assert sum(map(len, m["communities"])) == 6
