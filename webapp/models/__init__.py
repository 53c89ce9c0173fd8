"""Database models, one module per area."""

from .organisations import Claim, Organisation, OrganisationBorder, OrganisationLabel, OrganisationTheme, memberships
from .ties import Tie
from .users import LoginAttempt, User

__all__ = [
    "Claim",
    "LoginAttempt",
    "Organisation",
    "OrganisationBorder",
    "OrganisationLabel",
    "OrganisationTheme",
    "Tie",
    "User",
    "memberships",
]
