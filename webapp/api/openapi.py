"""OpenAPI 3.1 description of API v1 (a test checks every API route is described)."""

from flask import jsonify

from ..vocab import AMBITIONS, COUNTRIES, LABELS, LANGUAGES, ORGANISATION_KINDS, STATUSES, THEMES, TIE_KINDS
from ..geo.borders import load_borders
from . import bp


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema):
    return {"content": {"application/json": {"schema": schema}}}


def _error(description):
    return {"description": description, **_json(_ref("Error"))}


_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
_WRITE_ERRORS = {"401": _error("Not authenticated"), "403": _error("Not allowed"), "404": _error("Not found"),
                 "409": _error("Conflict (duplicate)"), "422": _error("Invalid input")}


def _filters():
    enums = {"country": list(COUNTRIES), "border": [b.code for b in load_borders()], "kind": list(ORGANISATION_KINDS),
             "label": list(LABELS), "theme": list(THEMES), "status": list(STATUSES)}
    params = [{"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 100}, "description": "Free text (name, code)"}]
    params += [{"name": name, "in": "query", "schema": {"type": "string", "enum": values}} for name, values in enums.items()]
    params += [{"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
               {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}]
    return params


def _suggestion_parameters():
    return [
        {"name": "border", "in": "query", "schema": {"type": "string", "enum": [b.code for b in load_borders()]}},
        {"name": "radius_km", "in": "query", "schema": {"type": "number", "minimum": 1, "maximum": 200, "default": 50}},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10}},
        {"name": "theme", "in": "query", "schema": {"type": "array", "items": {"enum": list(THEMES)}}, "explode": True},
        {"name": "only_registered", "in": "query", "schema": {"type": "boolean"}},
    ]


def _partner_parameters(with_ambition):
    params = [{"name": "partners", "in": "query", "required": True, "explode": True,
               "schema": {"type": "array", "items": {"type": "integer"}, "minItems": 2}}]
    if with_ambition:
        params.append({"name": "ambition", "in": "query", "schema": {"type": "string", "enum": list(AMBITIONS), "default": "joint_project"}})
    return params


def _graph_parameters():
    def many(name, values):
        return {"name": name, "in": "query", "explode": True, "schema": {"type": "array", "items": {"enum": list(values)}}}

    return [
        {"name": "center", "in": "query", "schema": {"type": "integer"}, "description": "Ego view around this organisation"},
        {"name": "depth", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 3, "default": 1}},
        {"name": "border", "in": "query", "schema": {"type": "string", "enum": [b.code for b in load_borders()]}},
        many("country", COUNTRIES), many("kind", ORGANISATION_KINDS), many("label", LABELS), many("theme", THEMES),
        many("status", STATUSES), many("tie_kind", TIE_KINDS),
        {"name": "unconnected", "in": "query", "schema": {"type": "boolean"}, "description": "Labelled towns with no cross-border tie"},
        {"name": "format", "in": "query", "schema": {"enum": ["json", "graphml", "gexf", "nodes.csv", "edges.csv"], "default": "json"}},
    ]


