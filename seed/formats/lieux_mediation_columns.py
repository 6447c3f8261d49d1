"""Columns of the national standard "Lieux de médiation numérique" and our field for each."""

from dataclasses import dataclass
from typing import Literal

# How a cell is converted: see lieux_mediation_values.CONVERTERS.
Kind = Literal["text", "list", "date", "number", "phone", "hours", "pivot", "source"]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the standard (v1 name), the model field it fills, and its conversion."""

    name: str
    field: str
    kind: Kind


# The 32 columns of v1.0.2, in the schema's order (the export writes them in this order).
COLUMNS = (
    Column("id", "source_id", "text"),
    Column("pivot", "pivot", "pivot"),
    Column("nom", "name", "text"),
    Column("commune", "commune", "text"),
    Column("code_postal", "postcode", "text"),
    Column("code_insee", "insee_code", "text"),
    Column("adresse", "address", "text"),
    Column("complement_adresse", "address_complement", "text"),
    Column("latitude", "latitude", "number"),
    Column("longitude", "longitude", "number"),
    Column("typologie", "typology", "list"),
    Column("telephone", "phone", "phone"),
    Column("courriels", "emails", "list"),
    Column("site_web", "websites", "list"),
    Column("horaires", "opening_hours", "hours"),
    Column("presentation_resume", "summary", "text"),
    Column("presentation_detail", "description", "text"),
    # The standard's `source` is who collected the data; ours is the import source key.
    Column("source", "source", "source"),
    Column("itinerance", "mobility", "list"),
    Column("structure_parente", "parent_organisation", "text"),
    Column("date_maj", "source_updated_on", "date"),
    Column("services", "services", "list"),
    Column("publics_specifiquement_adresses", "audiences", "list"),
    Column("prise_en_charge_specifique", "specific_support", "list"),
    Column("frais_a_charge", "fees", "list"),
    Column("dispositif_programmes_nationaux", "national_programmes", "list"),
    Column("formations_labels", "training_labels", "list"),
    Column("autres_formations_labels", "other_training_labels", "list"),
    Column("modalites_acces", "access_modes", "list"),
    Column("modalites_accompagnement", "support_modes", "list"),
    Column("fiche_acces_libre", "accessibility_sheet_url", "text"),
    Column("prise_rdv", "appointment_url", "text"),
)
BY_NAME = {column.name: column for column in COLUMNS}

# `required: true` in the schema (v1.0.2, and v0.1 except its `services`).
REQUIRED = ("id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj")

# v0.1 names of columns that v1 renamed, from the standard's own changelog
# ("descriptif-des-evolutions", 0.1.1 → 1.0.1). v0.1's `cle_ban` has no v1 column: it is
# reported among the unknown columns, since nothing reads it.
V01_RENAMED = {
    "courriel": "courriels",
    "labels_nationaux": "dispositif_programmes_nationaux",
    "publics_accueillis": "publics_specifiquement_adresses",
    "conditions_acces": "frais_a_charge",
    "labels_autres": "autres_formations_labels",
    "accessibilite": "fiche_acces_libre",
}
# Columns that exist only in v0.1: any of them (and no v1-only column) means a v0.1 file.
V01_ONLY = frozenset({*V01_RENAMED, "cle_ban"})
# Columns that exist only in v1: their presence means a v1 file even beside old names.
V1_ONLY = frozenset(
    {
        *V01_RENAMED.values(),
        "itinerance",
        "modalites_acces",
        "prise_en_charge_specifique",
        "formations_labels",
    }
)

V1_SEPARATOR = "|"
V01_SEPARATOR = ";"

# The SIRET placeholder the standard's ecosystem writes when the place's SIRET is unknown;
# the pivot is required by the standard but optional in our model.
UNKNOWN_PIVOT = "00000000000000"
