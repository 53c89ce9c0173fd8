"""API schemas of publications: chosen published sheets exported as one document, in chapters per border."""

from flask import url_for
from marshmallow import Schema, fields, pre_dump

from ..services import publications as service
from .fields import UtcDateTime
from .schemas import PageQuery


class PublicationQuery(PageQuery):
    pass


class ChapterSheetOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)


class ChapterOut(Schema):
    border = fields.String(allow_none=True, required=True, metadata={"description": "A border code; null: no known border"})
    problems = fields.List(fields.Nested(ChapterSheetOut), required=True)
    projects = fields.List(fields.Nested(ChapterSheetOut), required=True)


class PublicationSummaryOut(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    published_at = UtcDateTime(allow_none=True, metadata={"description": "null: in preparation (staff only)"})
    sheet_count = fields.Integer(required=True, metadata={"description": "Sheets chosen (published ones are shown)"})
    url = fields.String(required=True, metadata={"description": "The publication's page"})
    pdf_url = fields.String(required=True, metadata={"description": "Its PDF"})

    @pre_dump
    def _links(self, publication, **kwargs):
        return _summary(publication)


def _summary(publication):
    return {
        "id": publication.id,
        "title": publication.title,
        "published_at": publication.published_at,
        "sheet_count": len(publication.sheets),
        "url": url_for("capitalisation.publication", publication_id=publication.id, _external=True),
        "pdf_url": url_for("capitalisation.publication_pdf", publication_id=publication.id, _external=True),
    }


class PublicationOut(PublicationSummaryOut):
    introduction = fields.String(allow_none=True)
    chapters = fields.List(
        fields.Nested(ChapterOut), required=True, metadata={"description": "Per border, in the border table's order"}
    )

    @pre_dump
    def _links(self, publication, **kwargs):  # replaces the summary's hook: one pre_dump runs
        chapters = [
            {"border": border, "problems": problems, "projects": projects}
            for border, problems, projects in service.chapters(publication)
        ]
        return _summary(publication) | {"introduction": publication.introduction, "chapters": chapters}


class PublicationPage(Schema):
    items = fields.List(fields.Nested(PublicationSummaryOut), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)
