"""The national standard's values and data·inclusion v1's, side by side, as the hub maps them.

Every table restates the hub's own mapping of the standard (its pipeline's
`_map_mediation_numerique__*` models, data·inclusion v1), so that a place exported here reads
as the hub would read the same place from the national map. docs/data-inclusion.md shows them.
"""

from models.vocabulary import (
    AccessMode,
    Audience,
    Fees,
    NationalProgramme,
    Service,
    SpecificSupport,
    SupportMode,
)

# data·inclusion's category of digital services: what the import asks the hub for.
NUMERIQUE = "numerique"

SERVICE_NAME = "Service d'accompagnement au numérique"

THEMATIQUES: dict[Service, tuple[str, ...]] = {
    Service.INTERNET_AND_EQUIPMENT: (
        "numerique--acceder-a-une-connexion-internet",
        "numerique--acquerir-un-equipement",
    ),
    Service.AFFORDABLE_EQUIPMENT: ("numerique--acquerir-un-equipement",),
    Service.ADMIN_PROCEDURES: (
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
        "numerique--acceder-a-des-services-en-ligne",
    ),
    Service.UNDERSTANDING: ("numerique--maitriser-les-fondamentaux-du-numerique",),
    Service.EMPLOYMENT: (
        "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi",
        "numerique--maitriser-les-fondamentaux-du-numerique",
    ),
    Service.LEISURE: (
        "remobilisation--activites-sportives-et-culturelles",
        "numerique--maitriser-les-fondamentaux-du-numerique",
    ),
    Service.EVERYDAY_TOOLS: (
        "numerique--maitriser-les-fondamentaux-du-numerique",
        "numerique--acceder-a-des-services-en-ligne",
    ),
    Service.PARENTING: (
        "famille--soutien-a-la-parentalite-et-a-leducation",
        "numerique--maitriser-les-fondamentaux-du-numerique",
    ),
    Service.SAFE_USE: ("numerique--maitriser-les-fondamentaux-du-numerique",),
}

# The support mode gives the service's `type`; « À distance » gives none (it is a mode of
# reception, below). When several apply the hub keeps the first of TYPE_PRIORITY.
TYPES: dict[SupportMode, str] = {
    SupportMode.INDIVIDUAL: "accompagnement",
    SupportMode.GROUP_WORKSHOP: "atelier",
    SupportMode.SELF_SERVICE: "aide-materielle",
}
TYPE_PRIORITY = ("aide-materielle", "atelier", "accompagnement")

MODES_MOBILISATION: dict[AccessMode, str] = {
    AccessMode.EMAIL: "envoyer-un-courriel",
    AccessMode.REFERRAL_EMAIL: "envoyer-un-courriel",
    AccessMode.ONLINE_BOOKING: "utiliser-lien-mobilisation",
    AccessMode.WALK_IN: "se-presenter",
    AccessMode.PHONE: "telephoner",
}

# « Gratuit sous condition » is free to whoever meets the condition: the hub says `gratuit`.
FRAIS: dict[Fees, str] = {
    Fees.FREE: "gratuit",
    Fees.FREE_UNDER_CONDITIONS: "gratuit",
    Fees.PAID: "payant",
}

PUBLICS: dict[Audience, str] = {
    Audience.STUDENTS: "etudiants",
    Audience.FAMILIES: "familles",
    Audience.WOMEN: "femmes",
    Audience.YOUNG_PEOPLE: "jeunes",
    Audience.SENIORS: "seniors",
}
# Illiteracy has no public of its own in data·inclusion: it stays in `publics_precisions`.
PUBLICS_BY_SUPPORT: dict[SpecificSupport, str] = {
    SpecificSupport.VISUAL_IMPAIRMENT: "personnes-en-situation-de-handicap",
    SpecificSupport.MENTAL_DISABILITY: "personnes-en-situation-de-handicap",
    SpecificSupport.MOTOR_DISABILITY: "personnes-en-situation-de-handicap",
    SpecificSupport.DEAFNESS: "personnes-en-situation-de-handicap",
    SpecificSupport.ENGLISH: "personnes-exilees",
    SpecificSupport.OTHER_LANGUAGES: "personnes-exilees",
}
ALL_PUBLICS = "tous-publics"

# Programmes without a network in data·inclusion (PIX, CAF, libraries, Promeneurs du net,
# Emmaüs Connect) give none.
RESEAUX_PORTEURS: dict[NationalProgramme, str] = {
    NationalProgramme.AIDANTS_CONNECT: "aidants-connect",
    NationalProgramme.DIGITAL_ADVISERS: "conseillers-numeriques",
    NationalProgramme.FRANCE_SERVICES: "france-service",
    NationalProgramme.GRANDE_ECOLE: "grandes-ecoles-du-numerique",
    NationalProgramme.RED_CROSS: "croix-rouge",
}

# Whoever may ask for the service: the hub states both for every digital-inclusion place.
MOBILISABLE_PAR = ("professionnels", "usagers")
