from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..converters import requested_page
from ..extensions import db
from ..models import LabelImport
from ..permissions import staff_required
from ..services.cog import commune_index
from ..services.reference.labels import OFFICIAL_PAGES, LabelFileError, import_labels, parse_label_file, record_import
from . import bp
from .forms import LabelImportForm
from .messages import layout_name, phrase_file_error, phrase_problem


@bp.route("/import", methods=["GET", "POST"])
@staff_required
def upload():
    form = LabelImportForm()
    if form.validate_on_submit():
        try:
            parsed = parse_label_file(form.file.data.read(), label=form.label.data or None)
        except LabelFileError as error:
            form.file.errors.append(phrase_file_error(error))
        else:
            report = import_labels(
                parsed,
                communes=commune_index(current_app.config["NODE_MODULES"]),
                strict=form.strict.data,
                replace=form.replace.data,
                listed_on=form.listed_on.data,
            )
            log = record_import(
                report, filename=form.file.data.filename or "upload.csv", strict=form.strict.data, user=current_user
            )
            db.session.commit()
            flash(
                _("Import terminé.") if log.applied else _("Mode strict : rien n'a été importé."),
                "success" if log.applied else "error",
            )
            return redirect(url_for(".summary", import_id=log.id))
    return render_template("labels/upload.html", form=form, official_pages=OFFICIAL_PAGES)


@bp.route("/imports")
@staff_required
def history():
    page = db.paginate(
        select(LabelImport).order_by(LabelImport.id.desc()),
        page=requested_page(request.args),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template("labels/history.html", page=page, layout_name=layout_name)


@bp.route("/imports/<int:import_id>")
@staff_required
def summary(import_id):
    return render_template(
        "labels/summary.html",
        log=db.get_or_404(LabelImport, import_id),
        layout_name=layout_name,
        phrase_problem=phrase_problem,
    )
