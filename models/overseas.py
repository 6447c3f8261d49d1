"""Departments and overseas collectivities: which one a place is in, its clock and phone code."""

import re

METROPOLE_TIME_ZONE = "Europe/Paris"
METROPOLE_CALLING_CODE = "33"

# Department (INSEE code of the department or collectivity) -> tzdata zone.
TIME_ZONES = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "975": "America/Miquelon",
    "976": "Indian/Mayotte",
    "977": "America/St_Barthelemy",
    "978": "America/Marigot",
    "986": "Pacific/Wallis",
    "987": "Pacific/Tahiti",
    "988": "Pacific/Noumea",
}
# Department -> international calling code (without `+`).
CALLING_CODES = {
    "971": "590",
    "972": "596",
    "973": "594",
    "974": "262",
    "975": "508",
    "976": "262",
    "977": "590",
    "978": "590",
    "986": "681",
    "987": "689",
    "988": "687",
}
# Postcodes of Saint-Barthélemy and Saint-Martin begin like Guadeloupe's (971).
_POSTCODE_COLLECTIVITIES = {"97133": "977", "97150": "978"}
_INSEE = re.compile(r"(?:\d{5}|2[AaBb]\d{3})")
_POSTCODE = re.compile(r"\d{5}")


def department_of(code: str | None) -> str | None:
    """The department of an INSEE commune code (`21231`, `97105`) or a postcode (`97133`)."""
    text = "".join((code or "").split())
    if not _INSEE.fullmatch(text):
        return None
    if text[:2].upper() in ("2A", "2B"):
        return text[:2].upper()
    if text in _POSTCODE_COLLECTIVITIES:
        return _POSTCODE_COLLECTIVITIES[text]
    if text.startswith(("97", "98")):
        return text[:3]
    if text.startswith("20"):
        # A Corsican postcode: 200xx and 201xx are Corse-du-Sud, the others Haute-Corse.
        return "2A" if text[2] in "01" else "2B"
    return text[:2]


def department_of_place(insee_code: str | None, postcode: str | None) -> str | None:
    """The department from the INSEE code when there is one, else from the postcode."""
    return department_of(insee_code) or (
        department_of(postcode) if postcode and _POSTCODE.fullmatch(postcode.strip()) else None
    )


def time_zone_of(department: str | None) -> str:
    """The tzdata zone of a department's clocks; Paris for the métropole and the unknown."""
    return TIME_ZONES.get(department or "", METROPOLE_TIME_ZONE)


def calling_code_of(department: str | None) -> str:
    """The international calling code of a department's phones (`33`, `596`...)."""
    return CALLING_CODES.get(department or "", METROPOLE_CALLING_CODE)


def is_overseas(department: str | None) -> bool:
    """Whether the department is overseas (its own clock and calling code)."""
    return (department or "") in CALLING_CODES


def place_clock(insee_code: str | None, postcode: str | None) -> tuple[str, str | None]:
    """(time zone, department) to evaluate a place's hours: `status_at(..., time_zone=,
    department=)`."""
    department = department_of_place(insee_code, postcode)
    return time_zone_of(department), department
