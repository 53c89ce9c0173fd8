"""Form helpers shared by the blueprints."""

from flask import flash
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, SubmitField
from wtforms.widgets import CheckboxInput, ListWidget


class EmptyForm(FlaskForm):
    """For POST-only buttons (log out, delete, approve): CSRF covers them."""

    submit = SubmitField()


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def apply_domain_error(form, error):
    """Show a service's ``DomainError`` on the form: on its fields when it names them, else as a flash."""
    placed = False
    for name, messages in error.fields.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            if not isinstance(field.errors, list):
                field.errors = list(field.errors)
            field.errors.extend(messages)
            placed = True
    if not placed:
        flash(error.message, "error")
