from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, FloatField, HiddenField, IntegerField, SelectField, StringField, SubmitField,
                     TextAreaField, URLField)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, ValidationError

from ..forms import IntegerListField, MultiCheckboxField
from ..vocab import AMBITIONS, COUNTRIES, LABELS, LANGUAGES, LEGAL_FORMS, ORGANISATION_KINDS, STATUSES, THEMES, TIE_KINDS, choices
from ..geo.borders import load_borders
from ..services.suggestions import MAX_LIMIT, MAX_RADIUS_KM


class OrganisationForm(FlaskForm):
    """Fields and their syntax; cross-field rules live in ``services.organisations``."""

    name = StringField(_l("Nom (en français)"), validators=[DataRequired(), Length(max=200)])
    name_local = StringField(_l("Nom dans sa langue"), validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Type"), choices=choices(ORGANISATION_KINDS), validators=[DataRequired()])
    country = SelectField(_l("Pays"), choices=choices(COUNTRIES), validators=[DataRequired()])
    official_code = StringField(_l("Code officiel (code INSEE pour une commune française)"),
                                validators=[Optional(), Length(max=20)])
    latitude = FloatField(_l("Latitude (degrés décimaux)"), validators=[Optional(), NumberRange(-90, 90)])
    longitude = FloatField(_l("Longitude (degrés décimaux)"), validators=[Optional(), NumberRange(-180, 180)])
    population = IntegerField(_l("Population"), validators=[Optional(), NumberRange(0, 100_000_000)])
    labels = MultiCheckboxField(_l("Labels de l'ANCT (organisations françaises uniquement)"), choices=choices(LABELS))
    themes = MultiCheckboxField(_l("Thèmes d'intérêt"), choices=choices(THEMES))
    languages = MultiCheckboxField(_l("Langues de travail"), choices=choices(LANGUAGES))
    legal_form = SelectField(_l("Forme juridique (structures)"), choices=choices(LEGAL_FORMS, blank=_l("—")), validators=[Optional()])
    founded_year = IntegerField(_l("Année de création"), validators=[Optional(), NumberRange(1900, 2100)])
    covered_countries = MultiCheckboxField(_l("Pays couverts (structures transfrontalières)"), choices=choices(COUNTRIES))
    description = TextAreaField(_l("Présentation"), validators=[Optional(), Length(max=5000)])
    website = URLField(_l("Site web"), validators=[Optional(), URL(require_tld=True), Length(max=300)])
    contact = TextAreaField(_l("Contact (visible seulement par les membres et la MOT)"), validators=[Optional(), Length(max=1000)])
    submit = SubmitField(_l("Enregistrer"))

    def values(self):
        return {name: field.data for name, field in self._fields.items() if name not in ("submit", "csrf_token")}


class DirectoryFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Recherche"), validators=[Optional(), Length(max=100)])
    country = SelectField(_l("Pays"), choices=choices(COUNTRIES, blank=_l("Tous")), validators=[Optional()])
    border = SelectField(_l("Frontière"), validators=[Optional()])
    kind = SelectField(_l("Type"), choices=choices(ORGANISATION_KINDS, blank=_l("Tous")), validators=[Optional()])
    label = SelectField(_l("Label"), choices=choices(LABELS, blank=_l("Tous")), validators=[Optional()])
    theme = SelectField(_l("Thème"), choices=choices(THEMES, blank=_l("Tous")), validators=[Optional()])
    status = SelectField(_l("Statut"), choices=choices(STATUSES, blank=_l("Tous")), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.border.choices = choices({b.code: b.name_fr for b in load_borders()}, blank=_l("Toutes"))

    def filters(self):
        return {name: field.data for name, field in self._fields.items() if field.data}


class TieForm(FlaskForm):
    other_id = HiddenField(validators=[DataRequired(_l("Choisissez l'organisation à relier."))])
    kind = SelectField(_l("Type de lien"), choices=choices(TIE_KINDS), validators=[DataRequired()])
    since_year = IntegerField(_l("Depuis (année)"), validators=[Optional(), NumberRange(1945, 2100)])
    source = StringField(_l("Source (lien, document)"), validators=[Optional(), Length(max=300)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Ajouter le lien"))

    def validate_other_id(self, field):
        if not str(field.data).isdigit():
            raise ValidationError(_l("Choisissez l'organisation à relier."))


class ClaimForm(FlaskForm):
    message = TextAreaField(_l("Votre fonction et comment vous joindre"), validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Envoyer la demande"))


class SuggestionFilterForm(FlaskForm):
    """Query parameters of the suggestions (page and API)."""

    class Meta:
        csrf = False

    border = SelectField(_l("Frontière"), validators=[Optional()])
    radius_km = FloatField(_l("Rayon (km)"), default=50, validators=[Optional(), NumberRange(1, MAX_RADIUS_KM)])
    limit = IntegerField(_l("Nombre de suggestions"), default=10, validators=[Optional(), NumberRange(1, MAX_LIMIT)])
    theme = MultiCheckboxField(_l("Thèmes"), choices=choices(THEMES))
    only_registered = BooleanField(_l("Seulement les organisations inscrites"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.border.choices = choices({b.code: b.name_fr for b in load_borders()}, blank=_l("Toutes"))

    def options(self):
        return dict(border=self.border.data or None, radius_km=self.radius_km.data or 50.0, limit=self.limit.data or 10,
                    themes=self.theme.data or None, only_registered=bool(self.only_registered.data))


class PartnershipForm(FlaskForm):
    """A set of partners and an ambition: for governance and funding suggestions."""

    class Meta:
        csrf = False

    partners = IntegerListField(_l("Partenaires"))
    ambition = SelectField(_l("Ambition"), choices=choices(AMBITIONS), default="joint_project", validators=[Optional()])

    def validate_partners(self, field):
        if len(set(field.data or ())) < 2:
            raise ValidationError(_l("Choisissez au moins deux partenaires."))

    def partner_ids(self):
        return list(dict.fromkeys(self.partners.data))
