"""ANCT label lists: small files in the official layouts, with what real files do to them."""

import io

import pytest
from sqlalchemy import func, select

from config import Config
from webapp.extensions import db as _db
from webapp.models import LabelImport, Organisation, OrganisationLabel
from webapp.services.cog import commune_index
from webapp.services.reference.labels import LabelFileError, import_labels, parse_label_file

from .. import factories
from ..factories import SAINT_LOUIS

PVD = "insee_com,lib_com,id_pvd,date_signature\n68297,Saint-Louis,pvd-44-68-1,2021-04-12\n"
VA = "insee_com,lib_com,id_va,date_labellisation,region\n64260,Hendaye,va-64-101,2024-01-10,Nouvelle-Aquitaine\n"
AMI = "insee_com,lib_com,id_ami,lib_ami\n74010,Annecy,ami-alp-01,Territoire du Grand Annecy\n"
CROISEMENT = (
    "insee_com;lib_com;id_pvd;id_ti;id_crte;id_acv;id_ami;id_fabp;id_habinclus;id_fs;id_amm;id_acv2;id_va;id_site;id_cite;id_cde\n"
    "68297;Saint-Louis;pvd-44-68-1;;crte-1;;;;;;amm-vos-02;;;;;\n"
    "64260;Hendaye;;;;;;;;;;;va-64-101;;;\n"
    "59183;Dunkerque;;;crte-9;;;;;;;;;;;\n"
)


def communes():
    return commune_index(Config.NODE_MODULES)


def run(data, strict=False):
    return import_labels(parse_label_file(data.encode() if isinstance(data, str) else data), communes=communes(), strict=strict)


def labels_of(code):
    organisation = _db.session.scalar(select(Organisation).where(Organisation.official_code == code))
    return {label.label: label.anct_id for label in organisation.labels} if organisation else None


@pytest.mark.parametrize("text, layout", [(PVD, "pvd"), (VA, "va"), (AMI, "ami"), (CROISEMENT, "croisement")])
def test_layout_is_recognised_from_the_header(text, layout):
    assert parse_label_file(text.encode()).layout == layout


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda t: ("\ufeff" + t).encode("utf-8"), id="BOM"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode(), id="CRLF"),
        pytest.param(lambda t: t.replace(",", ";").encode(), id="semicolons"),
        pytest.param(lambda t: t.replace("68297", '="68297"').encode(), id="excel-quoted-code"),
        pytest.param(lambda t: t.replace("insee_com,lib_com", "INSEE_COM , lib_com").encode(), id="header-case-spaces"),
        pytest.param(
            lambda t: t.replace("date_signature", "date_signature,extra").replace("2021-04-12", "2021-04-12,x").encode(),
            id="extra-column",
        ),
        pytest.param(lambda t: t.replace("Saint-Louis", "Saint-Louis é").encode("cp1252"), id="windows-1252"),
        pytest.param(lambda t: t.replace("2021-04-12", "12/04/2021").encode(), id="french-date"),
    ],
)
def test_pvd_file_oddities(variant):
    parsed = parse_label_file(variant(PVD))
    assert parsed.layout == "pvd" and parsed.problems == []
    assert [(r.insee, r.labels["pvd"][0], str(r.labels["pvd"][1])) for r in parsed.rows] == [
        ("68297", "pvd-44-68-1", "2021-04-12")
    ]


def test_lost_leading_zero_and_corsican_codes():
    parsed = parse_label_file(
        b"insee_com;lib_com;id_pvd;date_signature\n1004;Amberieu-en-Bugey;pvd-84-01-1;\n2a004;Ajaccio;pvd-94-2A-1;\n"
    )
    assert [r.insee for r in parsed.rows] == ["01004", "2A004"]


