"""The example sheets of data/sheets.yaml: `flask capitalisation seed` publishes them once, marked as examples."""

from webapp.extensions import db
from webapp.models import Sheet
from webapp.services.reference.curated import read_data_file

from .. import factories
from .test_capitalisation import _reference_rows


def test_seed_publishes_the_examples_once(app, runner, client):
    _reference_rows(app)  # instruments and the Rhin Supérieur programme (not POCTEFA: left out of its sheet)
    bourg = factories.make_org(app, name="Bourg-Madame", country="FR", official_code="66025")
    puigcerda = factories.make_org(app, name="Puigcerdà", country="ES")
    hospital = factories.make_org(app, name="Hospital de la Cerdanya", country="ES", kind="cross_border_structure")
    rows = read_data_file("sheets.yaml")

    result = runner.invoke(args=["capitalisation", "seed"])
    assert result.exit_code == 0, result.output
    assert f"{len(rows)} created, 0 already there" in result.output
    assert "Strasbourg (FR)" in result.output and "Kehl (DE)" in result.output  # not loaded here: reported
    with app.app_context():
        sheets = db.session.scalars(db.select(Sheet)).all()
        assert len(sheets) == len(rows) == 6
        assert all(s.is_example and s.status == "published" and s.sources for s in sheets)
        hcerdanya = next(s for s in sheets if s.title.startswith("Hôpital de Cerdanya"))
        assert sorted(hcerdanya.partner_ids) == sorted([bourg, puigcerda])
        assert (hcerdanya.structure_id, hcerdanya.instrument_code, hcerdanya.programme_code) == (hospital, "egtc", None)
        care = next(s for s in sheets if s.title == "Se soigner de l'autre côté de la frontière")
        assert [s.id for s in care.projects] == [hcerdanya.id]
        assert {s.kind for s in sheets} == {"project", "problem"}
        assert {b for s in sheets for b in s.border_codes} >= {"FR-ES", "FR-DE", "FR-LU", "FR-BE"}

    again = runner.invoke(args=["capitalisation", "seed"])
    assert "0 created, 6 already there" in again.output
    page = client.get("/sheets/?q=cerdagne").get_data(as_text=True)
    assert "Hôpital de Cerdanya" in page and "exemple" in page
