"""Curated funding beyond the Interreg programmes (``data/funding.yaml``): small-project funds, citizens' funds,
LEADER, the French State's grants, the Swiss New Regional Policy, the French aid finder."""

from datetime import date

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class Fund(db.Model):
    """A fund, who may use it (``rules``, read by ``graph.funds``), what it pays where known (None: unknown)."""

    __tablename__ = "funds"

    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    scope: Mapped[str] = mapped_column(String(10))
    # The Interreg programme whose area an applicant must lie in (small-project funds).
    programme_code: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    # The name and one-sentence summary in the languages the fund officially uses.
    names: Mapped[dict | None] = mapped_column(JSON)
    summaries: Mapped[dict | None] = mapped_column(JSON)
    rules: Mapped[dict] = mapped_column(JSON, default=dict)
    rate_min: Mapped[int | None] = mapped_column(Integer)  # percent
    rate_max: Mapped[int | None] = mapped_column(Integer)
    grant_max: Mapped[int | None] = mapped_column(Integer)  # in ``currency``
    project_min: Mapped[int | None] = mapped_column(Integer)
    project_max: Mapped[int | None] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    calls: Mapped[str] = mapped_column(String(10))
    next_deadline: Mapped[date | None]
    url: Mapped[str] = mapped_column(String(300))
    # Pages for the holders of an ANCT label ({"pvd": url}).
    label_urls: Mapped[dict | None] = mapped_column(JSON)
    sources: Mapped[list] = mapped_column(JSON, default=list)
    checked_on: Mapped[date]
    to_verify: Mapped[bool] = mapped_column(default=False)

    def as_rule_record(self):
        """The plain mapping ``graph.funds`` reads."""
        return {"code": self.code, "kind": self.kind, "scope": self.scope, "programme": self.programme_code, "rules": self.rules}
