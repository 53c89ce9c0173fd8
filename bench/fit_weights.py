"""Fit the factor weights on known real ties, with cross-validation; write data/ranking_weights.json.

    .venv/bin/python bench/fit_weights.py            # the database built by `flask reference load`
    .venv/bin/python bench/fit_weights.py --source csv

Each known cross-border tie (bench/ranking_data.py: hand-checked pairs, Interreg co-partners and
twinnings, structure co-members) is a query: the French town asks for suggestions across the border
with every tie that would give the answer away hidden. The partner is the positive; every other
candidate across the same border within the radius is a negative.

The model is a pairwise logistic regression (RankNet-style, scikit-learn ``LogisticRegression`` on
the differences positive minus negative, no intercept): it learns the weights that put the partner
above the others, which is what the engine's weighted mean does. Each query weighs the same
whatever its number of candidates, and each source town the same whatever its number of known
partners (a project's clique would otherwise outvote everything else). Weights must be
non-negative for the score to stay a weighted mean that the explanations can show: a factor
whose coefficient comes out negative is dropped (weight 0) and the model refitted, until none is. The regularisation is fixed (C = 1), never tuned.

Cross-validation is grouped by source town (5 folds): a town's cases are all in the same fold, so
its ties never help rank its own partners. ``held_out_ranks`` gives, for each case, the rank it
gets with weights fitted without its fold; bench/evaluate.py reports those.
"""

import argparse
import datetime
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

# The project first, and this folder off the path: run as a script, bench/http.py would hide the standard library's http.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from bench.ranking_data import RADIUS_KM, SETS, load
from graph.build import add_tie, remove_tie
from graph.counterparts import checked_source, suggest_counterparts
from graph.exceptions import GraphError
from graph.factors import FACTORS, candidate_factors
from graph.weights import FALLBACK_WEIGHTS, WEIGHTS_FILE, check_weights

FOLDS = 5
C = 1.0
# Not learnt from past ties: what the user asked for (themes) and whether someone will answer
# (responsiveness) are choices about usefulness; on reference data status only tells structures
# (verified) from municipalities, which would teach the model a confound.
POLICY_FACTORS = ("themes", "responsiveness")
# Blind to this protocol: a shared structure or partner is exactly what a case hides (the memberships
# that give the answer away), so the partner never has it and only other candidates do; fitted, the
# factor would learn "sharing a structure means not the partner". It keeps its prior weight.
HIDDEN_BY_PROTOCOL = ("network",)


class hidden:
    """Context manager: the case's ties are removed from G, and restored on exit."""

    def __init__(self, G, pairs):
        self.G, self.pairs = G, pairs

    def __enter__(self):
        self.removed = [(u, v, dict(self.G.edges[u, v])) for u, v in self.pairs if self.G.has_edge(u, v)]
        for u, v, _ in self.removed:
            remove_tie(self.G, u, v)
        return self.G

    def __exit__(self, *exc):
        for u, v, data in self.removed:
            for kind in data["kinds"]:
                add_tie(self.G, u, v, kind, data["since"])


def design(G, case):
    """``(X, target_row)``: the factor values of the case's eligible candidates, and the partner's row
    (None when the partner is not a candidate)."""
    with hidden(G, case["hide"]):
        try:
            attrs, other = checked_source(G, case["source"], case["border"])
        except GraphError:
            return np.empty((0, len(FACTORS))), None
        found = candidate_factors(G, case["source"], case["border"], radius_km=RADIUS_KM, other=other, attrs=attrs)
    # Filtered setting: the source's other known partners are neither negatives nor in the way.
    others = case.get("other_partners", ())
    keep = np.flatnonzero(~found.excluded & np.array([n not in others for n in found.nodes], dtype=bool))
    X = np.column_stack([found.values[f][keep] for f in FACTORS]) if len(keep) else np.empty((0, len(FACTORS)))
    rows = [i for i, n in enumerate(found.nodes[keep]) if n == case["target"]]
    return X, (rows[0] if rows else None)


