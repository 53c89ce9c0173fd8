from flask import Response, request
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import ValidationFailed
from ..network.forms import FORMATS
from ..services import network
from . import bp
from .schemas import GraphColumnarOut, GraphOut, GraphQuery
from .spec import operation


@bp.get("/graph")
@operation(
    summary="A graph view: ego (center, depth), border, or the whole network (staff); filters; JSON or exports",
    query=GraphQuery,
    response=GraphOut,
    alternatives=(GraphColumnarOut,),
    errors=(401, 403, 404),
    produces=sorted({mime for mime in FORMATS.values() if mime != "application/json"}),
)
def graph_view(query):
    if query.get("center") and query.get("border"):
        message = _("Choisissez une organisation au centre ou une frontière, pas les deux.")
        raise ValidationFailed(message, {"border": message})
    fmt = query["format"]
    if fmt == "columnar":
        body, encoding = network.columnar_payload(
            current_user, gzip_ok=bool(request.accept_encodings["gzip"]), **_view_query(query)
        )
        response = Response(body, mimetype="application/json", headers={"Content-Encoding": encoding} if encoding else {})
        response.vary.add("Accept-Encoding")
        return response
    data = network.network_view(current_user, **_view_query(query))
    if fmt == "json":
        return data
    return Response(
        network.export(data, fmt, query["dialect"]),
        mimetype=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="passerelle-{data["view"]}.{fmt}"'},
    )


def _view_query(query):
    return dict(
        center=query.get("center"),
        depth=query["depth"],
        border=query.get("border"),
        countries=query.get("country", []),
        kinds=query.get("kind", []),
        labels=query.get("label", []),
        themes=query.get("theme", []),
        statuses=query.get("status", []),
        massifs=query.get("massif", []),
        tie_kinds=query.get("tie_kind", []),
        unconnected=query["unconnected"],
    )
