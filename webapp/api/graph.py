from flask import Response, jsonify
from flask_login import current_user

from ..network.forms import FORMATS, GraphQueryForm
from ..services import network
from . import bp
from .helpers import validate_query


@bp.get("/graph")
def graph_view():
    form = validate_query(GraphQueryForm)
    data = network.network_view(current_user, **form.query())
    fmt = form.format.data or "json"
    if fmt == "json":
        return jsonify(data)
    return Response(network.export(data, fmt), mimetype=FORMATS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="passerelle-{data["view"]}.{fmt}"'})
