"""How well does the engine find real partners? (``make bench``, second part)

Loads the reference data into a scratch SQLite database (``flask reference load``; ``--source csv``
reads the reference files directly instead), turns every known cross-border tie into a question
(bench/ranking_data.py): the French town asks for suggestions across the border, with every tie that
would give the answer away hidden (the tie itself, the memberships of structures both belong to, the
source's ties to the other partners of a shared Interreg project). Evaluation sets:

* hand-checked pairs (``data/evaluation_pairs.yaml``);
* Interreg co-partner and twinning ties between two municipalities;
* co-members of a cross-border structure on two sides of a border;
* all of them.

For each set it prints hits@1, hits@5 and the mean reciprocal rank of the hidden partner for the
engine and for the distance-only ranking, in the same run. The engine's weights are **held out**:
each case is ranked with weights fitted (bench/fit_weights.py) on the other folds of a 5-fold
cross-validation grouped by source town, never on the case itself.
"""

import argparse
import sys
from pathlib import Path

# The project first, and this folder off the path: run as a script, bench/http.py would hide the standard library's http.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from bench.fit_weights import design, distance_ranks, held_out_ranks, per_set
from bench.ranking_data import load
from graph.factors import FACTORS


def table(cases, ranks, baseline):
    engine, distance = per_set(cases, ranks), per_set(cases, baseline)
    lines = [f"{'evaluation set':<40}{'ranking':<26}{'hits@1':>8}{'hits@5':>8}{'MRR':>8}"]
    for name in engine:
        title = f"{name} ({engine[name]['cases']})"
        for label, m in (("Passerelle (held-out)", engine[name]), ("distance only", distance[name])):
            lines.append(f"{title:<40}{label:<26}{m['hits@1']:>8.2f}{m['hits@5']:>8.2f}{m['mrr']:>8.3f}")
            title = ""
        lines.append(f"{'':<40}{'MRR gain over distance':<26}{'':>16}{engine[name]['mrr'] - distance[name]['mrr']:>+8.3f}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=("database", "csv"), default="database")
    args = parser.parse_args(argv)
    G, cases, report = load(args.source)
    print(f"Known cross-border ties asked about: {len(cases)} (from {len({str(c['group']) for c in cases})} French towns)")
    for reason, examples in report.items():
        print(f"  left out, {reason}: {len(examples)} ({', '.join(examples[:4])}{', ...' if len(examples) > 4 else ''})")
    designs = [design(G, c) for c in cases]
    ranks, fold_weights = held_out_ranks(G, cases, designs)
    print(table(cases, ranks, distance_ranks(G, cases)))
    print("Weights per held-out fold:")
    for i, weights in enumerate(fold_weights):
        print(f"  fold {i + 1}: " + ", ".join(f"{f} {weights[f]:.2f}" for f in FACTORS if weights[f]))


if __name__ == "__main__":
    main()
