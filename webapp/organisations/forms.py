from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Email, Length, NumberRange, Optional, ValidationError

import domain as d

from ..forms import Form, IntegerListField, LocalizedFloatField, MultiCheckboxField
from ..geo.borders import load_borders
from ..services import name_search
from ..services.text import web_address
from ..vocab import (
    AMBITIONS,
    COUNTRIES,
    LABELS,
    LANGUAGES,
    LEGAL_FORMS,
    MASSIFS,
    ORGANISATION_KINDS,
    STATUSES,
    THEMES,
    TIE_KINDS,
    choices,
)


class OrganisationForm(Form):
    """Fields and their syntax; cross-field rules live in ``services.organisations``."""

    name = StringField(_l("Nom (en français)"), validators=[DataRequired(), Length(max=d.ORGANISATION_NAME_MAX)])
    name_local = StringField(_l("Nom dans sa langue"), validators=[Optional(), Length(max=d.ORGANISATION_NAME_MAX)])
    kind = SelectField(_l("Type"), choices=choices(ORGANISATION_KINDS), validators=[DataRequired()])
    country = SelectField(_l("Pays"), choices=choices(COUNTRIES), validators=[DataRequired()])
    official_code = StringField(
        _l("Code officiel (code INSEE pour une commune française)"), validators=[Optional(), Length(max=d.OFFICIAL_CODE_MAX)]
    )
    latitude = LocalizedFloatField(_l("Latitude (degrés décimaux)"), validators=[Optional(), NumberRange(*d.LATITUDE_RANGE)])
    longitude = LocalizedFloatField(_l("Longitude (degrés décimaux)"), validators=[Optional(), NumberRange(*d.LONGITUDE_RANGE)])
    population = IntegerField(_l("Population"), validators=[Optional(), NumberRange(0, d.POPULATION_MAX)])
    labels = MultiCheckboxField(_l("Labels de l'ANCT (organisations françaises uniquement)"), choices=choices(LABELS))
    themes = MultiCheckboxField(_l("Thèmes d'intérêt"), choices=choices(THEMES))
    languages = MultiCheckboxField(_l("Langues de travail"), choices=choices(LANGUAGES))
    legal_form = SelectField(
        _l("Forme juridique (structures)"), choices=choices(LEGAL_FORMS, blank=_l("—")), validators=[Optional()]
    )
    founded_year = IntegerField(_l("Année de création"), validators=[Optional(), NumberRange(*d.FOUNDED_YEAR_RANGE)])
    covered_countries = MultiCheckboxField(_l("Pays couverts (structures transfrontalières)"), choices=choices(COUNTRIES))
    description = TextAreaField(_l("Présentation"), validators=[Optional(), Length(max=d.DESCRIPTION_MAX)])
    # Text, not type="url": the browser would refuse a bare domain (delle.fr), which web_address completes.
    website = StringField(
        _l("Site web"),
        filters=[web_address],
        validators=[
            Optional(),
            URL(require_tld=True, message=_l("Adresse web invalide : par exemple delle.fr ou https://www.delle.fr.")),
            Length(max=d.WEBSITE_MAX),
        ],
        render_kw={"inputmode": "url", "autocomplete": "url"},
    )
    contact = TextAreaField(
        _l("Contact (visible seulement par les membres et la MOT)"), validators=[Optional(), Length(max=d.CONTACT_MAX)]
    )
    submit = SubmitField(_l("Enregistrer"))

    def values(self):
        return {name: field.data for name, field in self._fields.items() if name not in ("submit", "csrf_token")}


class DirectoryFilterForm(Form):
    class Meta:
        csrf = False

    q = StringField(_l("Recherche"), validators=[Optional(), Length(max=d.SEARCH_QUERY_MAX)])
    country = SelectField(_l("Pays"), choices=choices(COUNTRIES, blank=_l("Tous")), validators=[Optional()])
    border = SelectField(_l("Frontière"), validators=[Optional()])
    kind = SelectField(_l("Type"), choices=choices(ORGANISATION_KINDS, blank=_l("Tous")), validators=[Optional()])
    label = SelectField(_l("Label"), choices=choices(LABELS, blank=_l("Tous")), validators=[Optional()])
    massif = SelectField(_l("Massif"), choices=choices(MASSIFS, blank=_l("Tous")), validators=[Optional()])
    theme = SelectField(_l("Thème"), choices=choices(THEMES, blank=_l("Tous")), validators=[Optional()])
    status = SelectField(_l("Statut"), choices=choices(STATUSES, blank=_l("Tous")), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.border.choices = choices({b.code: b.name for b in load_borders()}, blank=_l("Toutes"))

    def filters(self):
        return {name: field.data for name, field in self._fields.items() if field.data}


class TieForm(Form):
    other_id = HiddenField(validators=[DataRequired(_l("Choisissez l'organisation à relier."))])
    kind = SelectField(_l("Type de lien"), choices=choices(TIE_KINDS), validators=[DataRequired()])
    since_year = IntegerField(_l("Depuis (année)"), validators=[Optional(), NumberRange(*d.TIE_YEAR_RANGE)])
    source = StringField(_l("Source (lien, document)"), validators=[Optional(), Length(max=d.SOURCE_MAX)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=d.TIE_NOTE_MAX)])
    submit = SubmitField(_l("Ajouter le lien"))

    def validate_other_id(self, field):
        if not str(field.data).isdigit() or not d.ID_RANGE[0] <= int(field.data) <= d.ID_RANGE[1]:
            raise ValidationError(_l("Choisissez l'organisation à relier."))


