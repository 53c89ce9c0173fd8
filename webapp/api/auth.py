from flask import jsonify, request

from ..errors import ValidationFailed, json_error
from ..extensions import db
from ..services import accounts
from . import bp
from .helpers import json_body


@bp.post("/auth/token")
def issue_token():
    payload = json_body()
    email, password = payload.get("email"), payload.get("password")
    if not isinstance(email, str) or not isinstance(password, str) or not email or not password:
        raise ValidationFailed("E-mail et mot de passe requis.", {"email": "Requis.", "password": "Requis."})
    user = accounts.authenticate(email, password, request.remote_addr or "?")
    db.session.commit()
    if user is None:
        return json_error(401, "invalid_credentials", "Adresse e-mail ou mot de passe incorrect.")
    return jsonify({"token": accounts.issue_api_token(user), "user": {"id": user.id, "email": user.email, "role": user.role}})