def build_spec():
    organisation_input = {
        "type": "object",
        "properties": {
            "name": {"type": "string", "maxLength": 200},
            "name_local": {"type": "string", "maxLength": 200},
            "kind": {"type": "string", "enum": list(ORGANISATION_KINDS)},
            "country": {"type": "string", "enum": list(COUNTRIES)},
            "official_code": {"type": "string", "maxLength": 20, "description": "INSEE code for a French commune (01033, 2A004)"},
            "latitude": {"type": "number", "minimum": -90, "maximum": 90},
            "longitude": {"type": "number", "minimum": -180, "maximum": 180},
            "population": {"type": "integer", "minimum": 0},
            "labels": {"type": "array", "items": {"enum": list(LABELS)}, "description": "French organisations only"},
            "themes": {"type": "array", "items": {"enum": list(THEMES)}},
            "languages": {"type": "array", "items": {"enum": list(LANGUAGES)}},
            "description": {"type": "string", "maxLength": 5000},
            "website": {"type": "string", "format": "uri", "maxLength": 300},
            "contact": {"type": "string", "maxLength": 1000, "description": "Private: members and facilitators only"},
        },
    }
    organisation = {"allOf": [organisation_input, {"type": "object", "properties": {
        "id": {"type": "integer"}, "department": {"type": ["string", "null"]},
        "borders": {"type": "array", "items": {"type": "string"}, "description": "Derived from position and country"},
        "status": {"type": "string", "enum": list(STATUSES)}, "source": {"type": ["string", "null"]},
        "licence": {"type": ["string", "null"]}}}]}
    tie_input = {"type": "object", "required": ["other_id", "kind"], "properties": {
        "other_id": {"type": "integer"}, "kind": {"type": "string", "enum": list(TIE_KINDS)},
        "since_year": {"type": "integer", "minimum": 1945, "maximum": 2100},
        "source": {"type": "string", "maxLength": 300}, "note": {"type": "string", "maxLength": 2000}}}
    tie = {"type": "object", "properties": {
        "id": {"type": "integer"}, "organisations": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
        "kind": {"type": "string"}, "since_year": {"type": ["integer", "null"]},
        "source": {"type": ["string", "null"]}, "note": {"type": ["string", "null"]}}}
    factor = {"type": "object", "properties": {"name": {"type": "string"}, "value": {"type": "number", "minimum": 0, "maximum": 1},
                                               "weight": {"type": "number"}, "explanation": {"type": "string"}}}
    suggestion = {"type": "object", "properties": {"organisation": _ref("Organisation"), "score": {"type": "number", "minimum": 0, "maximum": 1},
                                                   "distance_km": {"type": "number"}, "factors": {"type": "array", "items": factor}}}
    assessment = {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "legal_basis": {"type": "string"},
                                                   "rank": {"type": "integer"}, "open": {"type": "boolean"}, "fits": {"type": "boolean"},
                                                   "route": {"enum": ["direct", "third_country"]}, "reasons": {"type": "array", "items": {"type": "string"}}}}
    error = {"type": "object", "properties": {"error": {"type": "object", "properties": {
        "code": {"type": "string"}, "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Passerelle API", "version": "1",
                 "description": "Cross-border partners for France's labelled small towns. Reads of public data need no token; "
                                "writes need `Authorization: Bearer <token>` from POST /auth/token (or a browser session with its CSRF token)."},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"OrganisationInput": organisation_input, "Organisation": organisation, "TieInput": tie_input,
                        "Tie": tie, "Error": error, "Suggestion": suggestion, "InstrumentAssessment": assessment},
        },
        "paths": {
            "/auth/token": {"post": {
                "summary": "Exchange email and password for a bearer token",
                "requestBody": {"required": True, **_json({"type": "object", "required": ["email", "password"], "properties": {
                    "email": {"type": "string"}, "password": {"type": "string"}}})},
                "responses": {"200": {"description": "Token", **_json({"type": "object", "properties": {"token": {"type": "string"}}})},
                              "401": _error("Wrong credentials"), "422": _error("Missing fields"), "429": _error("Too many attempts")}}},
            "/organisations": {
                "get": {"summary": "Directory of organisations (filters, paginated)", "parameters": _filters(),
                        "responses": {"200": {"description": "A page", **_json({"type": "object", "properties": {
                            "items": {"type": "array", "items": _ref("Organisation")}, "page": {"type": "integer"},
                            "per_page": {"type": "integer"}, "total": {"type": "integer"}, "pages": {"type": "integer"}}})},
                            "422": _error("Bad filter")}},
                "post": {"summary": "Register an organisation (the caller becomes a member)", "security": [{"bearer": []}],
                         "requestBody": {"required": True, **_json(_ref("OrganisationInput"))},
                         "responses": {"201": {"description": "Created", **_json(_ref("Organisation"))}, **_WRITE_ERRORS}},
            },
            "/organisations/{id}": {
                "parameters": [_ID],
                "get": {"summary": "One organisation", "responses": {"200": {"description": "Found", **_json(_ref("Organisation"))},
                                                                      "404": _error("Not found")}},
                "patch": {"summary": "Change some fields", "security": [{"bearer": []}],
                          "requestBody": {"required": True, **_json(_ref("OrganisationInput"))},
                          "responses": {"200": {"description": "Updated", **_json(_ref("Organisation"))}, **_WRITE_ERRORS}},
                "delete": {"summary": "Delete an organisation and its ties", "security": [{"bearer": []}],
                           "responses": {"204": {"description": "Deleted"}, **_WRITE_ERRORS}},
            },
            "/organisations/{id}/ties": {
                "parameters": [_ID],
                "get": {"summary": "Ties of an organisation", "responses": {"200": {"description": "Ties", **_json({
                    "type": "object", "properties": {"items": {"type": "array", "items": _ref("Tie")}}})}, "404": _error("Not found")}},
                "post": {"summary": "Tie this organisation to another", "security": [{"bearer": []}],
                         "requestBody": {"required": True, **_json(_ref("TieInput"))},
                         "responses": {"201": {"description": "Created", **_json(_ref("Tie"))}, **_WRITE_ERRORS}},
            },
            "/ties/{id}": {
                "parameters": [_ID],
                "delete": {"summary": "Remove a tie", "security": [{"bearer": []}],
                           "responses": {"204": {"description": "Deleted"}, **_WRITE_ERRORS}},
            },
            "/organisations/{id}/suggestions": {
                "parameters": [_ID],
                "get": {"summary": "Counterparts across each border (or one), ranked, with the factors of each score",
                        "parameters": _suggestion_parameters(),
                        "responses": {"200": {"description": "One list (with border) or one per border", **_json({"type": "object", "properties": {
                            "organisation": {"type": "integer"}, "border": {"type": "string"},
                            "suggestions": {"type": "array", "items": _ref("Suggestion")},
                            "borders": {"type": "array", "items": {"type": "object", "properties": {
                                "border": {"type": "string"}, "suggestions": {"type": "array", "items": _ref("Suggestion")}}}}}})},
                            "404": _error("Unknown organisation"), "422": _error("Bad parameter, or not near that border")}},
            },
            "/governance": {"get": {
                "summary": "Legal instruments open to these partners for this ambition, and existing structures to join",
                "parameters": _partner_parameters(with_ambition=True),
                "responses": {"200": {"description": "Instruments (fitting first, lightest first) and structures", **_json({"type": "object", "properties": {
                    "partners": {"type": "array", "items": _ref("Organisation")}, "borders": {"type": "array", "items": {"type": "string"}},
                    "ambition": {"type": "string"}, "instruments": {"type": "array", "items": _ref("InstrumentAssessment")},
                    "structures": {"type": "array", "items": {"type": "object"}}}})},
                              "404": _error("Unknown partner"), "422": _error("Fewer than two partners, one country only, bad ambition")}}},
            "/funding": {"get": {
                "summary": "Interreg programmes covering every partner, and those covering some (with who is outside)",
                "parameters": _partner_parameters(with_ambition=False),
                "responses": {"200": {"description": "Programmes", **_json({"type": "object", "properties": {
                    "partners": {"type": "array", "items": _ref("Organisation")}, "all": {"type": "array", "items": {"type": "object"}},
                    "some": {"type": "array", "items": {"type": "object"}}}})},
                              "404": _error("Unknown partner"), "422": _error("Fewer than two partners")}}},
            "/borders/{code}/network": {
                "parameters": [{"name": "code", "in": "path", "required": True, "schema": {"type": "string", "enum": [b.code for b in load_borders()]}}],
                "get": {"summary": "Network metrics of one border (facilitators): unconnected labelled towns, components, brokers, bridges, communities",
                        "security": [{"bearer": []}],
                        "responses": {"200": {"description": "Metrics", **_json({"type": "object"})}, "401": _error("Not authenticated"),
                                      "403": _error("Facilitators only"), "404": _error("Unknown border")}},
            },
            "/graph": {"get": {
                "summary": "A graph view: ego (center, depth), border, or the whole network (facilitators); filters; JSON or exports",
                "parameters": _graph_parameters(),
                "responses": {"200": {"description": "Nodes and edges (JSON), or the view as GraphML, GEXF or CSV", **_json({
                    "type": "object", "properties": {
                        "view": {"enum": ["ego", "border", "whole"]}, "center": {"type": ["integer", "null"]},
                        "depth": {"type": ["integer", "null"]}, "border": {"type": ["string", "null"]},
                        "nodes": {"type": "array", "items": {"type": "object", "properties": {
                            "id": {"type": "integer"}, "name": {"type": "string"}, "country": {"type": "string"}, "kind": {"type": "string"},
                            "lat": {"type": ["number", "null"]}, "lon": {"type": ["number", "null"]}, "population": {"type": ["integer", "null"]},
                            "labels": {"type": "array"}, "themes": {"type": "array"}, "status": {"type": "string"},
                            "borders": {"type": "array"}, "degree": {"type": "integer"}}}},
                        "edges": {"type": "array", "items": {"type": "object", "properties": {
                            "id": {"type": "string"}, "source": {"type": "integer"}, "target": {"type": "integer"},
                            "kinds": {"type": "array"}, "since": {"type": ["integer", "null"]}, "suggested": {"type": "boolean"},
                            "score": {"type": "number"}}}}}})},
                              "401": _error("Whole network: not authenticated"), "403": _error("Whole network: facilitators only"),
                              "404": _error("Unknown centre"), "422": _error("Bad parameter")}}},
            "/introductions": {
                "get": {"summary": "Introduction requests: one's own (members of either side), all (facilitators)", "security": [{"bearer": []}],
                        "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}, {"name": "per_page", "in": "query", "schema": {"type": "integer"}}],
                        "responses": {"200": {"description": "A page of requests", **_json({"type": "object"})}, "401": _error("Not authenticated")}},
                "post": {"summary": "Ask the MOT for an introduction (a member of the requester)", "security": [{"bearer": []}],
                         "requestBody": {"required": True, **_json({"type": "object", "required": ["requester_id", "counterpart_id", "purpose", "message"],
                                                                    "properties": {"requester_id": {"type": "integer"}, "counterpart_id": {"type": "integer"},
                                                                                   "purpose": {"type": "string", "maxLength": 300}, "message": {"type": "string"},
                                                                                   "ambition": {"enum": list(AMBITIONS)}, "themes": {"type": "array"},
                                                                                   "languages": {"type": "array"}}})},
                         "responses": {"201": {"description": "Created", **_json({"type": "object"})}, "409": _error("An open request already exists (with its link)"),
                                       **{k: v for k, v in _WRITE_ERRORS.items() if k != "409"}}},
            },
            "/introductions/{id}": {"parameters": [_ID], "get": {
                "summary": "One request (contacts once the counterpart accepted; internal notes for facilitators)", "security": [{"bearer": []}],
                "responses": {"200": {"description": "The request", **_json({"type": "object"})}, "401": _error("Not authenticated"),
                              "403": _error("Not a party"), "404": _error("Not found")}}},
            "/introductions/{id}/consent": {"parameters": [_ID], "post": {
                "summary": "The counterpart accepts or declines", "security": [{"bearer": []}],
                "requestBody": {"required": True, **_json({"type": "object", "properties": {"accept": {"type": "boolean"}, "note": {"type": "string"}}})},
                "responses": {"200": {"description": "Updated", **_json({"type": "object"})}, **_WRITE_ERRORS}}},
            "/introductions/{id}/transitions": {"parameters": [_ID], "post": {
                "summary": "Facilitators: take the request, move it on, close it with a reason, or record the cooperation agreed",
                "security": [{"bearer": []}],
                "requestBody": {"required": True, **_json({"type": "object", "properties": {
                    "to_status": {"enum": ["new", "in_review", "introduced", "meeting_held", "cooperation_agreed", "declined", "closed"]},
                    "take": {"type": "boolean"}, "note": {"type": "string"}, "outcome_kind": {"type": "string"}, "year": {"type": "integer"}}})},
                "responses": {"200": {"description": "Updated", **_json({"type": "object"})}, **_WRITE_ERRORS}}},
            "/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1"}}}},
        },
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(build_spec())
