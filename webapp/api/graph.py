from flask import Response
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import ValidationFailed
from ..network.forms import FORMATS
from ..services import network
from . import bp
from .schemas import GraphOut, GraphQuery
from .spec import operation


@bp.get("/graph")
@operation(
    summary="A graph view: ego (center, depth), border, or the whole network (staff); filters; JSON or exports",
    query=GraphQuery,
    response=GraphOut,
    errors=(401, 403, 404),
    produces=[mime for fmt, mime in FORMATS.items() if fmt != "json"],
)
def graph_view(query):
    if query.get("center") and query.get("border"):
        message = _("Choisissez une organisation au centre ou une frontière, pas les deux.")
        raise ValidationFailed(message, {"border": message})
    data = network.network_view(
        current_user,
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
    fmt = query["format"]
    if fmt == "json":
        return data
    return Response(
        network.export(data, fmt, query["dialect"]),
        mimetype=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="passerelle-{data["view"]}.{fmt}"'},
    )