def _pairs(designs, case_weights=None):
    diffs, sample_weight = [], []
    for i, (X, target) in enumerate(designs):
        if target is None or len(X) < 2:
            continue
        negatives = np.delete(np.arange(len(X)), target)
        d = X[target] - X[negatives]
        diffs += [d, -d]
        weight = 1.0 if case_weights is None else case_weights[i]
        sample_weight += [np.full(len(d), weight / len(d))] * 2
    if not diffs:
        raise ValueError("No case with its partner among the candidates: nothing to fit.")
    X = np.vstack(diffs)
    y = np.concatenate([np.ones(len(d)) if i % 2 == 0 else np.zeros(len(d)) for i, d in enumerate(diffs)])
    return X, y, np.concatenate(sample_weight)


def unidentified(designs):
    """Factors that never differ between a partner and the other candidates: the data says nothing
    about them (e.g. themes and responsiveness, empty on reference data)."""
    X, _, _ = _pairs(designs)
    return [f for i, f in enumerate(FACTORS) if not np.any(X[:, i]) and f not in POLICY_FACTORS]


def town_weights(cases):
    """Each case's share of its source town: every town weighs the same in the fit, so a town
    with twenty known partners (or a project clique) does not outvote the others.

    >>> town_weights([{"group": "a"}, {"group": "a"}, {"group": "b"}])
    [0.5, 0.5, 1.0]
    """
    counts = Counter(str(c["group"]) for c in cases)
    return [1.0 / counts[str(c["group"])] for c in cases]


def fit(designs, case_weights=None):
    """Non-negative weights per factor (summing to 1) from a pairwise logistic regression.

    A factor the data says nothing about (:func:`unidentified`) keeps its prior weight
    (``graph.weights.FALLBACK_WEIGHTS``): being constant over every training query, it changes none
    of the rankings the fit and the evaluation see, and still counts once people fill it in.
    """
    from sklearn.linear_model import LogisticRegression

    X, y, sample_weight = _pairs(designs, case_weights)
    unknown = set(unidentified(designs)) | set(POLICY_FACTORS) | set(HIDDEN_BY_PROTOCOL)
    active = [i for i, f in enumerate(FACTORS) if f not in unknown]
    while True:
        model = LogisticRegression(fit_intercept=False, C=C, max_iter=2000)
        model.fit(X[:, active], y, sample_weight=sample_weight)
        coef = model.coef_[0]
        if (coef >= 0).all() or len(active) == 1:
            break
        del active[int(np.argmin(coef))]
    weights = {f: (FALLBACK_WEIGHTS[f] if f in unknown else 0.0) for f in FACTORS}
    fitted_share = 1.0 - sum(weights.values())
    total = float(np.clip(coef, 0, None).sum()) or 1.0
    for index, value in zip(active, coef):
        weights[FACTORS[index]] = round(fitted_share * max(float(value), 0.0) / total, 4)
    return check_weights(weights)


def folds_of(cases, folds=FOLDS):
    """Fold index of each case, grouped by source town (scikit-learn GroupKFold)."""
    from sklearn.model_selection import GroupKFold

    groups = [str(c["group"]) for c in cases]
    assignment = np.zeros(len(cases), dtype=int)
    for fold, (_, test) in enumerate(GroupKFold(n_splits=min(folds, len(set(groups)))).split(cases, groups=groups)):
        assignment[test] = fold
    return assignment


def held_out_ranks(G, cases, designs=None):
    """``(ranks, weights per fold)``: each case's rank with the weights fitted on the other folds."""
    designs = designs if designs is not None else [design(G, c) for c in cases]
    assignment = folds_of(cases)
    ranks, fold_weights = [None] * len(cases), []
    for fold in sorted(set(assignment)):
        training = [i for i, f in enumerate(assignment) if f != fold]
        weights = fit([designs[i] for i in training], town_weights([cases[i] for i in training]))
        fold_weights.append(weights)
        for i in np.flatnonzero(assignment == fold):
            ranks[i] = _rank(G, cases[i], weights)
    return ranks, fold_weights


