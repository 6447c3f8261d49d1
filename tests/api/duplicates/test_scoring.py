"""api.duplicates.scoring: evidence from each fact, the score and its French reasons."""

from api.duplicates.scoring import score_pair
from tests.api.duplicates.factory import record

GRESILLES = {"address": "14 rue Camille Claudel", "latitude": 47.32968, "longitude": 5.069047}
_POINT = {"latitude": 46.78, "longitude": 4.85}


def test_score_pair_panda_point_and_its_host_grouped() -> None:
    panda = record(name="PANDA Grésilles", **GRESILLES)
    host = record(name="Médiathèque Champollion", phone=None, **GRESILLES)
    result = score_pair(panda, host)
    assert result.score >= 80
    assert result.reasons[0] == "même adresse (14 rue camille claudel)"
    assert "un point de réseau ou un espace numérique et son hôte, au même endroit" in (
        result.reasons
    )


def test_score_pair_mission_locale_beside_france_services_kept_apart() -> None:
    office = record(name="France services Lons", phone="+33384000001", **GRESILLES)
    other = record(name="Mission Locale Sud Jura", phone="+33384000002", **GRESILLES)
    result = score_pair(office, other)
    assert result.score < 50
    assert "un organisme (Mission Locale) à côté d'un point de réseau" in result.reasons


def test_score_pair_two_institutions_at_one_address_kept_apart() -> None:
    library = record(name="Bibliothèque Mansart", phone=None, **GRESILLES)
    hall = record(name="Mairie de quartier Mansart", phone=None, **GRESILLES)
    result = score_pair(library, hall)
    assert result.score < 50
    assert result.reasons[0] == "deux organismes différents : bibliothèque / mairie"


def test_score_pair_msap_renamed_france_services_same_contacts() -> None:
    old = record(name="MSAP de Saulieu", commune="Saulieu", emails=["msap@ccsaulieu.fr"])
    new = record(name="France services Saulieu", commune="Saulieu", emails=["msap@ccsaulieu.fr"])
    assert score_pair(old, new).score >= 80


def test_score_pair_far_apart_different_everything_is_low() -> None:
    a = record(name="Kelle Fabrik", address="2 rue des Corroyeurs", phone="+33674711777")
    b = record(
        name="Onlineformapro Dijon",
        address="38 avenue Françoise Giroud",
        latitude=47.364205,
        longitude=5.049559,
        phone="+33373275157",
    )
    result = score_pair(a, b)
    assert result.score < 10
    assert "adresses différentes" in result.reasons


def test_score_pair_same_address_far_points_not_held_against() -> None:
    a = record(name="Préfecture - Point d'accueil numérique", phone=None, **GRESILLES)
    moved = {**GRESILLES, "latitude": 47.3380}
    b = record(name="Point numérique de Dijon", phone=None, **moved)
    result = score_pair(a, b)
    assert any(r.startswith("points éloignés malgré la même adresse") for r in result.reasons)
    assert result.score >= 80


def test_score_pair_siret_decides() -> None:
    a = record(name="Tiers-lieu A", pivot="12345678900012", **GRESILLES)
    b = record(name="Tiers-lieu A", pivot="98765432100012", **GRESILLES)
    assert score_pair(a, b).reasons[0] == "SIRET différents"
    assert score_pair(a, b).score < score_pair(a, a).score


def test_score_pair_is_symmetric() -> None:
    a = record(name="PANDA Grésilles", **GRESILLES)
    b = record(name="Centre multimédia des grésilles", phone=None, **GRESILLES)
    assert score_pair(a, b).score == score_pair(b, a).score


def test_score_pair_room_without_address_gets_no_host_bonus() -> None:
    # A record placed at its commune's centre shares that point with whatever stands there.
    room = record(name="Espace multimédia de Lux", address="Espace multimédia de Lux", phone=None,
                  **_POINT)  # fmt: skip
    other = record(name="Médiathèque de Saint-Rémy", phone=None, address="4 rue d'Ottweiler",
                   **_POINT)  # fmt: skip
    result = score_pair(room, other)
    assert not any("son hôte" in reason for reason in result.reasons)
    assert result.score < 50