def test_blank_ids_mean_not_labelled():
    parsed = parse_label_file(CROISEMENT.encode())
    assert parsed.not_labelled == 1  # Dunkerque: only a CRTE id, which is not one of our labels
    assert {r.insee: r.labels for r in parsed.rows} == {
        "68297": {"pvd": ("pvd-44-68-1", None), "am": ("amm-vos-02", None)},
        "64260": {"va": ("va-64-101", None)},
    }


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"code;nom\n01001;X\n", "no_insee_column"),
        (b"insee_com;lib_com;id_crte\n01001;X;crte-1\n", "programme_unknown"),
    ],
)
def test_unreadable_files_are_refused(data, message):
    with pytest.raises(LabelFileError) as refused:
        parse_label_file(data)
    assert refused.value.code == message


BROKEN = (
    "insee_com,lib_com,id_pvd,date_signature\n"
    "68297,Saint-Louis,pvd-44-68-1,2021-04-12\n"  # line 2: fine
    "ABCDE,Nowhere,pvd-1,\n"  # line 3: unreadable code
    "99999,Nowhere,pvd-2,\n"  # line 4: not in the COG
    "67482,Strasbourg,pvd-3,31/31/2021\n"  # line 5: bad date
    "64260,Hendaye,pvd-4,\n"  # line 6: fine
    "15187,Saint-Flour,pvd-84-15-1,2021-06-01\n"
)  # line 7: far from any border: refused, not created


def on_platform(*codes):
    """Reference communes as ``reference load`` makes them (only those near a border are on the platform)."""
    from webapp.services.organisations import create_organisation
    from webapp.services.reference.municipalities import read_municipalities

    for m in read_municipalities():
        if m.country == "FR" and m.code in codes:
            create_organisation(
                dict(
                    name=m.name,
                    kind="commune",
                    country="FR",
                    official_code=m.code,
                    latitude=m.latitude,
                    longitude=m.longitude,
                    labels=[],
                ),
                status="reference",
            )


def test_lenient_import_keeps_valid_rows_and_reports_the_others(db):
    on_platform("68297", "64260")
    report = run(BROKEN)
    assert report["applied"] is True
    assert report["counts"] == {"added": 2, "skipped": 4, "not_labelled": 0}
    assert [(p["line"], p["code"]) for p in report["problems"]] == [(3, "ABCDE"), (4, "99999"), (5, "67482"), (7, "15187")]
    # Codes with parameters (phrased when shown, in the reader's language), no French sentence stored.
    assert report["problems"][2] == {
        "line": 5,
        "code": "67482",
        "problem": "signature_date_unreadable",
        "params": {"value": "31/31/2021"},
    }
    assert report["problems"][3] == {"line": 7, "code": "15187", "problem": "not_near_border", "params": {"name": "Saint-Flour"}}
    assert labels_of("68297") == {"pvd": "pvd-44-68-1"} and labels_of("64260") == {"pvd": "pvd-4"}
    assert labels_of("15187") is None  # never created far from the borders
    saint_louis = _db.session.scalar(select(Organisation).where(Organisation.official_code == "68297"))
    assert [(label.status, str(label.signed_on)) for label in saint_louis.labels] == [("official", "2021-04-12")]


def test_strict_import_changes_nothing(db):
    from webapp.services.organisations import create_organisation

    create_organisation(SAINT_LOUIS | {"labels": []}, status="reference")
    report = run(BROKEN, strict=True)
    assert report["applied"] is False and len(report["problems"]) == 5  # Hendaye is not on this platform either
    assert labels_of("68297") == {}
    assert _db.session.scalar(select(func.count()).select_from(Organisation)) == 1


def test_import_is_idempotent_and_updates_changed_ids(db):
    on_platform("68297", "64260", "59183")
    run(CROISEMENT)
    assert labels_of("68297") == {"pvd": "pvd-44-68-1", "am": "amm-vos-02"} and labels_of("64260") == {"va": "va-64-101"}
    again = run(CROISEMENT)
    assert again["counts"]["unchanged"] == 3 and "added" not in again["counts"] and "created" not in again["counts"]
    changed = run(PVD.replace("pvd-44-68-1", "pvd-44-68-9"))
    assert changed["counts"]["updated"] == 1 and labels_of("68297")["pvd"] == "pvd-44-68-9"
    assert _db.session.scalar(select(func.count()).select_from(OrganisationLabel)) == 3


