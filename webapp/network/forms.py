from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, SelectMultipleField
from wtforms.validators import NumberRange, Optional

from domain import DEFAULT_DEPTH, GRAPH_FORMATS, ID_RANGE, MAX_DEPTH

from ..forms import Form
from ..geo.borders import load_borders
from ..vocab import COUNTRIES, LABELS, MASSIFS, ORGANISATION_KINDS, STATUSES, THEMES, TIE_KINDS, choices

FORMATS = dict(
    zip(
        GRAPH_FORMATS,
        ("application/json", "application/json", "application/graphml+xml", "application/gexf+xml", "text/csv", "text/csv"),
    )
)


class GraphQueryForm(Form):
    """Which view (ego, border, whole network), its filters and its format; the page and the API share it."""

    class Meta:
        csrf = False

    center = IntegerField(_l("Organisation au centre"), validators=[Optional(), NumberRange(*ID_RANGE)])
    depth = IntegerField(_l("Profondeur"), default=DEFAULT_DEPTH, validators=[Optional(), NumberRange(1, MAX_DEPTH)])
    border = SelectField(_l("Frontière"), validators=[Optional()])
    country = SelectMultipleField(_l("Pays"), choices=choices(COUNTRIES))
    kind = SelectMultipleField(_l("Type"), choices=choices(ORGANISATION_KINDS))
    label = SelectMultipleField(_l("Label"), choices=choices(LABELS))
    theme = SelectMultipleField(_l("Thème"), choices=choices(THEMES))
    status = SelectMultipleField(_l("Statut"), choices=choices(STATUSES))
    massif = SelectMultipleField(_l("Massif"), choices=choices(MASSIFS))
    tie_kind = SelectMultipleField(_l("Type de lien"), choices=choices(TIE_KINDS))
    unconnected = BooleanField(_l("Communes labellisées sans lien transfrontalier"))
    format = SelectField(_l("Format"), choices=[SelectChoice(f, f) for f in FORMATS], default="json", validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.border.choices = choices({b.code: b.name for b in load_borders()}, blank=_l("—"))

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        if self.center.data and self.border.data:
            self.border.errors = list(self.border.errors) + [
                _l("Choisissez une organisation au centre ou une frontière, pas les deux.")
            ]
            return False
        return True

    def query(self):
        return dict(
            center=self.center.data,
            depth=self.depth.data or DEFAULT_DEPTH,
            border=self.border.data or None,
            countries=self.country.data,
            kinds=self.kind.data,
            labels=self.label.data,
            themes=self.theme.data,
            statuses=self.status.data,
            massifs=self.massif.data,
            tie_kinds=self.tie_kind.data,
            unconnected=bool(self.unconnected.data),
        )
