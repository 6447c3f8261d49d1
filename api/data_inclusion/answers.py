"""What the export routes answer, as OpenAPI documents it: data·inclusion v1's structure and
service with the values this export can give (a subset of the schema's enumerations)."""

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Thematique = Literal[
    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
    "famille--soutien-a-la-parentalite-et-a-leducation",
    "numerique--acceder-a-des-services-en-ligne",
    "numerique--acceder-a-une-connexion-internet",
    "numerique--acquerir-un-equipement",
    "numerique--maitriser-les-fondamentaux-du-numerique",
    "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi",
    "remobilisation--activites-sportives-et-culturelles",
]
TypeService = Literal["accompagnement", "aide-materielle", "atelier"]
Frais = Literal["gratuit", "payant"]
Public = Literal[
    "etudiants",
    "familles",
    "femmes",
    "jeunes",
    "personnes-en-situation-de-handicap",
    "personnes-exilees",
    "seniors",
    "tous-publics",
]
ModeAccueil = Literal["a-distance", "en-presentiel"]
ModeMobilisation = Literal[
    "envoyer-un-courriel", "se-presenter", "telephoner", "utiliser-lien-mobilisation"
]
PersonneMobilisatrice = Literal["professionnels", "usagers"]
ReseauPorteur = Literal[
    "aidants-connect",
    "conseillers-numeriques",
    "croix-rouge",
    "france-service",
    "grandes-ecoles-du-numerique",
]
Score = Field(
    ge=0,
    le=1,
    description="data·inclusion's quality score (its published rule, docs/data-inclusion.md); "
    "a structure's is the mean of its services'.",
)


class _Address(BaseModel):
    commune: str
    code_postal: str = Field(pattern=r"^\d{5}$")
    code_insee: str | None = Field(pattern=r"^\w{5}$")
    adresse: str
    complement_adresse: str | None
    longitude: float
    latitude: float


class DataInclusionStructure(_Address):
    """A place as a data·inclusion v1 structure."""

    model_config = ConfigDict(title="DataInclusionStructure")

    source: str = Field(description="The place's source (its producer).")
    id: str = Field(description="`{source}--{source_id}`: unique, stable across exports.")
    nom: str = Field(min_length=3, max_length=150)
    date_maj: date = Field(description="The day the place's facts were stated (never a load).")
    description: str | None = Field(min_length=5)
    lien_source: None
    siret: str | None = Field(pattern=r"^\d{14}$")
    telephone: str | None
    courriel: str | None
    site_web: str | None
    horaires_accueil: str | None = Field(description="OpenStreetMap opening_hours.")
    accessibilite_lieu: str | None = Field(description="The place's acceslibre page.")
    reseaux_porteurs: list[ReseauPorteur] | None
    score_qualite: float = Score


class DataInclusionService(_Address):
    """A place's one « Service d'accompagnement au numérique » in data·inclusion v1."""

    model_config = ConfigDict(title="DataInclusionService")

    source: str
    structure_id: str
    id: str
    nom: Literal["Service d'accompagnement au numérique"]
    description: str = Field(min_length=5, max_length=10_000)
    lien_source: None
    date_maj: date
    type: TypeService | None
    thematiques: list[Thematique] | None
    frais: Frais | None
    frais_precisions: None
    publics: list[Public] = Field(min_length=1)
    publics_precisions: str | None
    conditions_acces: None
    telephone: str | None
    courriel: str | None
    modes_accueil: list[ModeAccueil] = Field(min_length=1)
    zone_eligibilite: list[str] | None
    contact_nom_prenom: None
    lien_mobilisation: str | None
    modes_mobilisation: list[ModeMobilisation] | None
    mobilisable_par: list[PersonneMobilisatrice] = Field(min_length=1)
    mobilisation_precisions: None
    volume_horaire_hebdomadaire: None
    nombre_semaines: None
    horaires_accueil: str | None
    score_qualite: float = Score


class _Page(BaseModel):
    total: int = Field(description="Records in the whole export.")
    page: int
    size: int = Field(description="The page size asked for.")
    pages: int = Field(description="Number of pages at this size.")
    query: dict[str, Any]
    attribution: str
    licence: str


class DataInclusionStructurePage(_Page):
    """One page of structures, in (source, id) order."""

    items: list[DataInclusionStructure]


class DataInclusionServicePage(_Page):
    """One page of services, in (source, id) order."""

    items: list[DataInclusionService]
