"""How well does the engine find real partners? (``make bench``, second part)

Loads the real reference data into a scratch SQLite database, adds the hand-checked town pairs of
``data/evaluation_pairs.yaml`` as ties, and for each known cross-border tie hides it and asks for
the French side's suggestions on that border:

* each hand-checked pair (the tie between the two towns is hidden);
* each pair of co-members of a curated structure on two sides of a border (the French member's
  membership tie is hidden, so the structure no longer links them).

Prints hits@5, hits@10 and mean reciprocal rank of the hidden partner, for the engine with its
default weights and for a distance-only baseline, in the same run.
"""

import os
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import graph as engine  # noqa: E402
from config import Config  # noqa: E402
from webapp.services.text import fold  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data"


def known_cases(G):
    by_name = {}
    for node, attrs in G.nodes(data=True):
        if attrs["kind"] == "commune":
            by_name.setdefault((attrs["country"], fold(attrs["name"])), node)
    border_of = {neighbour: code for code, neighbour in G.graph["borders"].items()}
    cases, missing = [], []
    for row in yaml.safe_load((DATA / "evaluation_pairs.yaml").read_text(encoding="utf-8")):
        source, target = by_name.get(("FR", fold(row["fr"]))), by_name.get((row["country"], fold(row["other"])))
        if source is None or target is None:
            missing.append(f"{row['fr']} / {row['other']}")
            continue
        engine.add_tie(G, source, target, "cooperation")
        cases.append({"kind": "pair", "source": source, "target": target, "border": border_of[row["country"]], "hide": [(source, target)]})
    for structure, attrs in G.nodes(data=True):
        if attrs["kind"] != "cross_border_structure":
            continue
        members = list(G[structure])
        for source in members:
            for target in members:
                s, t = G.nodes[source], G.nodes[target]
                if s["country"] == "FR" and t["country"] != "FR" and border_of.get(t["country"]) in s["borders"]:
                    cases.append({"kind": "structure", "source": source, "target": target, "border": border_of[t["country"]],
                                  "hide": [(source, structure)]})
    return cases, missing


def main():
    from flask_migrate import upgrade

    from webapp import create_app
    from webapp.extensions import db
    from webapp.services.graph_bridge import build_from_database
    from webapp.services.reference.loader import load_reference

    class EvaluationConfig(Config):
        SQLALCHEMY_DATABASE_URI = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "evaluation.db")

    app = create_app(EvaluationConfig)
    with app.app_context():
        upgrade()
        load_reference()
        db.session.commit()
        G = build_from_database()
    cases, missing = known_cases(G)
    pairs = [c for c in cases if c["kind"] == "pair"]
    structures = [c for c in cases if c["kind"] == "structure"]
    print(f"Known cross-border ties: {len(pairs)} hand-checked town pairs, {len(structures)} structure co-memberships"
          + (f" (pairs not found: {', '.join(missing)})" if missing else ""))
    print(f"{'ties hidden':<34}{'ranking':<16}{'hits@5':>8}{'hits@10':>9}{'MRR':>8}")
    for label, subset in (("hand-checked pairs", pairs), ("structure co-members", structures), ("all", cases)):
        for name, weights in (("Passerelle", None), ("distance only", {"distance": 1.0})):
            result = engine.evaluate(G, subset, weights=weights)
            title = f"{label} ({result['cases']})"
            print(f"{title:<34}{name:<16}{result['hits@5']:>8.2f}{result['hits@10']:>9.2f}{result['mrr']:>8.3f}")


if __name__ == "__main__":
    main()
