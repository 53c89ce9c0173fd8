"""The domain's rules written once: codes, defaults, bounds, roles and transitions.

Plain Python with no framework import, so ``graph/``, the forms, the API schemas, the services and
``config.py`` all read the same values. French labels for these codes live in ``webapp/vocab.py``.
"""

# --- Accounts ---------------------------------------------------------------------------------
ROLES = ("official", "partner", "facilitator", "admin")
SELF_REGISTRATION_ROLES = ("official", "partner")
STAFF_ROLES = ("facilitator", "admin")
ADMIN_ROLES = ("admin",)

# --- Organisations ----------------------------------------------------------------------------
# France and its neighbours across land and overseas borders.
COUNTRIES = ("FR", "BE", "LU", "DE", "CH", "IT", "MC", "ES", "AD", "BR", "SR", "SX")
ORGANISATION_KINDS = ("commune", "grouping", "region", "state", "cross_border_structure", "public_body", "association", "other")
# ANCT programmes (French entities only).
LABEL_CODES = ("pvd", "va", "am")
# How far a label can be trusted: from an official ANCT list, ticked by a user, or checked by a facilitator.
LABEL_STATUSES = ("official", "declared", "confirmed")
# Only these count as labelled (metrics, gap analysis, the graph): a declared label is a claim until checked.
TRUSTED_LABEL_STATUSES = ("official", "confirmed")
# Mountain massifs (Avenir Montagnes territories; the Commissariats de massif).
MASSIF_CODES = ("alpes", "jura", "pyrenees", "vosges", "massif_central", "corse")
THEME_CODES = (
    "mobility",
    "health",
    "economy",
    "tourism",
    "environment",
    "culture",
    "education",
    "public_services",
    "planning",
    "energy",
    "agriculture",
    "civil_protection",
)
LANGUAGE_CODES = ("fr", "de", "lb", "nl", "it", "es", "ca", "eu", "oc", "co", "pt", "en")
ORGANISATION_STATUSES = ("reference", "registered", "verified")
LEGAL_FORMS = ("egtc", "glct", "gec", "district_europeen", "consorcio", "association", "convention", "other")
PROGRAMME_KINDS = ("cross_border", "outermost", "transnational")
CLAIM_STATUSES = ("pending", "approved", "rejected")

# --- Ties -------------------------------------------------------------------------------------
TIE_KINDS = ("cooperation", "twinning", "convention", "membership", "joint_project")

# --- Suggestions and partnerships -------------------------------------------------------------
AMBITIONS = ("exchange", "joint_project", "shared_service", "permanent_body")
DEFAULT_AMBITION = "joint_project"
FACTORS = (
    "distance",
    "proximity",
    "nearest",
    "continuity",
    "gravity",
    "size",
    "name",
    "language",
    "network",
    "partners_of_partners",
    "themes",
    "programme",
    "responsiveness",
)
DEFAULT_RADIUS_KM = 50.0
MIN_RADIUS_KM = 1
MAX_RADIUS_KM = 200
DEFAULT_LIMIT = 10
MIN_LIMIT = 1
MAX_LIMIT = 50
MIN_PARTNERS = 2
MAX_PARTNERS = 50
# Graph views around one organisation.
DEFAULT_DEPTH = 1
MAX_DEPTH = 3
# "columnar": the same view as one list per attribute, edges as node indices (compact, for big networks).
GRAPH_FORMATS = ("json", "columnar", "graphml", "gexf", "nodes.csv", "edges.csv")
GRAPH_VIEWS = ("ego", "border", "whole")  # a centre and its neighbours, one border, the whole network (staff)
# CSV downloads: for a spreadsheet in the reader's language (";", BOM, labels), or raw (codes, commas).
CSV_DIALECTS = ("spreadsheet", "raw")
DEFAULT_CSV_DIALECT = "spreadsheet"

# Where the dashboard and the network open for staff who cover no border yet (and for anyone else).
DEFAULT_BORDER = "FR-BE"

