from flask import request
from flask_babel import gettext as _

from ..errors import AuthenticationRequired
from ..extensions import db
from ..services import accounts
from . import bp
from .schemas import TokenInput, TokenOut
from .spec import operation


@bp.post("/auth/token")
@operation(summary="A bearer token for an e-mail and password", body=TokenInput, response=TokenOut, errors=(401,))
def issue_token(body):
    user = accounts.authenticate(body["email"], body["password"], request.remote_addr or "?")
    db.session.commit()
    if user is None:
        raise AuthenticationRequired(_("Adresse e-mail ou mot de passe incorrect."))
    return {"token": accounts.issue_api_token(user), "user": user}
