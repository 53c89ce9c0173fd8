"""French labels (marked for translation) of the codes defined in ``domain.py``.

The codes, their order, and every rule about them live in ``domain``; a test checks each vocabulary here
labels exactly the codes there.
"""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

ROLES = {
    "official": _l("Élu·e ou agent d'une collectivité française"),
    "partner": _l("Partenaire d'un pays voisin"),
    "facilitator": _l("Facilitateur·rice MOT"),
    "admin": _l("Administrateur·rice"),
}

COUNTRIES = {
    "FR": _l("France"),
    "BE": _l("Belgique"),
    "LU": _l("Luxembourg"),
    "DE": _l("Allemagne"),
    "CH": _l("Suisse"),
    "IT": _l("Italie"),
    "MC": _l("Monaco"),
    "ES": _l("Espagne"),
    "AD": _l("Andorre"),
    "BR": _l("Brésil"),
    "SR": _l("Suriname"),
    "SX": _l("Sint Maarten"),
}

ORGANISATION_KINDS = {
    "commune": _l("Commune"),
    "grouping": _l("Groupement de communes (EPCI, Gemeindeverband, comarca…)"),
    "region": _l("Département, province, canton ou région"),
    "state": _l("État ou administration d'État"),
    "cross_border_structure": _l("Structure transfrontalière"),
    "public_body": _l("Établissement public (hôpital, école, chambre…)"),
    "association": _l("Association"),
    "other": _l("Autre"),
}

LABELS = {
    "pvd": _l("Petites Villes de Demain"),
    "va": _l("Villages d'Avenir"),
    "am": _l("Avenir Montagnes"),
}

LABEL_STATUSES = {
    "official": _l("officiel (liste de l'ANCT)"),
    "declared": _l("déclaré, non vérifié"),
    "confirmed": _l("confirmé par un facilitateur"),
}

MASSIFS = {
    "alpes": _l("Alpes"),
    "jura": _l("Jura"),
    "pyrenees": _l("Pyrénées"),
    "vosges": _l("Vosges"),
    "massif_central": _l("Massif central"),
    "corse": _l("Corse"),
}

THEMES = {
    "mobility": _l("Mobilité et transports"),
    "health": _l("Santé et soins"),
    "economy": _l("Économie et emploi"),
    "tourism": _l("Tourisme"),
    "environment": _l("Environnement et espaces naturels"),
    "culture": _l("Culture et langues"),
    "education": _l("Éducation et jeunesse"),
    "public_services": _l("Services publics"),
    "planning": _l("Aménagement et logement"),
    "energy": _l("Énergie"),
    "agriculture": _l("Agriculture et alimentation"),
    "civil_protection": _l("Protection civile"),
}

LANGUAGES = {
    "fr": _l("français"),
    "de": _l("allemand"),
    "lb": _l("luxembourgeois"),
    "nl": _l("néerlandais"),
    "it": _l("italien"),
    "es": _l("espagnol"),
    "ca": _l("catalan"),
    "eu": _l("basque"),
    "oc": _l("occitan"),
    "co": _l("corse"),
    "pt": _l("portugais"),
    "en": _l("anglais"),
}

STATUSES = {
    "reference": _l("Référence (non revendiquée)"),
    "registered": _l("Inscrite"),
    "verified": _l("Vérifiée"),
}

TIE_KINDS = {
    "cooperation": _l("Coopération"),
    "twinning": _l("Jumelage"),
    "convention": _l("Convention"),
    "membership": _l("Membre d'une structure transfrontalière"),
    "joint_project": _l("Projet commun"),
}

LEGAL_FORMS = {
    "egtc": _l("GECT (groupement européen de coopération territoriale)"),
    "glct": _l("GLCT (groupement local de coopération transfrontalière)"),
    "gec": _l("GEC (groupement eurorégional de coopération)"),
    "district_europeen": _l("District européen"),
    "consorcio": _l("Consorcio"),
    "association": _l("Association"),
    "convention": _l("Convention (sans personnalité juridique)"),
    "other": _l("Autre"),
}

PROGRAMME_KINDS = {
    "cross_border": _l("Transfrontalier"),
    "outermost": _l("Régions ultrapériphériques"),
    "transnational": _l("Transnational"),
}

AMBITIONS = {
    "exchange": _l("Échange d'informations"),
    "joint_project": _l("Projet commun"),
    "shared_service": _l("Service ou équipement partagé"),
    "permanent_body": _l("Organisme commun permanent (personnel, budget)"),
}

