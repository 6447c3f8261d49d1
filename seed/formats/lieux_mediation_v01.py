"""Values of the standard's v0.1 enumerations, translated to v1 where v1 has the same meaning.

v0.1 (Schema_V0.1.json) wrote most values as "Label : explanation"; files also circulate with
the label alone, so values are looked up by their label. Where v1 split a v0.1 column in two
(changelog 0.1.1 → 1.0.1: `publics_accueillis` into `publics_specifiquement_adresses` and
`prise_en_charge_specifique`; `labels_nationaux` into `dispositif_programmes_nationaux` and
`formations_labels`), the value goes to the v1 column that now lists it.

Values v1 has no equivalent for are dropped (None below): they cannot be stored, and
rejecting a place for them would lose it over a retired vocabulary. Services without an
evident v1 counterpart ("Créer et développer mon entreprise", "Promouvoir la citoyenneté
numérique") are dropped too, rather than guessed. A value absent from this table is kept
as written, so the model rejects it with the column's name.
"""

from models.vocabulary import (
    Audience,
    Fees,
    NationalProgramme,
    Service,
    SpecificSupport,
    SupportMode,
    TrainingLabel,
)

Target = tuple[str, str] | None

_SERVICES: dict[str, Target] = {
    "Devenir autonome dans les démarches administratives": ("services", Service.ADMIN_PROCEDURES),
    "Réaliser des démarches administratives avec un accompagnement": (
        "services",
        Service.ADMIN_PROCEDURES,
    ),
    "Accompagner les démarches de santé": ("services", Service.ADMIN_PROCEDURES),
    "Prendre en main un smartphone ou une tablette": ("services", Service.EVERYDAY_TOOLS),
    "Prendre en main un ordinateur": ("services", Service.EVERYDAY_TOOLS),
    "Utiliser le numérique au quotidien": ("services", Service.EVERYDAY_TOOLS),
    "Approfondir ma culture numérique": ("services", Service.UNDERSTANDING),
    "Favoriser mon insertion professionnelle": ("services", Service.EMPLOYMENT),
    "Accéder à une connexion internet": ("services", Service.INTERNET_AND_EQUIPMENT),
    "Accéder à du matériel": ("services", Service.INTERNET_AND_EQUIPMENT),
    "S'équiper en matériel informatique": ("services", Service.AFFORDABLE_EQUIPMENT),
    "Créer avec le numérique": ("services", Service.LEISURE),
    "Soutenir la parentalité et l'éducation avec le numérique": ("services", Service.PARENTING),
    "Créer et développer mon entreprise": None,
    "Promouvoir la citoyenneté numérique": None,
}
_AUDIENCES: dict[str, Target] = {
    "Seniors (+ 65 ans)": ("audiences", Audience.SENIORS),
    "Familles/enfants": ("audiences", Audience.FAMILIES),
    "Jeunes (16-26 ans)": ("audiences", Audience.YOUNG_PEOPLE),
    "Uniquement femmes": ("audiences", Audience.WOMEN),
    "Adultes": None,
    "Public langues étrangères": None,  # v1 distinguishes English from other languages
    "Déficience visuelle": ("specific_support", SpecificSupport.VISUAL_IMPAIRMENT),
    "Surdité": ("specific_support", SpecificSupport.DEAFNESS),
    "Handicaps psychiques": None,
    "Handicaps mentaux": ("specific_support", SpecificSupport.MENTAL_DISABILITY),
    "Personnes en situation d'illettrisme": ("specific_support", SpecificSupport.ILLITERACY),
}
_FEES: dict[str, Target] = {
    "Gratuit": ("fees", Fees.FREE),
    "Gratuit sous condition": ("fees", Fees.FREE_UNDER_CONDITIONS),
    "Payant": ("fees", Fees.PAID),
    "Adhésion": None,
    "Accepte le Pass numérique": None,
}
_LABELS: dict[str, Target] = {
    "France Services": ("national_programmes", NationalProgramme.FRANCE_SERVICES),
    # CNFS: Conseillers numériques France Services, the programme v1 calls "Conseillers numériques".
    "CNFS": ("national_programmes", NationalProgramme.DIGITAL_ADVISERS),
    "Aidants Connect": ("national_programmes", NationalProgramme.AIDANTS_CONNECT),
    "Grandes écoles du numérique": ("national_programmes", NationalProgramme.GRANDE_ECOLE),
    "Fabriques de Territoire": ("training_labels", TrainingLabel.FABRIQUES),
    "APTIC": None,
    "Point relais CAF": None,
    "Point numérique CAF": None,
    "Relais pôle emploi": None,
    "French Tech": None,
    "Campus connecté": None,
}
_SUPPORT_MODES: dict[str, Target] = {
    "Seul": ("support_modes", SupportMode.SELF_SERVICE),
    "Avec de l'aide": ("support_modes", SupportMode.INDIVIDUAL),
    "Dans un atelier": ("support_modes", SupportMode.GROUP_WORKSHOP),
    "A ma place": None,
}
# Keyed by the field that the v0.1 column fills once renamed.
V01_VALUES: dict[str, dict[str, Target]] = {
    "services": _SERVICES,
    "audiences": _AUDIENCES,
    "fees": _FEES,
    "national_programmes": _LABELS,
    "support_modes": _SUPPORT_MODES,
}


def translate_v01(field: str, values: list[str]) -> dict[str, list[str]]:
    """The v1 values of a v0.1 list, by the field each goes to; unknown values unchanged."""
    table = V01_VALUES.get(field, {})
    translated: dict[str, list[str]] = {field: []}
    for value in values:
        label = value.split(" : ")[0].replace("’", "'").strip()
        target = table.get(label, (field, value))
        if target is not None:
            translated.setdefault(target[0], []).append(str(target[1]))
    return translated
