"""Attachments of sheets: the store interface (disk, S3 with a fake client), type checks by content, the size
limit, access by role (a draft's files never leak), download headers, deletion with confirmation, the API."""

import io
import sys
import types

import pytest

from webapp.extensions import db
from webapp.models import Sheet, SheetAttachment, User
from webapp.services import attachments, capitalisation
from webapp.services.attachment_store import DiskStore, MissingObject, S3Store, store_from_config

from .. import factories

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML_AS_PNG = b"<html><script>alert(document.cookie)</script></html>"
EXE_AS_PDF = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


class FakeS3:
    """What S3Store uses of a boto3 client, over a dict."""

    class NoSuchKey(Exception):
        response = {"Error": {"Code": "NoSuchKey"}}

    def __init__(self):
        self.objects = {}

    def put_object(self, Bucket, Key, Body, ContentType):
        self.objects[(Bucket, Key)] = (Body, ContentType)

    def get_object(self, Bucket, Key):
        if (Bucket, Key) not in self.objects:
            raise self.NoSuchKey()
        return {"Body": io.BytesIO(self.objects[(Bucket, Key)][0])}

    def delete_object(self, Bucket, Key):
        self.objects.pop((Bucket, Key), None)


@pytest.mark.parametrize("make_store", ["disk", "s3"])
def test_the_store_interface(tmp_path, make_store):
    client = FakeS3()
    store = DiskStore(tmp_path) if make_store == "disk" else S3Store(client, "bucket", "attachments/")
    key = "12/" + "a" * 32 + ".png"
    store.put(key, PNG, "image/png")
    assert store.get(key) == PNG
    if make_store == "s3":
        assert client.objects[("bucket", "attachments/" + key)] == (PNG, "image/png")
    store.delete(key)
    with pytest.raises(MissingObject):
        store.get(key)
    store.delete(key)  # deleting twice is harmless
    for bad in ("../../etc/passwd", "12/../x.png", "12/" + "a" * 32 + ".png/x"):
        with pytest.raises(ValueError):
            store.put(bad, PNG, "image/png")


def test_the_configured_store(tmp_path, monkeypatch):
    assert isinstance(store_from_config({"ATTACHMENT_STORAGE": "disk", "ATTACHMENT_DIR": tmp_path}, {}), DiskStore)
    made = []
    fake_boto3 = types.SimpleNamespace(client=lambda name, endpoint_url=None: made.append((name, endpoint_url)) or FakeS3())
    monkeypatch.setitem(sys.modules, "boto3", fake_boto3)
    config = {
        "ATTACHMENT_STORAGE": "s3",
        "ATTACHMENT_S3_BUCKET": "passerelle",
        "ATTACHMENT_S3_PREFIX": "att/",
        "ATTACHMENT_S3_ENDPOINT_URL": "https://s3.example.org",
    }
    extensions = {}
    store = store_from_config(config, extensions)
    assert isinstance(store, S3Store) and (store.bucket, store.prefix) == ("passerelle", "att/")
    assert store_from_config(config, extensions) is store and made == [("s3", "https://s3.example.org")]


