"""The one place where an API operation is declared: ``@operation`` checks the caller, parses the request
with its schemas, serialises the answer, and records all of it for the generated OpenAPI document.
"""

import json
import re
from functools import cache, wraps

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Response, current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError, fields

import domain

from ..errors import AuthenticationRequired, DomainError, PermissionDenied, ValidationFailed
from ..permissions import is_staff
from . import schemas

# Every operation may answer these (throttling, request size); the others are declared per operation.
_ALWAYS = (413, 414, 429)
_DESCRIPTIONS = {
    400: "Malformed request (bad JSON, too deeply nested)",
    401: "Not authenticated",
    403: "Not allowed",
    404: "Not found",
    409: "Conflict: the record exists (see error.existing)",
    413: "Request too large",
    414: "URI too long",
    422: "Invalid input (error.fields names each)",
    429: "Too many requests",
}


class MalformedRequest(DomainError):
    status = 400
    code = "bad_request"


def operation(
    *, summary, query=None, body=None, files=None, response=None, alternatives=(), status=200, errors=(), auth=None, produces=None
):
    """Declare an API operation.

    ``auth``: None (anyone), ``"user"`` (a token or a session: 401 otherwise) or ``"staff"`` (403 for others).
    ``query``/``body``: input schemas; the view receives ``query=``/``body=`` with the loaded values.
    ``files``: names of the files of a multipart/form-data body; the view receives ``files={name: FileStorage}``.
    ``response``: the schema serialising what the view returns (a Response passes through untouched).
    ``alternatives``: other schemas the JSON answer may follow (chosen by a parameter; the view returns a Response).
    """
    errors = set(errors) | set(_ALWAYS) | ({401} if auth else set()) | ({403} if auth == "staff" else set())
    errors |= {422} if (query or body or files) else set()
    errors |= {400} if (body or files) else set()

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if auth and not current_user.is_authenticated:
                raise AuthenticationRequired(_("Connexion requise."))
            if auth == "staff" and not is_staff(current_user):
                raise PermissionDenied(_("Réservé à l'équipe de la MOT."))
            if query is not None:
                kwargs["query"] = load_query(query)
            if body is not None:
                kwargs["body"] = load_body(body)
            if files is not None:
                kwargs["files"] = load_files(files)
            result = view(*args, **kwargs)
            if isinstance(result, Response) or response is None:
                return result
            return jsonify(response().dump(result)), status

        wrapped.api_operation = {
            "summary": summary,
            "query": query,
            "body": body,
            "files": files,
            "response": response,
            "alternatives": tuple(alternatives),
            "status": status,
            "errors": sorted(errors),
            "auth": auth,
            "produces": produces,
        }
        return wrapped

    return decorator


def _load(schema_class, data, message, schema=None):
    """``message``: the error's sentence, or a function giving it (translated only when the data is invalid)."""
    try:
        return (schema or schema_class()).load(data)
    except ValidationError as error:
        raise ValidationFailed(message() if callable(message) else message, _field_errors(error.messages)) from None


def _field_errors(messages, prefix=""):
    """marshmallow's nested messages as ``{"field": [message...]}``; a list item's errors go to its list."""
    flat = {}
    if not isinstance(messages, dict):
        return {prefix or "_schema": [str(m) for m in messages]}
    for name, value in messages.items():
        key = prefix if isinstance(name, int) and prefix else (f"{prefix}.{name}" if prefix else str(name))
        if isinstance(value, dict):
            for inner, texts in _field_errors(value, key).items():
                flat.setdefault(inner, []).extend(texts)
        else:
            flat.setdefault(key, []).extend(str(m) for m in value)
    return flat


# Query parameters every page and endpoint accepts, read before the view (``lang``: webapp.i18n).
HANDLED_ELSEWHERE = frozenset({"lang"})


@cache
def _query_schema(schema_class):
    # One instance per query schema and process: building one cost more than loading the query string.
    # Loading keeps no state on the instance (fields and validators are already shared by the class,
    # messages are lazy strings phrased in the reader's language).
    return schema_class()


def load_query(schema_class):
    """The query string through ``schema_class``: repeated names for list fields, empty values left out."""
    data = {}
    schema = _query_schema(schema_class)
    declared = schema.fields
    for name in request.args:
        if name in HANDLED_ELSEWHERE and name not in declared:
            continue
        values = [v for v in request.args.getlist(name) if v != ""]
        if not values:
            continue
        field = declared.get(name)
        data[name] = values if isinstance(field, fields.List) else values[0]
    # The error's sentence is translated only for an invalid query (a catalog look-up on every request otherwise).
    return _load(schema_class, data, lambda: _("Paramètres invalides."), schema)


