"""Database models, one module per area."""

from .organisations import Claim, Organisation, OrganisationBorder, OrganisationLabel, OrganisationTheme, memberships
from .reference import Instrument, LabelImport, Programme, ReferenceLoad
from .ties import Tie
from .users import LoginAttempt, User

__all__ = [
    "Claim",
    "Instrument",
    "LabelImport",
    "Programme",
    "ReferenceLoad",
    "LoginAttempt",
    "Organisation",
    "OrganisationBorder",
    "OrganisationLabel",
    "OrganisationTheme",
    "Tie",
    "User",
    "memberships",
]
