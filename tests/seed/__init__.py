"""Tests of the seed package; the communes the converters need, from the project's seed."""

from models.commune import Commune, CommuneBase
from seed.loader import COMMUNES_FILE, read_seed_file


def seed_communes() -> list[Commune]:
    """The 23 communes of Dijon Métropole, validated, as seed/data holds them."""
    return [
        Commune.model_validate(CommuneBase.model_validate(entry).model_dump())
        for entry in read_seed_file(COMMUNES_FILE)["communes"]
    ]
