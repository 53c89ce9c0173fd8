"""Publications: the national syntheses (published ones; staff also see those in preparation)."""

from flask_login import current_user

from ..permissions import get_visible_publication_or_404
from ..services import publications as service
from . import bp
from .helpers import paginate
from .publication_schemas import PublicationOut, PublicationPage, PublicationQuery
from .spec import operation


@bp.get("/publications")
@operation(
    summary="Publications (published ones, the newest first; staff also see those in preparation)",
    query=PublicationQuery,
    response=PublicationPage,
)
def list_publications(query):
    page = paginate(service.visible_publications_query(current_user), query)
    return {"items": page.items, "page": page.page, "per_page": page.per_page, "total": page.total, "pages": page.pages}


@bp.get("/publications/<int:publication_id>")
@operation(
    summary="One publication with its chapters per border (one in preparation: 404 but for staff)",
    response=PublicationOut,
    errors=(404,),
)
def get_publication(publication_id):
    return get_visible_publication_or_404(publication_id)