def _rank(G, case, weights, limit=100):
    """Filtered rank of the partner (1-based; None beyond ``limit``): the source's other known
    partners ranked above it do not count, as in the usual link-prediction protocol."""
    others = case.get("other_partners", set())
    with hidden(G, case["hide"]):
        try:
            ranked = [
                s["node"]
                for s in suggest_counterparts(
                    G, case["source"], case["border"], radius_km=RADIUS_KM, limit=limit + len(others), weights=weights
                )
            ]
        except GraphError:
            return None
    ranked = [n for n in ranked if n not in others][:limit]
    return ranked.index(case["target"]) + 1 if case["target"] in ranked else None


def distance_ranks(G, cases):
    return [_rank(G, c, {"distance": 1.0}) for c in cases]


def metrics(ranks):
    """hits@1, hits@5 and mean reciprocal rank (a partner not in the first 100 counts 0).

    >>> metrics([1, 2, None, 10])
    {'cases': 4, 'hits@1': 0.25, 'hits@5': 0.5, 'mrr': 0.4}
    """
    n = len(ranks) or 1
    return {
        "cases": len(ranks),
        "hits@1": round(sum(1 for r in ranks if r == 1) / n, 4),
        "hits@5": round(sum(1 for r in ranks if r and r <= 5) / n, 4),
        "mrr": round(sum(1 / r for r in ranks if r) / n, 4),
    }


def per_set(cases, ranks):
    table = {s: metrics([r for c, r in zip(cases, ranks) if s in c["sets"]]) for s in SETS}
    table["all"] = metrics(ranks)
    return table


def write_weights(weights, cases, cv, source, not_fitted, path=WEIGHTS_FILE):
    previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    document = {
        "version": int(previous.get("version", 0)) + 1,
        "fitted_at": datetime.date.today().isoformat(),
        "fitted_on": {
            "source": source,
            "cases": len(cases),
            "source_towns": len({str(c["group"]) for c in cases}),
            "radius_km": RADIUS_KM,
            "by_set": dict(Counter(s for c in cases for s in c["sets"])),
        },
        "model": f"pairwise logistic regression (scikit-learn), C={C}, non-negative by refitting without negative factors",
        "not_fitted": {
            "policy": list(POLICY_FACTORS),
            "hidden_by_protocol": list(HIDDEN_BY_PROTOCOL),
            "constant_in_data": not_fitted,
            "why": "prior weight kept (graph.weights.FALLBACK_WEIGHTS): policy factors are choices about "
            "usefulness; a shared structure is hidden with the tie it explains, so the network factor "
            "cannot be learnt by hiding ties; a factor constant over every training query cannot be fitted",
        },
        "cross_validation": {"folds": FOLDS, "grouped_by": "source town", "held_out": cv},
        "weights": weights,
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return document


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=("database", "csv"), default="database")
    parser.add_argument("--output", type=Path, default=WEIGHTS_FILE)
    args = parser.parse_args(argv)
    G, cases, report = load(args.source)
    print(
        f"{len(cases)} cases from {len({str(c['group']) for c in cases})} source towns: "
        + ", ".join(f"{s} {n}" for s, n in Counter(s for c in cases for s in c["sets"]).items())
    )
    for reason, examples in report.items():
        print(f"  left out, {reason}: {len(examples)}")
    designs = [design(G, c) for c in cases]
    ranks, _ = held_out_ranks(G, cases, designs)
    cv = per_set(cases, ranks)
    for name, m in cv.items():
        print(f"  held out, {name}: {m}")
    weights = fit(designs, town_weights(cases))
    document = write_weights(weights, cases, cv, args.source, unidentified(designs), args.output)
    print(f"Weights v{document['version']} written to {args.output}: " + ", ".join(f"{f} {w:.3f}" for f, w in weights.items()))


if __name__ == "__main__":
    main()