class ClaimForm(Form):
    role = StringField(
        _l("Votre fonction dans l'organisation"),
        validators=[DataRequired(), Length(max=d.CLAIM_ROLE_MAX)],
        description=_l("Par exemple : maire, directrice générale des services, chargé de mission coopération."),
    )
    official_email = EmailField(
        _l("Adresse e-mail officielle (facultatif)"),
        validators=[Optional(), Email(check_deliverability=False), Length(max=d.EMAIL_MAX)],
        description=_l("Une adresse sur le domaine de l'organisation aide le facilitateur à vérifier votre demande."),
    )
    message = TextAreaField(
        _l("Précisions et comment vous joindre (facultatif)"), validators=[Optional(), Length(max=d.CLAIM_MESSAGE_MAX)]
    )
    submit = SubmitField(_l("Envoyer la demande"))


class SuggestionFilterForm(Form):
    """Query parameters of the suggestions (page and API)."""

    class Meta:
        csrf = False

    border = SelectField(_l("Frontière"), validators=[Optional()])
    radius_km = LocalizedFloatField(
        _l("Rayon (km)"), default=d.DEFAULT_RADIUS_KM, validators=[Optional(), NumberRange(d.MIN_RADIUS_KM, d.MAX_RADIUS_KM)]
    )
    limit = IntegerField(
        _l("Nombre de suggestions"), default=d.DEFAULT_LIMIT, validators=[Optional(), NumberRange(d.MIN_LIMIT, d.MAX_LIMIT)]
    )
    theme = MultiCheckboxField(_l("Thèmes"), choices=choices(THEMES))
    only_registered = BooleanField(_l("Seulement les organisations inscrites"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.border.choices = choices({b.code: b.name for b in load_borders()}, blank=_l("Toutes"))

    def options(self):
        return dict(
            border=self.border.data or None,
            radius_km=self.radius_km.data or d.DEFAULT_RADIUS_KM,
            limit=self.limit.data or d.DEFAULT_LIMIT,
            themes=self.theme.data or None,
            only_registered=bool(self.only_registered.data),
        )


class PartnershipForm(Form):
    """A set of partners and an ambition: for governance and funding suggestions."""

    class Meta:
        csrf = False

    # Names typed without picking from the list (or with JavaScript off), resolved here; before ``partners``,
    # whose check counts the ids they resolve to.
    names = StringField(_l("Partenaires"), validators=[Optional(), Length(max=d.SEARCH_QUERY_MAX * 5)])
    partners = IntegerListField(_l("Partenaires"))
    remove = IntegerField(validators=[Optional(), NumberRange(*d.ID_RANGE)])  # a chip's "Retirer" button without JavaScript
    ambition = SelectField(_l("Ambition"), choices=choices(AMBITIONS), default=d.DEFAULT_AMBITION, validators=[Optional()])

    named_ids = ()
    unresolved = ()

    def validate_names(self, field):
        self.named_ids, self.unresolved = name_search.resolve(field.data)
        problems = [
            _l("« %(name)s » désigne plusieurs organisations : choisissez-la ci-dessous.", name=u.name)
            if u.candidates
            else _l("Aucune organisation ne porte le nom « %(name)s ».", name=u.name)
            for u in self.unresolved
        ]
        if problems:
            raise ValidationError(" ".join(map(str, problems)))

    def validate_partners(self, field):
        if len(self.partner_ids()) < 2 and not self.unresolved:
            raise ValidationError(_l("Choisissez au moins deux partenaires."))

    def partner_ids(self):
        """The chosen partners: the ids sent, then the names resolved, less the one being removed."""
        ids = dict.fromkeys([*(self.partners.data or ()), *self.named_ids])
        return [i for i in ids if i != self.remove.data]

    def names_left(self):
        """What the name box shows again: the names that were no one or several organisations."""
        return f"{name_search.NAME_SEPARATOR} ".join(u.name for u in self.unresolved)
