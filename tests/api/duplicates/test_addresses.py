"""api.duplicates.addresses: keys from the geocoder's normaliser, and how two compare."""

from api.duplicates.addresses import AddressKey, address_key, compare_addresses


def test_address_key_spacing_abbreviation_and_range() -> None:
    assert address_key("14  rue Camille Claudel") == AddressKey("14", "rue camille claudel")
    assert address_key("14 r. Camille-Claudel") == AddressKey("14", "rue camille claudel")
    assert address_key("3-5 rue Jean XXIII") == AddressKey("3", "rue jean xxiii")


def test_address_key_bis_and_postal_box() -> None:
    assert address_key("14 bis rue Jeanne d'Arc") == AddressKey("14 bis", "rue jeanne d arc")
    key = address_key("Mairie de Longvic - Allée de la Mairie - BP 77")
    assert key.number is None
    assert key.street is not None and "allee de la mairie" in key.street


def test_address_key_empty() -> None:
    assert address_key("") == AddressKey(None, None)
    assert address_key(None) == AddressKey(None, None)
    assert address_key("   ") == AddressKey(None, None)


def test_compare_addresses_cases() -> None:
    same = address_key("2 allée de Grenoble")
    assert compare_addresses(same, address_key("2  Allée de Grenoble")) == "same"
    assert compare_addresses(same, address_key("allée de Grenoble")) == "same_street"
    assert compare_addresses(same, address_key("4 allée de Grenoble")) == "number_differs"
    assert compare_addresses(same, address_key("2 rue de Grenoble")) == "same"
    assert compare_addresses(same, address_key("2 rue Balzac")) == "differs"
    assert compare_addresses(same, AddressKey(None, None)) == "unknown"


def test_compare_addresses_joined_corner() -> None:
    joined = address_key("3 allée des Jardins - 2A boulevard Olivier de Serres")
    assert compare_addresses(joined, address_key("3 allée des jardins")) == "same"
