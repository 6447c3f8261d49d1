"""The most places the service stores (PANDA_MAX_PLACES): an import past it writes nothing."""

from collections.abc import Iterable, Iterator

from sqlalchemy import Table, func, select
from sqlmodel import Session

from models.access_point import AccessPoint
from seed.locking import hold_writers

DEFAULT_MAX_PLACES = 500_000
PLACES: Table = AccessPoint.__table__  # type: ignore[attr-defined]
_BATCH = 500
_LOCK_KEY = 0x70616E6461494D  # "pandaIM": one import at a time counts and writes


class TooManyPlaces(ValueError):
    """The import would store more places than allowed; `en` is the message in English."""

    code = "too_many_places"

    def __init__(self, stored: int, new: int, limit: int) -> None:
        self.stored, self.new, self.limit = stored, new, limit
        super().__init__(
            f"import refusé, rien n'a été écrit : il ajouterait {new} lieux aux {stored} déjà "
            f"enregistrés, soit {stored + new}, au-delà de la limite de {limit} "
            "(PANDA_MAX_PLACES)"
        )
        self.en = (
            f"import refused, nothing written: it would add {new} places to the {stored} "
            f"stored, {stored + new} in all, above the limit of {limit} (PANDA_MAX_PLACES)"
        )


def check_place_limit(session: Session, keys: Iterable[tuple[str, str]], limit: int) -> None:
    """Raise TooManyPlaces if storing these (source, source_id) would pass the limit.

    Holds the writers off until the transaction ends (the database's write lock on SQLite,
    an advisory lock that every import takes on PostgreSQL): two imports at once cannot both
    count the same room under the limit.
    """
    hold_writers(session, _LOCK_KEY)
    listed = list(keys)
    stored = session.execute(select(func.count()).select_from(PLACES)).scalar_one()
    if stored + len(listed) <= limit:
        return  # even if every place were new
    new = len(listed) - _already_stored(session, listed)
    if stored + new > limit:
        raise TooManyPlaces(stored, new, limit)


def _already_stored(session: Session, keys: list[tuple[str, str]]) -> int:
    found = 0
    for source, ids in _by_source(keys):
        statement = select(func.count()).where(
            PLACES.c.source == source, PLACES.c.source_id.in_(ids)
        )
        found += session.execute(statement).scalar_one()
    return found


def _by_source(keys: list[tuple[str, str]]) -> Iterator[tuple[str, list[str]]]:
    ids: dict[str, list[str]] = {}
    for source, source_id in keys:
        ids.setdefault(source, []).append(source_id)
    for source in sorted(ids):
        for start in range(0, len(ids[source]), _BATCH):
            yield source, ids[source][start : start + _BATCH]
