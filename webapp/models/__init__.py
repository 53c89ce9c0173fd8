"""Database models, one module per area."""

from .alerts import Alert, FacilitatorBorder
from .attachments import SheetAttachment
from .capitalisation import Sheet, SheetBorder, SheetComment, SheetEvent, SheetTheme, sheet_links, sheet_partners
from .events import Event, EventBorder, EventLabel, EventRegistration, EventTheme
from .funding import Fund
from .graph import GraphChange
from .introductions import IntroductionRequest, Notification, RequestEvent, RequestNote
from .organisations import Claim, Locality, Organisation, OrganisationBorder, OrganisationLabel, OrganisationTheme, memberships
from .outbox import OutboxMessage
from .reference import Instrument, LabelImport, Programme, ReferenceLoad
from .reports import Publication, ReportVersion, publication_sheets
from .ties import Tie
from .users import LoginAttempt, User

__all__ = [
    "Alert",
    "FacilitatorBorder",
    "Fund",
    "SheetAttachment",
    "Claim",
    "Event",
    "EventBorder",
    "EventLabel",
    "EventRegistration",
    "EventTheme",
    "GraphChange",
    "IntroductionRequest",
    "Notification",
    "RequestEvent",
    "RequestNote",
    "Instrument",
    "LabelImport",
    "Programme",
    "ReferenceLoad",
    "Publication",
    "ReportVersion",
    "publication_sheets",
    "Sheet",
    "SheetBorder",
    "SheetComment",
    "SheetEvent",
    "SheetTheme",
    "sheet_links",
    "sheet_partners",
    "Locality",
    "LoginAttempt",
    "Organisation",
    "OutboxMessage",
    "OrganisationBorder",
    "OrganisationLabel",
    "OrganisationTheme",
    "Tie",
    "User",
    "memberships",
]