# --- Introductions ----------------------------------------------------------------------------
REQUEST_STATUSES = ("new", "in_review", "introduced", "meeting_held", "cooperation_agreed", "declined", "closed")
OPEN_REQUEST_STATUSES = ("new", "in_review", "introduced", "meeting_held")
# Where a facilitator may move a request from each status.
REQUEST_TRANSITIONS = {
    "new": ("in_review", "declined", "closed"),
    "in_review": ("introduced", "declined", "closed"),
    "introduced": ("meeting_held", "declined", "closed"),
    "meeting_held": ("cooperation_agreed", "declined", "closed"),
    "cooperation_agreed": (),
    "declined": (),
    "closed": (),
}
# The MOT introduces only a counterpart that accepted: these steps (and the outcome) wait for its consent.
REQUEST_STATUSES_AFTER_CONSENT = ("introduced", "meeting_held")
# A cooperation is recorded only after the introduction.
OUTCOME_FROM_STATUSES = ("introduced", "meeting_held")
OUTCOME_KINDS = ("convention", "twinning", "joint_project", "joining_structure", "egtc", "glct", "other")
# The tie an outcome becomes in the network.
OUTCOME_TIES = {
    "convention": "convention",
    "twinning": "twinning",
    "joint_project": "joint_project",
    "joining_structure": "membership",
    "egtc": "cooperation",
    "glct": "cooperation",
    "other": "cooperation",
}
EVENT_ACTIONS = ("created", "assigned", "status", "accepted", "declined", "accepted_for", "declined_for", "merged")

# --- Capitalisation: project sheets and problem sheets -----------------------------------------
SHEET_KINDS = ("project", "problem")
SHEET_STATUSES = ("draft", "under_review", "published")
# Authors submit and withdraw; publishing (under_review -> published) and unpublishing are for staff.
SHEET_TRANSITIONS = {
    "draft": ("under_review",),
    "under_review": ("draft", "published"),
    "published": ("draft",),
}
SHEET_STAFF_TRANSITIONS = (("under_review", "published"), ("published", "draft"))
SHEET_EVENT_ACTIONS = ("created", "edited", "status")
PROJECT_STATUSES = ("planned", "ongoing", "completed", "stopped")
# Why a published project sheet is a precedent for a town or a pair (phrased by webapp.vocab).
PRECEDENT_REASONS = ("border", "themes", "size", "instrument")
SHEET_TITLE_MAX = 200
SHEET_SUMMARY_MAX = 2000
SHEET_TEXT_MAX = 5000  # obstacles, results, lessons, cause, solutions
SHEET_COMMENT_MAX = 2000
SHEET_SOURCES_MAX = 10
FUNDING_PERIOD_MAX = 20
FUNDING_AMOUNT_MAX = 1_000_000_000  # euros
SHEET_YEAR_RANGE = (1945, 2100)
DEFAULT_PRECEDENTS = 5
# Full-text search on PostgreSQL: exact words and prefixes ('simple') and each sheet language's stemmer.
FULLTEXT_CONFIGS = ("simple", "french", "german", "italian", "spanish")
# Attachments of a sheet: types recognised from the content (magic bytes), size and count bounds.
ATTACHMENT_TYPES = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024  # default of the ATTACHMENT_MAX_BYTES setting
ATTACHMENTS_PER_SHEET_MAX = 20
ATTACHMENT_NAME_MAX = 200

# --- Funding beyond Interreg (data/funding.yaml; graph.funds decides who may use each fund) ---------
FUND_KINDS = ("small_projects", "citizens_fund", "rural_development", "regional_policy", "state_grant", "aid_finder")
FUND_SCOPES = ("joint", "own")
FUND_CALLS = ("calls", "rolling", "yearly", "unknown")
# How a fund fits: one joint application, each partner on its side, one side only, one organisation alone.
FUND_FITS = ("pair", "each", "one_side", "organisation")
# What must still be checked before applying (phrased by webapp.fund_texts).
FUND_CHECKS = ("fund_holder_area", "local_action_group", "department_priorities", "regional_priorities", "cantonal_office")
# The rapport d'étonnement's next steps (phrased by webapp.vocab with their parameters).
REPORT_STEPS = (
    "request_introduction",
    "join_structure",
    "start_with_convention",
    "apply_programme",
    "read_precedents",
    "write_sheet",
)
REPORT_COUNTERPARTS = 5
# Municipalities across the border named (and drawn) in the report: the nearest ones within this distance.
REPORT_FACING = 8
REPORT_FACING_RADIUS_KM = 30
# A facilitator's edit of a report: an introduction and up to REPORT_STEPS_MAX next steps of their own.
REPORT_INTRODUCTION_MAX = 5000
REPORT_STEP_MAX = 300
REPORT_STEPS_MAX = 10
# Publications (the national synthesis): a chosen set of published sheets in one document.
PUBLICATION_TITLE_MAX = 200
PUBLICATION_INTRODUCTION_MAX = 5000
PUBLICATION_SHEETS_MAX = 500

