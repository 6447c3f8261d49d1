"""Setting a place's review period (city team or steward), audited in the place's history."""

from datetime import UTC, datetime

from sqlmodel import Session

from api.http.errors import NotFound
from api.read_model.holder import ReadModel
from models.access_point import AccessPoint
from seed import audit
from seed.locking import begin_write
from seed.upsert import bump_data_version


def set_period(
    session: Session,
    place_id: int,
    months: int | None,
    actor: str,
    read_model: ReadModel | None,
) -> AccessPoint:
    """Store the period (1, 3, 6, 12 or None for never) on the version current now."""
    begin_write(session)
    place = session.get(AccessPoint, place_id, with_for_update=True, populate_existing=True)
    if place is None:
        raise NotFound(
            f"aucun lieu n'a l'identifiant {place_id}", en=f"no access point with id {place_id}"
        )
    before = place.review_period_months
    if before == months:
        session.rollback()
        return place
    place.review_period_months = months
    place.updated_at = datetime.now(UTC)
    session.add(place)
    changes = {"review_period_months": {"before": before, "after": months}}
    audit.record(session, place_id, actor, "review_period", changes)
    # The due day readers are told moves: they learn it as they learn any write.
    bump_data_version(session, places=[place_id])
    session.commit()
    session.refresh(place)
    if read_model is not None:
        read_model.publish()
    return place
