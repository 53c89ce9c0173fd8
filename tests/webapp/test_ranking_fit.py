"""bench/fit_weights.py: the pairwise fit learns which factors put the partner first; folds keep towns apart."""

import numpy as np

from bench.fit_weights import POLICY_FACTORS, fit, folds_of, metrics
from graph.factors import FACTORS
from graph.weights import FALLBACK_WEIGHTS


def synthetic_designs(seed=0, cases=60, candidates=30):
    """Queries where the partner is whoever scores best on 3 x name + continuity; the rest is noise."""
    rng = np.random.default_rng(seed)
    designs = []
    for _ in range(cases):
        X = rng.random((candidates, len(FACTORS)))
        for constant in ("themes", "network"):
            X[:, FACTORS.index(constant)] = 0.0  # never differs: the data says nothing about it
        target = int(np.argmax(3 * X[:, FACTORS.index("name")] + X[:, FACTORS.index("continuity")]))
        designs.append((X, target))
    return designs


def test_the_fit_finds_the_factors_that_rank_the_partner_first():
    weights = fit(synthetic_designs())
    assert abs(sum(weights.values()) - 1) < 1e-3
    fitted = {f: w for f, w in weights.items() if f not in POLICY_FACTORS and f != "network"}
    assert max(fitted, key=fitted.get) == "name"
    assert weights["continuity"] > 2 * max(w for f, w in fitted.items() if f not in ("name", "continuity"))
    assert all(w >= 0 for w in weights.values())


def test_factors_the_data_says_nothing_about_keep_their_prior_weight():
    weights = fit(synthetic_designs())
    assert weights["network"] == FALLBACK_WEIGHTS["network"]
    assert all(weights[f] == FALLBACK_WEIGHTS[f] for f in POLICY_FACTORS)


def test_folds_are_grouped_by_source_town():
    cases = [{"group": town} for town in ["a", "a", "b", "c", "c", "c", "d", "e", "f", "g"]]
    folds = folds_of(cases)
    for town in "acg":
        assert len({f for c, f in zip(cases, folds) if c["group"] == town}) == 1
    assert len(set(folds)) == 5


def test_metrics():
    assert metrics([1, 1, 3, None]) == {"cases": 4, "hits@1": 0.5, "hits@5": 0.75, "mrr": round((1 + 1 + 1 / 3) / 4, 4)}