FACTOR_NAMES = {
    "distance": _l("Distance"),
    "proximity": _l("Proximité immédiate"),
    "nearest": _l("Localité la plus proche"),
    "continuity": _l("Même agglomération"),
    "gravity": _l("Attraction d'une ville-centre"),
    "size": _l("Taille comparable"),
    "name": _l("Noms jumeaux"),
    "language": _l("Langue commune"),
    "network": _l("Proximité dans le réseau"),
    "partners_of_partners": _l("Partenaires de partenaires"),
    "themes": _l("Thèmes communs"),
    "programme": _l("Programme Interreg commun"),
    "responsiveness": _l("Réactivité probable"),
}

REQUEST_STATUSES = {
    "new": _l("Nouvelle"),
    "in_review": _l("En cours d'examen"),
    "introduced": _l("Mise en relation faite"),
    "meeting_held": _l("Rencontre tenue"),
    "cooperation_agreed": _l("Coopération convenue"),
    "declined": _l("Déclinée"),
    "closed": _l("Close sans suite"),
}
OUTCOME_KINDS = {
    "convention": _l("Convention"),
    "twinning": _l("Jumelage"),
    "joint_project": _l("Projet commun"),
    "joining_structure": _l("Adhésion à une structure"),
    "egtc": _l("Création d'un GECT"),
    "glct": _l("Création d'un GLCT"),
    "other": _l("Autre coopération"),
}

EVENT_NAMES = {
    "created": _l("Demande créée"),
    "assigned": _l("Prise en charge"),
    "status": _l("Changement d'étape"),
    "accepted": _l("Le partenaire accepte"),
    "declined": _l("Le partenaire décline"),
    "accepted_for": _l("Le partenaire accepte (réponse recueillie par la MOT)"),
    "declined_for": _l("Le partenaire décline (réponse recueillie par la MOT)"),
    "merged": _l("Fermée : les deux fiches ont été fusionnées (doublon ou demande à soi-même)"),
}

CLAIM_STATUSES = {
    "pending": _l("En attente"),
    "approved": _l("Acceptée"),
    "rejected": _l("Refusée"),
}

EMAIL_FREQUENCIES = {
    "immediately": _l("À chaque notification"),
    "daily": _l("Un résumé par jour"),
    "never": _l("Jamais (notifications sur le site seulement)"),
}


SHEET_KINDS = {
    "project": _l("Fiche projet"),
    "problem": _l("Fiche problématique"),
}

SHEET_STATUSES = {
    "draft": _l("Brouillon"),
    "under_review": _l("En relecture"),
    "published": _l("Publiée"),
}

SHEET_EVENTS = {
    "created": _l("création"),
    "edited": _l("modification"),
    "status": _l("changement d'étape"),
}

PROJECT_STATUSES = {
    "planned": _l("En préparation"),
    "ongoing": _l("En cours"),
    "completed": _l("Terminé"),
    "stopped": _l("Arrêté"),
}

PRECEDENT_REASONS = {
    "border": _l("même frontière"),
    "themes": _l("thèmes en commun"),
    "size": _l("taille comparable"),
    "instrument": _l("forme juridique ouverte à cette frontière"),
}

EVENT_WHEN = {
    "upcoming": _l("À venir"),
    "past": _l("Passés"),
    "all": _l("Tous"),
}

EVENT_KINDS = {
    "webinar": _l("Webinaire"),
    "workshop": _l("Atelier"),
    "study_visit": _l("Visite d'étude"),
    "conference": _l("Conférence"),
}

REPORT_STEPS = {
    "request_introduction": _l("Demander à la MOT une mise en relation avec %(name)s, le partenaire le mieux placé."),
    "join_structure": _l("S'appuyer sur %(name)s, qui couvre déjà le territoire."),
    "start_with_convention": _l("Commencer par une convention de coopération, la forme la plus légère."),
    "apply_programme": _l("Préparer un micro-projet ou un projet avec le programme %(name)s."),
    "read_precedents": _l("Lire les fiches projets de situations semblables (%(count)s)."),
    "write_sheet": _l("Raconter une coopération existante dans une fiche projet, pour les autres communes."),
}


def choices(vocabulary, *, blank=None, only=None):
    """WTForms choices for a vocabulary, optionally restricted to ``only`` and led by a blank option."""
    options = [SelectChoice(code, label) for code, label in vocabulary.items() if only is None or code in only]
    return ([SelectChoice("", blank)] if blank is not None else []) + options