def load_body(schema_class):
    """The JSON object of the request through ``schema_class``; malformed or too deep JSON is a 400."""
    raw = request.get_data(cache=True, as_text=False)
    if _nesting_depth(raw) > domain.MAX_JSON_DEPTH:
        raise MalformedRequest(_("JSON trop imbriqué."))
    try:
        payload = json.loads(raw)
    except (ValueError, RecursionError):
        raise ValidationFailed(_("Le corps de la requête doit être un objet JSON (Content-Type: application/json).")) from None
    if not isinstance(payload, dict):
        raise ValidationFailed(_("Le corps de la requête doit être un objet JSON (Content-Type: application/json)."))
    return _load(schema_class, payload, _("Certaines informations ne sont pas valides."))


def load_files(names):
    """The named files of a multipart/form-data request; a missing or empty one is a 422."""
    found = {name: request.files.get(name) for name in names}
    missing = {name: [_("Fichier requis.")] for name, upload in found.items() if upload is None or not upload.filename}
    if missing:
        raise ValidationFailed(_("Certaines informations ne sont pas valides."), missing)
    return found


def _nesting_depth(raw):
    """Deepest bracket nesting of a JSON text (brackets inside strings are skipped), without parsing it."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


# --- The document -----------------------------------------------------------------------------


def _path_of(rule):
    """``/api/v1/organisations/<int:organisation_id>`` -> ``/organisations/{id}`` and its parameters."""
    params = []

    def replace(match):
        converter, name = match.group(1), match.group(2)
        name = "id" if name.endswith("_id") else name  # one name for every id in the document
        schema = (
            {"type": "integer", "minimum": domain.ID_RANGE[0], "maximum": domain.ID_RANGE[1]}
            if converter == "int"
            else {"type": "string", "pattern": "^[^/\\u0000]+$"}
        )
        params.append({"name": name, "in": "path", "required": True, "schema": schema})
        return "{" + name + "}"

    return re.sub(r"<(?:(\w+):)?(\w+)>", replace, rule.rule[len("/api/v1") :]), params


def _json(schema):
    return {"content": {"application/json": {"schema": schema}}}


def _operation_doc(meta, path_params):
    doc = {"summary": meta["summary"], "parameters": list(path_params)}
    if meta["query"] is not None:
        doc["parameters"].append({"in": "query", "schema": meta["query"]})
    if meta["body"] is not None:
        doc["requestBody"] = {"required": True, **_json(meta["body"])}
    if meta.get("files"):
        properties = {name: {"type": "string", "format": "binary"} for name in meta["files"]}
        schema = {"type": "object", "properties": properties, "required": list(meta["files"])}
        doc["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": schema}}}
    if meta["auth"]:
        doc["security"] = [{"bearer": []}, {"session": []}]
    ok = {"description": "OK"}
    if meta["response"] is not None:
        alternatives = meta.get("alternatives")
        ok.update(_json({"oneOf": [meta["response"], *alternatives]} if alternatives else meta["response"]))
    if meta["produces"]:
        ok.setdefault("content", {}).update({mime: {"schema": {"type": "string"}} for mime in meta["produces"]})
    responses = {str(meta["status"]): ok}
    for code in meta["errors"]:
        responses[str(code)] = {"description": _DESCRIPTIONS[code], **_json({"$ref": "#/components/schemas/Error"})}
    doc["responses"] = responses
    return doc


def build_spec(app):
    spec = APISpec(
        title="Passerelle API",
        version="1",
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
        info={"description": "Cross-border partners for French border towns. Generated from the API's schemas."},
        servers=[{"url": "/api/v1"}],
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.security_scheme("session", {"type": "apiKey", "in": "cookie", "name": "session"})
    spec.components.schema("Error", schema=schemas.ErrorOut)
    for name, schema in schemas.EXTRA_COMPONENTS.items():
        spec.components.schema(name, schema=schema)
    paths = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith("/api/v1/"):
            continue
        view = app.view_functions[rule.endpoint]
        meta = getattr(view, "api_operation", None)
        if meta is None:
            raise RuntimeError(f"API route {rule.rule} is not declared with @operation")
        path, params = _path_of(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation_doc(meta, params)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def openapi_document():
    cached = current_app.extensions.get("passerelle_openapi")
    if cached is None:  # the routes and schemas are fixed once the app is built
        cached = current_app.extensions["passerelle_openapi"] = build_spec(current_app)
    return cached
