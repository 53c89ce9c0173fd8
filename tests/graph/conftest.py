from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="session")
def instruments():
    rows = yaml.safe_load((DATA / "instruments.yaml").read_text(encoding="utf-8"))
    return [
        {"code": r["code"], "name": r["name_fr"], "legal_basis": r["legal_basis"], "rank": r["rank"], "rules": r["rules"]}
        for r in rows
    ]


@pytest.fixture(scope="session")
def borders():
    return {row["code"]: row["neighbour"] for row in yaml.safe_load((DATA / "borders.yaml").read_text(encoding="utf-8"))}
