"""The facilitator's home (their work on the borders they cover) and the choice of those borders."""

from flask import flash, redirect, render_template, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import DomainError
from ..extensions import db
from ..forms import apply_domain_error
from ..permissions import has_facilitator_home, staff_required
from ..services import facilitator as service
from ..services.request_figures import is_stale
from . import bp
from .forms import CoveredBordersForm


@bp.app_context_processor
def inject_home_border():
    """Where the header's network link opens (``services.facilitator.network_home``)."""
    return {"network_home": lambda: service.network_home(current_user), "has_facilitator_home": has_facilitator_home}


@bp.app_template_filter("median_days")
def median_days(value):
    """A median delay in days in the reader's number format, or "no data yet" (never "0.0 days" for nothing)."""
    if value is None:
        return _("pas encore de données")
    # The plural form by the rounded figure: Python's gettext takes whole numbers only.
    return ngettext("%(days)s jour", "%(days)s jours", 1 if value == 1 else 2, days=format_decimal(value, format="#,##0.#"))


@bp.route("/")
@staff_required
def home():
    return render_template("facilitator/home.html", work=service.home(current_user), is_stale=is_stale)


@bp.route("/borders", methods=["GET", "POST"])
@staff_required
def borders():
    form = CoveredBordersForm()
    if not form.is_submitted():
        form.borders.data = service.covered_borders(current_user)
    if form.validate_on_submit():
        try:
            service.set_covered_borders(current_user, form.borders.data or [])
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Vos frontières sont enregistrées."), "success")
            return redirect(url_for(".home"))
    return render_template("facilitator/borders.html", form=form)