# --- Resource centre: the MOT's events (webinars, workshops, study visits) ------------------------
EVENT_KINDS = ("webinar", "workshop", "study_visit", "conference")
# Events happen (and are typed) in French time; stored in UTC, shown and exported with this zone.
EVENT_TIMEZONE = "Europe/Paris"
# Which events a list shows; the first is the default.
EVENT_WHEN = ("upcoming", "past", "all")
EVENT_TITLE_MAX = 200
EVENT_PLACE_MAX = 300
EVENT_URL_MAX = 500
EVENT_CAPACITY_RANGE = (1, 10_000)  # no capacity: unlimited places
EVENT_MAX_DAYS = 31  # longest event (a study visit of several days)
RESOURCE_CENTRE_EVENTS = 6  # upcoming and past events on the resource centre's page

# --- Alerts (saved searches) and the facilitator's home --------------------------------------------
# An alert saves these directory filters (each optional); the daily digest announces what is new for it.
ALERT_FILTERS = ("border", "country", "kind", "label", "theme", "massif", "q")
ALERT_NAME_MAX = 120
MAX_ALERTS_PER_USER = 50
# What an alert announces, in this order: new organisations, ties, approved claims, published project sheets.
ALERT_EVENT_KINDS = ("organisations", "ties", "claims", "sheets")
ALERT_NAMES_SHOWN = 5  # names listed per kind in a notification and the digest mail (then "and N more")
# The facilitator's home: how many items of recent activity it lists.
HOME_RECENT_ITEMS = 10

# --- Text lengths (characters): one bound for the site's forms and the API ---------------------
PERSON_NAME_MAX = 120
EMAIL_MAX = 254  # RFC 5321 path limit
PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 200
ORGANISATION_NAME_MAX = 200
OFFICIAL_CODE_MAX = 20
DESCRIPTION_MAX = 5000
WEBSITE_MAX = 300
CONTACT_MAX = 1000
SEARCH_QUERY_MAX = 100
# The name search behind the autocomplete fields (partners, the network's centre): shortest query, answers.
NAME_SEARCH_MIN = 2
NAME_SEARCH_LIMIT = 10
NAME_SEARCH_LIMIT_RANGE = (1, 20)
SOURCE_MAX = 300
TIE_NOTE_MAX = 2000
PURPOSE_MAX = 300
MESSAGE_MAX = 4000  # an introduction's message
NOTE_MAX = 2000  # a note on a transition, a consent or an outcome
INTERNAL_NOTE_MAX = 4000
CLAIM_MESSAGE_MAX = 2000
CLAIM_ROLE_MAX = 120  # the claimant's function in the organisation
CLAIM_REASON_MAX = 1000  # the facilitator's reason for a decision

# --- Notifications ----------------------------------------------------------------------------
# How often a user is mailed their notifications (the daily digest is ``flask digest``).
EMAIL_FREQUENCIES = ("immediately", "daily", "never")
DEFAULT_EMAIL_FREQUENCY = "immediately"
# Whom a notification speaks to: one event is phrased differently for each side.
NOTIFICATION_AUDIENCES = ("requester", "counterpart", "staff", "claimant", "town")  # town: members of a town (its report)
NOTIFICATIONS_API_MAX_IDS = 100  # ids marked read in one call
# Mail providers anyone can use: an address there proves nothing about an organisation's domain.
PUBLIC_MAIL_DOMAINS = frozenset(
    "gmail.com googlemail.com yahoo.com yahoo.fr hotmail.com hotmail.fr outlook.com outlook.fr live.com live.fr msn.com "
    "icloud.com me.com orange.fr wanadoo.fr free.fr sfr.fr laposte.net neuf.fr bbox.fr aol.com gmx.de gmx.net web.de "
    "t-online.de bluewin.ch libero.it protonmail.com proton.me skynet.be telenet.be".split()
)

# --- Numbers ----------------------------------------------------------------------------------
LATITUDE_RANGE = (-90, 90)
LONGITUDE_RANGE = (-180, 180)
POPULATION_MAX = 100_000_000
FOUNDED_YEAR_RANGE = (1900, 2100)
TIE_YEAR_RANGE = (1945, 2100)  # ties and outcomes

# --- Identifiers and pages --------------------------------------------------------------------
# Ids and page numbers are PostgreSQL int4 values: anything outside never names a row.
DB_INT_MAX = 2_147_483_647
ID_RANGE = (1, DB_INT_MAX)
PAGE_RANGE = (1, DB_INT_MAX)
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 200
PAGE_SIZE_RANGE = (1, MAX_PAGE_SIZE)
# The directory's "per page" choice (?per_page=): any other value gives the configured page size.
PAGE_SIZE_CHOICES = (DEFAULT_PAGE_SIZE, 50, 100)

# --- Requests ---------------------------------------------------------------------------------
# Deeper JSON than this is refused before it is parsed (no request of the API nests beyond 3).
MAX_JSON_DEPTH = 32
