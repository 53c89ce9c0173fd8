"""Notifications as sentences, for their reader: one event is phrased for each side that hears of it.

A notification is stored as a code and parameters (``webapp.services.notifications``); its
``audience`` parameter says to whom it speaks (``domain.NOTIFICATION_AUDIENCES``): the requester's side
reads "your request", the counterpart's side "X asked to meet you", the MOT's staff a neutral line.
Rows stored before audiences get the neutral line, which is never wrong for anybody. The in-site
notification and the e-mail (``services.mail``) use the same sentence, rendered in the reader's language.
"""

from flask_babel import gettext as _
from flask_babel import ngettext

from .vocab import OUTCOME_KINDS, REQUEST_STATUSES

REQUEST_CODES = ("request_created", "request_status", "request_outcome", "request_answered", "request_waiting")
CLAIM_CODES = ("claim_submitted", "claim_approved", "claim_rejected")


def _request_created(p):
    return _("Nouvelle demande de mise en relation : %(requester)s → %(counterpart)s.", **p)


def _request_status(p):
    status = REQUEST_STATUSES[p["status"]]
    if p.get("audience") == "requester":
        return _(
            "Votre demande de mise en relation avec %(counterpart)s : %(status)s.", counterpart=p["counterpart"], status=status
        )
    if p.get("audience") == "counterpart":
        return _(
            "La demande de %(requester)s, qui souhaite rencontrer %(counterpart)s : %(status)s.",
            requester=p["requester"],
            counterpart=p["counterpart"],
            status=status,
        )
    return _(
        "Demande %(requester)s → %(counterpart)s : %(status)s.",
        requester=p["requester"],
        counterpart=p["counterpart"],
        status=status,
    )


def _request_outcome(p):
    outcome = OUTCOME_KINDS[p["outcome_kind"]]
    if p.get("audience") == "requester":
        return _("Coopération convenue avec %(partner)s : %(outcome)s.", partner=p["counterpart"], outcome=outcome)
    if p.get("audience") == "counterpart":
        return _("Coopération convenue avec %(partner)s : %(outcome)s.", partner=p["requester"], outcome=outcome)
    return _(
        "Coopération convenue entre %(requester)s et %(counterpart)s : %(outcome)s.",
        requester=p["requester"],
        counterpart=p["counterpart"],
        outcome=outcome,
    )


def _request_answered(p):
    if p.get("audience") == "requester":
        if p["accepted"]:
            return _("%(counterpart)s a accepté votre demande de mise en relation.", counterpart=p["counterpart"])
        return _("%(counterpart)s a décliné votre demande de mise en relation.", counterpart=p["counterpart"])
    if p["accepted"]:
        return _("%(counterpart)s a accepté la mise en relation.", counterpart=p["counterpart"])
    return _("%(counterpart)s a décliné la mise en relation.", counterpart=p["counterpart"])


def _request_waiting(p):
    """To a counterpart's new member: a request sent before they joined waits for their answer."""
    return _(
        "%(requester)s a demandé à rencontrer %(counterpart)s : la demande attend votre réponse.",
        requester=p["requester"],
        counterpart=p["counterpart"],
    )


def _with_reason(text, p):
    return _("%(text)s Motif : %(reason)s", text=text, reason=p["reason"]) if p.get("reason") else text


def _claim_submitted(p):
    if p.get("auto_approved"):
        return _(
            "%(user)s représente désormais %(organisation)s : son adresse confirmée est sur le domaine de l'organisation.",
            user=p["user"],
            organisation=p["organisation"],
        )
    return _(
        "Nouvelle demande de rattachement : %(user)s souhaite représenter %(organisation)s.",
        user=p["user"],
        organisation=p["organisation"],
    )


def _claim_approved(p):
    if p.get("auto_approved"):
        return _(
            "Vous représentez maintenant %(organisation)s : votre adresse est sur le domaine de l'organisation.",
            organisation=p["organisation"],
        )
    text = _("Votre demande pour représenter %(organisation)s est acceptée.", organisation=p["organisation"])
    if p.get("waiting"):
        text = " ".join(
            (
                text,
                ngettext(
                    "%(num)d demande de mise en relation attend votre réponse.",
                    "%(num)d demandes de mise en relation attendent votre réponse.",
                    p["waiting"],
                ),
            )
        )
    return _with_reason(text, p)


def _claim_rejected(p):
    return _with_reason(_("Votre demande pour représenter %(organisation)s est refusée.", organisation=p["organisation"]), p)


def _report_shared(p):
    return _("La MOT vous a transmis le rapport d'étonnement de %(organisation)s.", organisation=p["organisation"])


PHRASES = {
    "request_created": _request_created,
    "request_status": _request_status,
    "request_outcome": _request_outcome,
    "request_answered": _request_answered,
    "request_waiting": _request_waiting,
    "claim_submitted": _claim_submitted,
    "claim_approved": _claim_approved,
    "claim_rejected": _claim_rejected,
    "report_shared": _report_shared,
}


def notice_text(code, params):
    """The sentence of a notification (``KeyError`` for a code nobody knows, or a missing parameter)."""
    return PHRASES[code](params)