def test_cli_import_with_progress_and_strict_exit(app, runner, tmp_path):
    path = tmp_path / "liste-pvd-com2024-20240101.csv"
    path.write_text(BROKEN, encoding="utf-8")
    result = runner.invoke(args=["labels", "import", str(path), "--strict"])
    assert result.exit_code != 0 and "nothing imported" in result.output and "line 3: ABCDE" in result.output
    with app.app_context():
        on_platform("68297", "64260")
        _db.session.commit()
    result = runner.invoke(args=["labels", "import", str(path)])
    assert result.exit_code == 0 and "added 2, not_labelled 0, skipped 4" in result.output
    with app.app_context():
        logs = _db.session.scalars(select(LabelImport).order_by(LabelImport.id)).all()
        assert [(log.strict, log.applied) for log in logs] == [(True, False), (False, True)]


@pytest.fixture
def facilitator(app, auth):
    user = factories.make_user(app, "facilitator")
    auth.login(user.email)
    return user


def upload(client, content, name="liste-pvd.csv", strict=False):
    data = {"file": (io.BytesIO(content), name)}
    if strict:
        data["strict"] = "y"
    return client.post("/labels/import", data=data, content_type="multipart/form-data")


def test_upload_page_shows_a_summary(app, client, facilitator):
    factories.make_org(app, status="reference", **(SAINT_LOUIS | {"labels": []}))
    assert "data.gouv.fr" in client.get("/labels/import").get_data(as_text=True)  # links to the official lists
    response = upload(client, BROKEN.encode())
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Les lignes valides ont été importées." in page
    assert "labels ajoutés</th><td>1" in page and "lignes refusées</th><td>5" in page
    assert "Saint-Flour n&#39;est près d&#39;aucune frontière" in page
    assert "date de signature illisible" in page and "<td>5</td>" in page
    assert "liste-pvd.csv" in client.get("/labels/imports").get_data(as_text=True)


def test_strict_upload_imports_nothing(app, client, facilitator):
    response = upload(client, BROKEN.encode(), strict=True)
    page = client.get(response.location).get_data(as_text=True)
    assert "Rien n&#39;a été importé" in page or "Rien n'a été importé" in page
    with app.app_context():
        assert _db.session.scalar(select(func.count()).select_from(OrganisationLabel)) == 0


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"code;nom\n1;x\n", "x.csv", "insee_com"),
        (b"%PDF-1.4", "x.pdf", "CSV est attendu"),
        # Regression: bytes neither UTF-8 nor Windows-1252, and a field over the csv module's 131,072 characters, gave a 500.
        (b"insee_com;lib_com;id_pvd\n68297;Saint-Louis \x81\x8d;pvd-1\n", "x.csv", "Encodage illisible"),
        (b'insee_com;lib_com;id_pvd\n68297;"' + b"x" * 140_000 + b'";pvd-1\n', "x.csv", "Fichier CSV illisible"),
    ],
)
def test_upload_refuses_bad_files_with_a_message(client, facilitator, content, name, message):
    response = upload(client, content, name)
    assert response.status_code == 200 and message in response.get_data(as_text=True)