@pytest.fixture
def world(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_DIR", tmp_path)
    town = factories.make_org(app, name="Saint-Louis", country="FR")
    author = factories.make_user(app, "official", organisations=[town])
    stranger = factories.make_user(app, "official", organisations=[factories.make_org(app, name="Huningue")])
    staff = factories.make_user(app, "facilitator")
    with app.test_request_context():
        values = {"title": "Navette", "summary": "Une navette.", "borders": ["FR-CH"], "partner_ids": [town]}
        draft = capitalisation.create_sheet(None, "project", values)
        published = capitalisation.create_sheet(None, "project", values | {"title": "Publiée"})
        published.status = "published"
        db.session.commit()
        return {"author": author, "stranger": stranger, "staff": staff, "draft": draft.id, "published": published.id}


def _upload(client, sheet_id, data, name):
    return client.post(
        f"/sheets/{sheet_id}/attachments",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def _attachments(app, sheet_id):
    with app.app_context():
        return [(a.filename, a.content_type, a.size) for a in db.session.get(Sheet, sheet_id).attachments]


def test_an_author_attaches_a_png_and_a_pdf(app, client, auth, world):
    auth.login(world["author"].email)
    assert "Pièce jointe ajoutée" in _upload(client, world["draft"], PNG, "plan.png").get_data(as_text=True)
    _upload(client, world["draft"], PDF, "../../dossier/étude.pdf")
    assert _attachments(app, world["draft"]) == [("plan.png", "image/png", len(PNG)), ("étude.pdf", "application/pdf", len(PDF))]
    page = client.get(f"/sheets/{world['draft']}/edit").get_data(as_text=True)
    assert "plan.png" in page and 'enctype="multipart/form-data"' in page


@pytest.mark.parametrize(
    "data, name", [(HTML_AS_PNG, "photo.png"), (EXE_AS_PDF, "rapport.pdf"), (b"GIF89a" + b"\x00" * 20, "a.gif")]
)
def test_the_type_comes_from_the_content_not_the_name(app, client, auth, world, data, name):
    auth.login(world["author"].email)
    page = _upload(client, world["draft"], data, name).get_data(as_text=True)
    assert "Type de fichier refusé" in page
    assert _attachments(app, world["draft"]) == []


def test_the_size_limit(app, client, auth, world, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 50)
    auth.login(world["author"].email)
    assert "Fichier trop volumineux" in _upload(client, world["draft"], PNG, "plan.png").get_data(as_text=True)
    assert _attachments(app, world["draft"]) == []


def test_only_editors_upload(app, client, auth, world):
    auth.login(world["stranger"].email)
    assert _upload(client, world["published"], PNG, "plan.png").status_code == 403
    assert _upload(client, world["draft"], PNG, "plan.png").status_code == 404  # a draft does not exist for them


@pytest.mark.parametrize(
    "role, sees_draft",
    [("anonymous", False), ("stranger", False), ("author", True), ("staff", True)],
)
def test_a_drafts_files_never_leak(app, client, auth, world, role, sees_draft):
    auth.login(world["staff"].email)
    _upload(client, world["draft"], PDF, "brouillon.pdf")
    _upload(client, world["published"], PNG, "public.png")
    auth.logout()
    with app.app_context():
        draft_file = db.session.get(Sheet, world["draft"]).attachments[0].id
        public_file = db.session.get(Sheet, world["published"]).attachments[0].id
    if role != "anonymous":
        auth.login(world[role].email)
    draft = client.get(f"/sheets/{world['draft']}/attachments/{draft_file}")
    assert draft.status_code == (200 if sees_draft else 404)
    public = client.get(f"/sheets/{world['published']}/attachments/{public_file}")
    assert public.status_code == 200 and public.data == PNG
    # An attachment is reached through its own sheet only.
    assert client.get(f"/sheets/{world['published']}/attachments/{draft_file}").status_code == 404


def test_download_headers(app, client, auth, world):
    auth.login(world["author"].email)
    _upload(client, world["draft"], PDF, "étude.pdf")
    _upload(client, world["draft"], PNG, "plan.png")
    with app.app_context():
        pdf, png = (a.id for a in db.session.get(Sheet, world["draft"]).attachments)
    answer = client.get(f"/sheets/{world['draft']}/attachments/{pdf}")
    assert answer.data == PDF and answer.mimetype == "application/pdf"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in answer.headers["Cache-Control"]  # a draft's file is not cached on the way
    image = client.get(f"/sheets/{world['draft']}/attachments/{png}")
    assert image.mimetype == "image/png" and image.headers["Content-Disposition"].startswith("inline")


def test_deletion_asks_first_then_removes_the_file(app, client, auth, world, tmp_path):
    auth.login(world["author"].email)
    _upload(client, world["draft"], PNG, "plan.png")
    with app.app_context():
        attachment = db.session.get(Sheet, world["draft"]).attachments[0]
        attachment_id, key = attachment.id, attachment.storage_key
    assert (tmp_path / key).read_bytes() == PNG
    url = f"/sheets/{world['draft']}/attachments/{attachment_id}/delete"
    assert "Supprimer la pièce jointe « plan.png » ?" in client.get(url).get_data(as_text=True)
    assert (tmp_path / key).exists()
    client.post(url, follow_redirects=True)
    assert _attachments(app, world["draft"]) == [] and not (tmp_path / key).exists()
    with app.app_context():
        history = [e.changes for e in db.session.get(Sheet, world["draft"]).events if e.action == "edited"]
        assert history == [{"attachments": [[], ["plan.png"]]}, {"attachments": [["plan.png"], []]}]
    auth.logout()
    auth.login(world["stranger"].email)
    assert client.post(url).status_code == 404


def test_an_upload_whose_transaction_fails_leaves_no_file(app, world, tmp_path):
    with app.test_request_context():
        sheet = db.session.get(Sheet, world["draft"])
        author = db.session.get(User, world["author"].id)
        kept = attachments.add_attachment(sheet, author, "kept.png", PNG)
        db.session.commit()
        kept_key = kept.storage_key
        lost_key = attachments.add_attachment(sheet, author, "lost.png", PNG).storage_key
        assert (tmp_path / lost_key).exists()
        db.session.rollback()  # what the request does when a later step fails
        assert not (tmp_path / lost_key).exists() and (tmp_path / kept_key).read_bytes() == PNG
    assert [name for name, *_ in _attachments(app, world["draft"])] == ["kept.png"]


def test_the_api_uploads_and_lists(app, client, auth, world):
    headers = auth.token(world["author"].email)
    url = f"/api/v1/projects/{world['draft']}/attachments"
    answer = client.post(url, data={"file": (io.BytesIO(PDF), "étude.pdf")}, headers=headers, content_type="multipart/form-data")
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert (body["filename"], body["content_type"], body["size"]) == ("étude.pdf", "application/pdf", len(PDF))
    sheet = client.get(f"/api/v1/projects/{world['draft']}", headers=headers).get_json()
    assert [a["url"] for a in sheet["attachments"]] == [body["url"]]
    listed = {s["id"]: s["attachments"] for s in client.get("/api/v1/projects", headers=headers).get_json()["items"]}
    assert [a["id"] for a in listed[world["draft"]]] == [body["id"]] and listed[world["published"]] == []
    spoofed = client.post(
        url, data={"file": (io.BytesIO(HTML_AS_PNG), "x.png")}, headers=headers, content_type="multipart/form-data"
    )
    assert spoofed.status_code == 422 and "file" in spoofed.get_json()["error"]["fields"]
    assert client.post(url, json={"file": "x"}, headers=headers).status_code == 422
    stranger = auth.token(world["stranger"].email)
    answer = client.post(url, data={"file": (io.BytesIO(PDF), "x.pdf")}, headers=stranger, content_type="multipart/form-data")
    assert answer.status_code == 404
    with app.app_context():
        assert db.session.query(SheetAttachment).count() == 1
