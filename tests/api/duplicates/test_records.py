"""api.duplicates.records: a place prepared for comparison."""

from api.duplicates.addresses import AddressKey
from api.duplicates.records import commune_key
from tests.api.duplicates.factory import record


def test_prepare_reads_keys_from_place() -> None:
    prepared = record(
        id=7,
        name="MSAP Arnay-le-Duc",
        address="3 rue de la Gare",
        postcode="21230",
        commune="ARNAY LE DUC",
        phone="+33380901755",
        emails=["Accueil@csarnayleduc.fr"],
        websites=["https://csarnayleduc.fr"],
    )
    assert prepared.id == 7
    assert prepared.commune_key == "21:arnay le duc"
    assert prepared.address_key == AddressKey("3", "rue de la gare")
    assert prepared.emails == {"accueil@csarnayleduc.fr"}
    assert prepared.domains == {"csarnayleduc.fr"}
    assert prepared.websites == {"csarnayleduc.fr"}
    assert prepared.name_parts.network


def test_prepare_address_that_repeats_the_name_says_no_street() -> None:
    prepared = record(name="Couveuse Potentiel", address="Couveuse Potentiel")
    assert prepared.address_key == AddressKey(None, None)


def test_commune_key_saint_spelt_out() -> None:
    assert commune_key("21800", "CHEVIGNY ST SAUVEUR") == "21:chevigny saint sauveur"