def test_upload_without_file(client, facilitator):
    response = client.post("/labels/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 200 and "Choisissez un fichier." in response.get_data(as_text=True)


def test_plain_list_without_id_columns_takes_the_programme_chosen(db):
    on_platform("68297", "64260")
    plain = "insee_com;lib_com;insee_dep\n68297;Saint-Louis;68\n64260;Hendaye;64\n"
    with pytest.raises(LabelFileError) as refused:
        parse_label_file(plain.encode())
    assert refused.value.code == "programme_unknown"
    parsed = parse_label_file(plain.encode(), label="va")
    assert parsed.layout == "plain" and [r.insee for r in parsed.rows] == ["68297", "64260"]
    report = import_labels(parsed, communes=communes())
    assert report["counts"]["added"] == 2 and labels_of("64260") == {"va": None}


def test_a_newer_list_adds_and_removes_official_labels_but_never_declared_ones(db):
    on_platform("68297", "64260", "59183")
    run(PVD)  # Saint-Louis
    dunkerque = _db.session.scalar(select(Organisation).where(Organisation.official_code == "59183"))
    dunkerque.labels.append(OrganisationLabel(label="pvd", status="declared"))  # ticked by a user
    newer = "insee_com,lib_com,id_pvd,date_signature\n64260,Hendaye,pvd-75-64-1,2024-01-10\n"
    report = import_labels(parse_label_file(newer.encode()), communes=communes(), replace=True)
    assert report["counts"]["added"] == 1 and report["counts"]["removed"] == 1 and report["removed"] == ["pvd:68297"]
    assert labels_of("68297") == {} and labels_of("64260") == {"pvd": "pvd-75-64-1"}
    assert [(label.label, label.status) for label in dunkerque.labels] == [("pvd", "declared")]
    # Without --replace a partial file only adds.
    report = import_labels(parse_label_file(PVD.encode()), communes=communes())
    assert "removed" not in report["counts"] and labels_of("64260") == {"pvd": "pvd-75-64-1"}


def test_merged_communes_resolve_to_the_new_commune(db):
    assert communes().current_code("86231") == "86247"  # Saint-Macoux, merged into Valence-en-Poitou
    assert communes().current_code("68297") == "68297" and communes().current_code("99999") is None


def test_cli_imports_a_plain_list_and_reports_removals(app, runner, tmp_path):
    with app.app_context():
        on_platform("68297", "64260")
        _db.session.commit()
    first, second = tmp_path / "va-1.csv", tmp_path / "va-2.csv"
    first.write_text("insee_com;lib_com\n68297;Saint-Louis\n", encoding="utf-8")
    second.write_text("insee_com;lib_com\n64260;Hendaye\n", encoding="utf-8")
    assert runner.invoke(args=["labels", "import", str(first), "--label", "va", "--listed-on", "2024-09-05"]).exit_code == 0
    result = runner.invoke(args=["labels", "import", str(second), "--label", "va", "--replace"])
    assert result.exit_code == 0 and "Removed (no longer in the list): va:68297" in result.output


def test_long_fields_are_refused_whatever_the_csv_module_limit():
    import csv

    previous = csv.field_size_limit(10**9)  # another module may have raised it
    try:
        with pytest.raises(LabelFileError) as refused:
            parse_label_file(b'insee_com;lib_com;id_pvd\n68297;"' + b"x" * 140_000 + b'";pvd-1\n')
        assert refused.value.code == "field_too_long" and refused.value.params["line"] == 2
    finally:
        csv.field_size_limit(previous)


def test_refused_lines_are_phrased_in_the_readers_language_and_old_logs_stay_readable(app, client, facilitator):
    from webapp.models import User

    factories.make_org(app, status="reference", **(SAINT_LOUIS | {"labels": []}))
    location = upload(client, BROKEN.encode()).location
    with app.app_context():
        _db.session.get(User, facilitator.id).language = "de"
        old = LabelImport(
            filename="ancien.csv",
            layout="croisement",
            strict=False,
            applied=True,
            counts={"skipped": 1},
            problems=[{"line": 3, "code": "ABCDE", "reason": "code INSEE illisible"}],  # stored before the codes
        )
        _db.session.add(old)
        _db.session.commit()
        old_id = old.id
    page = client.get(location).get_data(as_text=True)
    assert "Saint-Flour liegt an keiner Grenze: Die Gemeinde ist nicht auf der Plattform" in page
    assert "Unlesbares Unterzeichnungsdatum: 31/31/2021" in page and "Petites Villes de Demain" in page
    assert "frontière" not in page and "illisible" not in page
    old_page = client.get(f"/labels/imports/{old_id}").get_data(as_text=True)
    assert '<td lang="fr">code INSEE illisible</td>' in old_page
    assert "Kreuztabelle der ANCT-Programme" in client.get("/labels/imports").get_data(as_text=True)


def test_unreadable_file_message_follows_the_reader(client, facilitator):
    page = upload(client, b"", "x.csv").get_data(as_text=True)
    assert "Le fichier est vide." in page
    page = client.post(
        "/labels/import?lang=en", data={"file": (io.BytesIO(b""), "x.csv")}, content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert "The file is empty." in page and "Le fichier est vide." not in page
