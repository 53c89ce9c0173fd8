"""The factor weights: read and checked from a versioned file fitted on real ties (bench/fit_weights.py).

The file (``data/ranking_weights.json``) holds a version, the date, what the weights were fitted
on (counts per source of ties), the held-out metrics of the cross-validation, and one non-negative
weight per factor. The engine reads it once, as its default weights.
"""

import json
import math
from pathlib import Path

from .exceptions import InvalidWeights
from .factors import FACTORS

__all__ = ["DEFAULT_WEIGHTS", "FALLBACK_WEIGHTS", "WEIGHTS_FILE", "check_weights", "read_weights"]

WEIGHTS_FILE = Path(__file__).resolve().parents[1] / "data" / "ranking_weights.json"
# Used only when no weights file exists (a fresh checkout before the first fit): hand-set.
FALLBACK_WEIGHTS = {
    "distance": 0.1,
    "proximity": 0.1,
    "nearest": 0.05,
    "continuity": 0.1,
    "gravity": 0.05,
    "size": 0.05,
    "name": 0.05,
    "language": 0.05,
    "network": 0.15,
    "partners_of_partners": 0.05,
    "themes": 0.1,
    "programme": 0.05,
    "responsiveness": 0.1,
}
_REQUIRED = ("version", "fitted_at", "fitted_on", "weights")


def check_weights(weights):
    """The weights as ``{factor: float}`` for every factor (missing ones weigh 0), or InvalidWeights.

    Examples
    --------
    >>> check_weights({"distance": 2})["distance"], check_weights({"distance": 2})["name"]
    (2.0, 0.0)
    >>> try:
    ...     check_weights({"distance": -1})
    ... except InvalidWeights as error:
    ...     print(error.code, error.params)
    weights_negative {'factor': 'distance'}
    """
    unknown = sorted(set(weights) - set(FACTORS))
    if unknown:
        raise InvalidWeights(code="weights_unknown_factor", factors=unknown)
    checked = {}
    for factor in FACTORS:
        try:
            value = float(weights.get(factor, 0.0))
        except (TypeError, ValueError):
            raise InvalidWeights(code="weights_not_a_number", factor=factor) from None
        if not math.isfinite(value):
            raise InvalidWeights(code="weights_not_a_number", factor=factor)
        if value < 0:
            raise InvalidWeights(code="weights_negative", factor=factor)
        checked[factor] = value
    if sum(checked.values()) <= 0:
        raise InvalidWeights(code="weights_all_zero")
    return checked


def read_weights(path=WEIGHTS_FILE):
    """The checked weights of a weights file, and the whole document: ``(weights, document)``.

    Examples
    --------
    >>> import json, tempfile
    >>> doc = {"version": 1, "fitted_at": "2026-11-27", "fitted_on": {"cases": 3}, "weights": {"distance": 1}}
    >>> with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    ...     json.dump(doc, f)
    >>> read_weights(f.name)[0]["distance"]
    1.0
    """
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise InvalidWeights(code="weights_file_unreadable", path=str(path), reason=str(error)) from error
    if not isinstance(document, dict) or any(key not in document for key in _REQUIRED):
        raise InvalidWeights(code="weights_file_incomplete", path=str(path), required=list(_REQUIRED))
    if not isinstance(document["weights"], dict):
        raise InvalidWeights(code="weights_file_incomplete", path=str(path), required=list(_REQUIRED))
    return check_weights(document["weights"]), document


DEFAULT_WEIGHTS = read_weights()[0] if WEIGHTS_FILE.exists() else dict(FALLBACK_WEIGHTS)
