"""Closed vocabularies: the national standard's enumerations, plus our own for equipment."""

from enum import StrEnum


class Service(StrEnum):
    """`services` of the national standard."""

    ADMIN_PROCEDURES = "Aide aux démarches administratives"
    EVERYDAY_TOOLS = "Maîtrise des outils numériques du quotidien"
    EMPLOYMENT = "Insertion professionnelle via le numérique"
    SAFE_USE = "Utilisation sécurisée du numérique"
    PARENTING = "Parentalité et éducation avec le numérique"
    LEISURE = "Loisirs et créations numériques"
    UNDERSTANDING = "Compréhension du monde numérique"
    INTERNET_AND_EQUIPMENT = "Accès internet et matériel informatique"
    AFFORDABLE_EQUIPMENT = "Acquisition de matériel informatique à prix solidaire"


class Audience(StrEnum):
    """`publics_specifiquement_adresses` of the national standard."""

    YOUNG_PEOPLE = "Jeunes"
    STUDENTS = "Étudiants"
    FAMILIES = "Familles et/ou enfants"
    SENIORS = "Seniors"
    WOMEN = "Femmes"


class SpecificSupport(StrEnum):
    """`prise_en_charge_specifique` of the national standard."""

    DEAFNESS = "Surdité"
    MOTOR_DISABILITY = "Handicaps moteurs"
    MENTAL_DISABILITY = "Handicaps mentaux"
    ILLITERACY = "Illettrisme"
    ENGLISH = "Langues étrangères (anglais)"
    OTHER_LANGUAGES = "Langues étrangères (autres)"
    VISUAL_IMPAIRMENT = "Déficience visuelle"


class Fees(StrEnum):
    """`frais_a_charge` of the national standard."""

    FREE = "Gratuit"
    FREE_UNDER_CONDITIONS = "Gratuit sous condition"
    PAID = "Payant"


class NationalProgramme(StrEnum):
    """`dispositif_programmes_nationaux` of the national standard."""

    AIDANTS_CONNECT = "Aidants Connect"
    REFERENCE_LIBRARIES = "Bibliothèques numérique de référence"
    PIX = "Certification PIX"
    DIGITAL_ADVISERS = "Conseillers numériques"
    EMMAUS_CONNECT = "Emmaüs Connect"
    FRANCE_SERVICES = "France Services"
    GRANDE_ECOLE = "Grande école du numérique"
    RED_CROSS = "La Croix Rouge"
    CAF = "Point d'accès numérique CAF"
    PROMENEURS = "Promeneurs du net"
    EMMAUS_RELAY = "Relais numérique (Emmaüs Connect)"


class TrainingLabel(StrEnum):
    """`formations_labels` of the national standard (spelt as its pattern accepts)."""

    MON_ESPACE_SANTE = "Formé à « Mon Espace Santé »"
    DUPLEX = "Formé à « DUPLEX » (illettrisme)"
    MEDNUM_BFC = "Arnia/MedNum BFC (Bourgogne-Franche-Comté)"
    NORMANDIE_REUSE = "Collectif ressources et acteurs réemploi (Normandie)"
    # The standard's pattern has no space before the parenthesis; files are validated by it.
    ETAPES_NUMERIQUES = "Étapes numériques(La Poste)"
    FABRIQUES = "Fabriques de Territoire"
    ECLAIREURS = "Les Éclaireurs du numérique (Drôme)"
    MES_PAPIERS = "Mes Papiers (Métropole de Lyon)"
    ORDI_3 = "ORDI 3.0"
    SUD_LABS = "SUD LABS (PACA)"


class AccessMode(StrEnum):
    """`modalites_acces` of the national standard."""

    WALK_IN = "Se présenter"
    PHONE = "Téléphoner"
    EMAIL = "Contacter par mail"
    ONLINE_BOOKING = "Prendre un RDV en ligne"
    NO_PUBLIC = "Ce lieu n'accueille pas de public"
    REFERRAL_EMAIL = "Envoyer un mail avec une fiche de prescription"


class SupportMode(StrEnum):
    """`modalites_accompagnement` of the national standard."""

    SELF_SERVICE = "En autonomie"
    INDIVIDUAL = "Accompagnement individuel"
    GROUP_WORKSHOP = "Dans un atelier collectif"
    REMOTE = "À distance"


class Mobility(StrEnum):
    """`itinerance` of the national standard."""

    MOBILE = "Itinérant"
    FIXED = "Fixe"


class Equipment(StrEnum):
    """What a visitor can use on site; not in the standard, needed by counsellors."""

    COMPUTER = "computer"
    LAPTOP = "laptop"
    TABLET = "tablet"
    PRINTER = "printer"
    SCANNER = "scanner"
    PHOTOCOPIER = "photocopier"
    WIFI = "wifi"
    WEBCAM = "webcam"
    HEADSET = "headset"
    ACCESSIBLE_WORKSTATION = "accessible_workstation"


class Accessibility(StrEnum):
    """Wheelchair access: what the source says, or that it says nothing."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class PlaceStatus(StrEnum):
    """Whether the place operates at all, independent of its weekly hours."""

    OPEN = "open"
    TEMPORARILY_CLOSED = "temporarily_closed"
    CLOSED = "closed"
