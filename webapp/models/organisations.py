from datetime import date, datetime

from sqlalchemy import JSON, Column, Float, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint, column, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from domain import CLAIM_ROLE_MAX, EMAIL_MAX, TRUSTED_LABEL_STATUSES

from ..extensions import db
from ._common import utcnow

memberships = Table(
    "memberships",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
)


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_local: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40), index=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    official_code: Mapped[str | None] = mapped_column(String(20))
    department: Mapped[str | None] = mapped_column(String(3))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    population: Mapped[int | None] = mapped_column(Integer)
    # GeoNames first- and second-level divisions (e.g. "Wallonia", "Province du Hainaut"): programme areas use them.
    admin1: Mapped[str | None] = mapped_column(String(100))
    admin2: Mapped[str | None] = mapped_column(String(100))
    # Mountain massif (Avenir Montagnes territories and their communes): alpes, jura, pyrenees, vosges, massif_central...
    massif: Mapped[str | None] = mapped_column(String(20), index=True)
    # Cross-border structures: legal form, year, and the countries they span (their borders derive from these).
    legal_form: Mapped[str | None] = mapped_column(String(40))
    founded_year: Mapped[int | None] = mapped_column(Integer)
    covered_countries: Mapped[list] = mapped_column(JSON, default=list)
    languages: Mapped[list] = mapped_column(JSON, default=list)
    description: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(String(300))
    contact: Mapped[str | None] = mapped_column(Text)  # private: members and facilitators only
    status: Mapped[str] = mapped_column(String(20), default="registered", index=True)
    # Lower-cased, accent-free name and codes: free-text search on any database.
    search_text: Mapped[str] = mapped_column(String(600), default="", index=True)
    # Where the record comes from (e.g. GeoNames cities1000, CC BY 4.0) for attribution and re-imports.
    source: Mapped[str | None] = mapped_column(String(200))
    source_ref: Mapped[str | None] = mapped_column(String(100))
    licence: Mapped[str | None] = mapped_column(String(100))
    # Set when a person edits the record: reference loaders never overwrite it afterwards.
    edited_by_user: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Archived instead of deleted when anything refers to it: out of the directory, search and graph.
    archived_at: Mapped[datetime | None] = mapped_column(index=True)
    archived_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    labels = relationship("OrganisationLabel", cascade="all, delete-orphan", lazy="selectin", order_by="OrganisationLabel.label")
    themes = relationship("OrganisationTheme", cascade="all, delete-orphan", lazy="selectin", order_by="OrganisationTheme.theme")
    borders = relationship(
        "OrganisationBorder", cascade="all, delete-orphan", lazy="selectin", order_by="OrganisationBorder.border"
    )
    members = relationship("User", secondary=memberships, back_populates="organisations")

    __table_args__ = (
        UniqueConstraint("country", "kind", "official_code"),
        Index("ix_organisations_source_ref", "source", "source_ref"),
    )

    @property
    def label_codes(self):
        return [label.label for label in self.labels]

    @property
    def trusted_label_codes(self):
        """Labels from an official list or confirmed by staff: what counts as labelled."""
        return [label.label for label in self.labels if label.status in TRUSTED_LABEL_STATUSES]

    @property
    def theme_codes(self):
        return [theme.theme for theme in self.themes]

    @property
    def border_codes(self):
        return [border.border for border in self.borders]

    def __repr__(self):
        return f"<Organisation {self.id} {self.name} {self.country}>"


class OrganisationLabel(db.Model):
    """An ANCT label held by a French organisation (id as in the ANCT lists, e.g. pvd-84-01-1).

    ``status`` says how far it can be trusted: "official" (from an ANCT list named by ``source``,
    dated ``listed_on``), "declared" (ticked by a user) or "confirmed" (a declared label a
    facilitator checked).
    """

    __tablename__ = "organisation_labels"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    label: Mapped[str] = mapped_column(String(10), primary_key=True)
    anct_id: Mapped[str | None] = mapped_column(String(40))
    signed_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(12), default="declared", server_default="declared")
    source: Mapped[str | None] = mapped_column(String(200))
    listed_on: Mapped[date | None]
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_organisation_labels_label", "label"),)


class OrganisationTheme(db.Model):
    __tablename__ = "organisation_themes"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    theme: Mapped[str] = mapped_column(String(30), primary_key=True)

    __table_args__ = (Index("ix_organisation_themes_theme", "theme"),)


class OrganisationBorder(db.Model):
    """A border the organisation sits near: derived from its position, never typed by hand."""

    __tablename__ = "organisation_borders"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    border: Mapped[str] = mapped_column(String(5), primary_key=True)
    distance_km: Mapped[float | None] = mapped_column(Float)  # from the point to the border line, when a loader measured it

    __table_args__ = (Index("ix_organisation_borders_border", "border"),)


class Locality(db.Model):
    """A GeoNames place (village, section, hamlet) and the municipality it belongs to: "Aalbeke" finds Kortrijk."""

    __tablename__ = "localities"

    id: Mapped[int] = mapped_column(primary_key=True)
    geonameid: Mapped[int] = mapped_column(Integer, unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    search_name: Mapped[str] = mapped_column(String(200), index=True)  # folded: lower case, no accents
    country: Mapped[str] = mapped_column(String(2))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    population: Mapped[int | None] = mapped_column(Integer)


class Claim(db.Model):
    """A user's request to represent a reference organisation, decided by a facilitator."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    message: Mapped[str | None] = mapped_column(Text)
    # Evidence for the facilitator: the claimant's function and an official address (None on older claims).
    role: Mapped[str | None] = mapped_column(String(CLAIM_ROLE_MAX))
    official_email: Mapped[str | None] = mapped_column(String(EMAIL_MAX))
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)
    # Approved at once: the account's confirmed address is on the organisation's own domain.
    auto_approved: Mapped[bool] = mapped_column(default=False, server_default=false())

    organisation = relationship("Organisation")
    user = relationship("User", foreign_keys=[user_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    __table_args__ = (
        # One pending claim per user and organisation: two clicks at once store one (the other is a 409).
        Index(
            "uq_claims_pending_user_organisation",
            "user_id",
            "organisation_id",
            unique=True,
            postgresql_where=column("status") == "pending",
            sqlite_where=column("status") == "pending",
        ),
    )
