from flask import jsonify

from . import bp
from .spec import openapi_document, operation


@bp.get("/openapi.json")
@operation(summary="This document (OpenAPI 3.1), generated from the API's schemas")
def openapi():
    return jsonify(openapi_document())
