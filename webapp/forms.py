"""Form helpers shared by the blueprints."""

from babel.numbers import format_decimal
from flask import flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import Field, FloatField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from domain import ID_RANGE

from .errors import existing_link


def refuse_nul_bytes(form, field):
    """No NUL byte in text: PostgreSQL cannot store one, and no person types one."""
    if isinstance(field.data, str) and "\x00" in field.data:
        raise StopValidation(_l("Le caractère NUL n'est pas accepté."))


class Form(FlaskForm):
    """The base of every form of the site: each text field (text, e-mail, password, hidden...) refuses NUL bytes."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field = unbound_field.bind(form=form, **options)
            if isinstance(field, StringField):
                field.validators = [refuse_nul_bytes, *field.validators]
            return field


class EmptyForm(Form):
    """For POST-only buttons (log out, delete, approve): CSRF covers them."""

    submit = SubmitField()


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LocalizedFloatField(FloatField):
    """A decimal number typed as the reader writes it: "12,5" in French or German, "12.5" in English; both are
    read. It is written back with a dot and no useless ".0" ("50", "12.5"): the form a ``type=number`` input
    needs, which the browser itself shows with the reader's separator."""

    def process_formdata(self, valuelist):
        if valuelist and isinstance(valuelist[0], str):
            text = valuelist[0].strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
            if text.count(",") == 1 and "." not in text:
                text = text.replace(",", ".")
            valuelist = [text, *valuelist[1:]]
        super().process_formdata(valuelist)

    def _value(self):
        if self.data is not None:
            return format_decimal(self.data, format="0.##########", locale="en")
        return self.raw_data[0] if self.raw_data else ""  # what was typed, when it is not a number


class IntegerListField(Field):
    """Repeated integer parameters (``?partners=1&partners=2``, or ``1,2``) as a list of ints."""

    def _value(self):
        return ",".join(map(str, self.data or []))

    def process_formdata(self, valuelist):
        self.data = []
        for value in valuelist:
            for part in str(value).split(","):
                part = part.strip()
                if not part:
                    continue
                if not part.isdigit() or not ID_RANGE[0] <= int(part) <= ID_RANGE[1]:
                    self.data = []
                    raise ValueError(_("« %(value)s » n'est pas un identifiant d'organisation.", value=part))
                self.data.append(int(part))


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
    link = existing_link(error, api=False)
    if link:  # a conflict: point to the record that is already there
        flash(Markup('<a href="{}">{}</a>').format(link, _("Voir l'enregistrement existant")), "info")
