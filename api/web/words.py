"""French words and formats the pages share: equipment names, distances, phone numbers."""

from models.vocabulary import Equipment

EQUIPMENT_FR: dict[str, str] = {
    Equipment.COMPUTER: "Ordinateur",
    Equipment.LAPTOP: "Ordinateur portable",
    Equipment.TABLET: "Tablette",
    Equipment.PRINTER: "Imprimante",
    Equipment.SCANNER: "Scanner",
    Equipment.PHOTOCOPIER: "Photocopieur",
    Equipment.WIFI: "Wi-Fi",
    Equipment.WEBCAM: "Webcam",
    Equipment.HEADSET: "Casque et micro",
    Equipment.ACCESSIBLE_WORKSTATION: "Poste adapté au handicap",
}

VAGUE_LOCATION = "adresse non localisée précisément"


def format_distance(metres: float, precision: str = "source") -> str:
    """'à moins de 50 m', 'à 350 m', 'à 1,2 km'; to the kilometre ('à environ 2 km') for a
    place located only to its commune's centre (precision 'municipality')."""
    if precision == "municipality":
        return f"à environ {max(1, round(metres / 1000))} km"
    if metres < 50:
        return "à moins de 50 m"
    if metres < 1000:
        return f"à {round(metres / 10) * 10:.0f} m"
    return f"à {metres / 1000:.1f} km".replace(".", ",")


def format_phone(phone: str) -> str:
    """+33380488414 → 03 80 48 84 14; other numbers as they are."""
    if phone.startswith("+33") and len(phone) == 12:
        digits = "0" + phone[3:]
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return phone
