"""Borders are derived from position and country, against the real Natural Earth lines."""

from pathlib import Path

import pytest

from config import Config
from webapp.geo.borders import border_geometry, borders_near, department_of, load_borders


@pytest.fixture(scope="module")
def geometry():
    return border_geometry(Path(Config.NODE_MODULES))


def test_border_table_has_every_border_of_domain_brief():
    codes = [b.code for b in load_borders()]
    assert codes == ["FR-BE", "FR-LU", "FR-DE", "FR-CH", "FR-IT", "FR-MC", "FR-ES", "FR-AD", "FR-BR", "FR-SR", "FR-SX"]
    assert all(b.departments and b.source for b in load_borders())


@pytest.mark.parametrize(
    "place, country, lat, lon, expected",
    [
        ("Saint-Louis (Basel area)", "FR", 47.590, 7.560, ["FR-DE", "FR-CH"]),
        ("Longwy", "FR", 49.520, 5.760, ["FR-BE", "FR-LU"]),
        ("Menton", "FR", 43.775, 7.497, ["FR-IT", "FR-MC"]),
        ("Hendaye", "FR", 43.359, -1.775, ["FR-ES"]),
        ("Saint-Georges (Guyane)", "FR", 3.891, -51.805, ["FR-BR"]),
        ("Marigot (Saint-Martin)", "FR", 18.068, -63.083, ["FR-SX"]),
        ("Paris", "FR", 48.857, 2.352, []),
        ("Kehl", "DE", 48.572, 7.816, ["FR-DE"]),
        ("Irun", "ES", 43.338, -1.789, ["FR-ES"]),
        ("Madrid", "ES", 40.417, -3.704, []),
        ("Basel seen as German would be wrong", "CH", 47.558, 7.573, ["FR-CH"]),
    ],
)
def test_borders_near_real_places(geometry, place, country, lat, lon, expected):
    assert borders_near(country, lat, lon, band_km=30, geometry=geometry) == expected


def test_distance_is_metric(geometry):
    # Strasbourg cathedral is about 3 km from the Rhine, the FR-DE border.
    assert 1 < geometry.distance_km("FR-DE", 48.5818, 7.7509) < 5
    # Lyon is about 95 km from the nearest point of the Swiss border, west of Geneva.
    assert 85 < geometry.distance_km("FR-CH", 45.764, 4.836) < 105


def test_corsica_faces_italy_by_sea(geometry):
    assert borders_near("FR", 41.919, 8.738, department="2A", geometry=geometry) == ["FR-IT"]


def test_without_coordinates_department_or_country_decides(geometry):
    assert borders_near("FR", None, None, department="09", geometry=geometry) == ["FR-ES", "FR-AD"]
    assert borders_near("FR", None, None, department="75", geometry=geometry) == []
    assert borders_near("LU", None, None, geometry=geometry) == ["FR-LU"]


@pytest.mark.parametrize(
    "code, department", [("01033", "01"), ("2A004", "2A"), ("97302", "973"), ("97801", "978"), ("123", None)]
)
def test_department_of(code, department):
    assert department_of(code) == department
