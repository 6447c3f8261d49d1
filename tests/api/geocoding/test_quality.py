"""The data-quality report: places far from the address base's point of their address."""

from api.geocoding.base import AddressRecord
from api.geocoding.quality import PlacePoint, address_gaps, format_report

# SYNTHETIC address-base points; the places are the seed's (address and point as stored).
BAN = [
    AddressRecord("2", "", "Place Pierre Meunier", "21300", "21166", "Chenôve", 47.2930, 5.0090),
    AddressRecord("14", "", "Rue Camille Claudel", "21000", "21231", "Dijon", 47.32968, 5.069047),
]
CHENOVE = PlacePoint(
    1, "Espace Public Numérique de Chenôve", "2  place Pierre Meunier", "21300", "21166",
    47.299079, 5.011769,
)  # fmt: skip
GRESILLES = PlacePoint(
    2, "PANDA Grésilles", "14 rue Camille Claudel", "21000", "21231", 47.32968, 5.069047
)


def test_a_place_far_from_its_address_is_listed_and_a_near_one_is_not() -> None:
    report = address_gaps([GRESILLES, CHENOVE], BAN)
    assert (report.compared, report.not_in_address_base) == (2, 0)
    [gap] = report.gaps
    assert (gap.place_id, gap.address_label) == (1, "2 Place Pierre Meunier 21300 Chenôve")
    assert 650 < gap.distance_m < 750
    assert (gap.latitude, gap.address_latitude) == (47.299079, 47.2930)


def test_unknown_or_unnumbered_addresses_are_counted_apart() -> None:
    unknown = GRESILLES._replace(id=3, address="5 rue Inconnue")
    unnumbered = GRESILLES._replace(id=4, address="Place de la Mairie")
    elsewhere = CHENOVE._replace(id=5, insee_code="21231")  # not a street of Dijon's
    report = address_gaps([unknown, unnumbered, elsewhere], BAN)
    assert (report.compared, report.not_in_address_base, report.gaps) == (0, 2, ())


def test_the_threshold_is_the_caller_s() -> None:
    assert len(address_gaps([CHENOVE], BAN, threshold_m=1_000).gaps) == 0
    assert "Aucun lieu à plus de 1000 m" in format_report(address_gaps([CHENOVE], BAN, 1_000))
    text = format_report(address_gaps([CHENOVE], BAN))
    assert "1 lieu à plus de 100 m du point BAN :" in text
    assert "- n° 1 Espace Public Numérique de Chenôve, 2  place Pierre Meunier : " in text
