"""api/places/writes.py: a write checks the version it was based on (If-Match), stores the
place, audits the change, bumps the data version and logs the place for other readers; a
refused write leaves everything as it was."""

from collections.abc import Iterator
from datetime import date
from typing import Any

import orjson
import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from api.http.errors import (
    Conflict,
    InvalidBody,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
)
from api.http.etag import InvalidIfMatch, etag_of
from api.outbox.subscriptions import SubscriptionCreate, create
from api.places import writes
from api.read_model import ReadModel
from api.read_model.queries import data_version
from models.access_point import AccessPoint, AccessPointCreate
from models.audit import AuditEntry
from models.outbox import Event, OutboxMessage
from models.place_change import PlaceChange
from models.vocabulary import PlaceStatus
from seed.loader import ACCESS_POINTS_FILE, read_seed_file
from seed.upsert import version_json

SEED = read_seed_file(ACCESS_POINTS_FILE)["access_points"]
GRESILLES: dict[str, Any] = next(e for e in SEED if e["name"] == "PANDA Grésilles")
ACTOR = "city-team"


@pytest.fixture
def read_model(engine: Engine) -> Iterator[ReadModel]:
    yield ReadModel(engine)


def audit_of(session: Session, place_id: int) -> list[tuple[str, str, dict[str, Any]]]:
    rows = session.exec(
        select(AuditEntry).where(AuditEntry.access_point_id == place_id).order_by(AuditEntry.id)
    ).scalars()
    return [(e.actor, e.action, e.changes) for e in rows]


def logged(session: Session, version: int) -> list[int | None]:
    table = PlaceChange.__table__  # type: ignore[attr-defined]
    rows = session.execute(select(table.c.place_id).where(table.c.version == version))
    return [r for (r,) in rows]


def etag(place: AccessPoint) -> str:
    return etag_of(version_json(place))


def stored_place(session: Session, read_model: ReadModel, entry: dict[str, Any]) -> AccessPoint:
    return writes.create(
        session, AccessPointCreate.model_validate(entry), ACTOR, read_model=read_model
    )


def test_a_write_without_if_match_is_refused_with_428_naming_the_place() -> None:
    with pytest.raises(PreconditionRequired) as caught:
        writes.require_if_match(None, 12)
    assert caught.value.status_code == 428
    assert "GET /v1/access-points/12" in caught.value.detail
    assert "GET /v1/access-points/12" in caught.value.text.en


@pytest.mark.parametrize("header", ['"abc"', "*", 'W/"abc", "def"'])
def test_a_well_formed_if_match_is_kept_as_sent(header: str) -> None:
    assert writes.require_if_match(header, 12) == header


@pytest.mark.parametrize("header", ["abc", '"abc", *', ""])
def test_a_malformed_if_match_is_refused(header: str) -> None:
    with pytest.raises(InvalidIfMatch):
        writes.require_if_match(header, 12)


def test_validated_names_each_bad_field() -> None:
    with pytest.raises(InvalidBody) as caught:
        writes.validated(GRESILLES | {"postcode": "2100", "phone": "0380"})
    assert caught.value.status_code == 422
    assert "postcode" in caught.value.detail and "phone" in caught.value.detail
    assert writes.validated(GRESILLES).name == "PANDA Grésilles"


def test_create_stores_audits_and_bumps_the_version(
    session: Session, read_model: ReadModel
) -> None:
    before = data_version(session)
    place = stored_place(session, read_model, GRESILLES)
    assert place.id is not None
    version = data_version(session)
    assert version == before + 1
    assert logged(session, version) == [place.id]
    [(actor, action, changes)] = audit_of(session, place.id)
    assert (actor, action) == (ACTOR, "create")
    assert changes["name"] == {"before": None, "after": "PANDA Grésilles"}
    assert changes["phone"] == {"before": None, "after": "+33380488414"}
    session.expunge_all()
    stored = session.get(AccessPoint, place.id)
    assert stored is not None and stored.address == "14 rue Camille Claudel"
    # This process's readers see the place at once.
    assert read_model.current.version == version
    assert read_model.current.places[read_model.current.by_id[place.id]].name == "PANDA Grésilles"


def test_create_of_an_existing_source_id_is_a_conflict_and_writes_nothing(
    session: Session, read_model: ReadModel
) -> None:
    first = stored_place(session, read_model, GRESILLES)
    version = data_version(session)
    with pytest.raises(Conflict) as caught:
        stored_place(session, read_model, GRESILLES | {"name": "Doublon"})
    assert caught.value.status_code == 409
    assert "mednumBFC_TL_2_" in caught.value.detail
    assert data_version(session) == version
    names = session.exec(select(AccessPoint.name)).scalars().all()
    assert names == ["PANDA Grésilles"]
    assert [a for _, a, _ in audit_of(session, first.id or 0)] == ["create"]


def test_before_commit_sees_the_stored_place_inside_the_transaction(
    session: Session, read_model: ReadModel
) -> None:
    seen: list[tuple[int | None, str]] = []

    def remember(place: AccessPoint) -> None:
        seen.append((place.id, place.name))

    place = writes.create(
        session,
        AccessPointCreate.model_validate(GRESILLES),
        ACTOR,
        read_model=read_model,
        before_commit=remember,
    )
    assert seen == [(place.id, "PANDA Grésilles")]


def test_a_failing_before_commit_leaves_nothing_stored(
    session: Session, read_model: ReadModel
) -> None:
    def refuse(_place: AccessPoint) -> None:
        raise RuntimeError("the answer could not be kept")

    with pytest.raises(RuntimeError):
        writes.create(
            session,
            AccessPointCreate.model_validate(GRESILLES),
            ACTOR,
            read_model=read_model,
            before_commit=refuse,
        )
    session.rollback()
    assert session.exec(select(AccessPoint.id)).scalars().all() == []
    assert data_version(session) == 0
    assert session.exec(select(AuditEntry.id)).scalars().all() == []


def test_load_for_write_takes_the_current_etag_or_star(
    session: Session, read_model: ReadModel
) -> None:
    place = stored_place(session, read_model, GRESILLES)
    current = etag(place)
    # The tag readers are served is the one a write must send back.
    assert read_model.current.etags[read_model.current.by_id[place.id]] == current
    assert writes.load_for_write(session, place.id or 0, current).id == place.id
    session.rollback()
    assert writes.load_for_write(session, place.id or 0, "*").id == place.id
    session.rollback()
    assert writes.load_for_write(session, place.id or 0, f'"old", {current}').id == place.id


def test_load_for_write_refuses_an_old_or_weak_tag_and_tells_the_current_one(
    session: Session, read_model: ReadModel
) -> None:
    place = stored_place(session, read_model, GRESILLES)
    current = etag(place)
    for stale in ('"0123456789abcdef01234567"', f"W/{current}"):
        with pytest.raises(PreconditionFailed) as caught:
            writes.load_for_write(session, place.id or 0, stale)
        session.rollback()
        assert caught.value.status_code == 412
        assert caught.value.headers == {"ETag": current}


def test_load_for_write_of_an_unknown_place_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound, match="9999"):
        writes.load_for_write(session, 9_999, "*")


def test_replace_audits_only_the_changed_fields_and_moves_the_etag(
    session: Session, read_model: ReadModel
) -> None:
    place = stored_place(session, read_model, GRESILLES)
    old_tag, old_time, version = etag(place), place.updated_at, data_version(session)
    hours = "Mo-Fr 09:00-12:00"
    writes.replace(
        session,
        place,
        writes.validated(GRESILLES | {"opening_hours": hours}),
        ACTOR,
        read_model=read_model,
    )
    assert place.opening_hours == hours
    assert etag(place) != old_tag
    assert place.updated_at >= old_time
    assert data_version(session) == version + 1
    assert logged(session, version + 1) == [place.id]
    _, action, changes = audit_of(session, place.id or 0)[-1]
    assert action == "update"
    assert changes == {"opening_hours": {"before": GRESILLES["opening_hours"], "after": hours}}


def test_replace_with_the_same_facts_writes_nothing(
    session: Session, read_model: ReadModel
) -> None:
    place = stored_place(session, read_model, GRESILLES)
    version, updated = data_version(session), place.updated_at
    same = writes.replace(
        session, place, writes.validated(dict(GRESILLES)), ACTOR, read_model=read_model
    )
    assert same is place and same.updated_at == updated
    assert data_version(session) == version
    assert [a for _, a, _ in audit_of(session, place.id or 0)] == ["create"]


def test_replace_onto_another_places_source_id_is_a_conflict(
    session: Session, read_model: ReadModel
) -> None:
    stored_place(session, read_model, SEED[0])
    second = stored_place(session, read_model, GRESILLES)
    second_id, version = second.id, data_version(session)
    with pytest.raises(Conflict):
        writes.replace(
            session,
            second,
            writes.validated(GRESILLES | {"source_id": SEED[0]["source_id"]}),
            ACTOR,
            read_model=read_model,
        )
    session.expunge_all()
    stored = session.get(AccessPoint, second_id)
    assert stored is not None and stored.source_id == GRESILLES["source_id"]
    assert data_version(session) == version


def test_close_keeps_the_place_and_its_history(session: Session, read_model: ReadModel) -> None:
    place = stored_place(session, read_model, GRESILLES)
    writes.close(session, place, ACTOR, read_model=read_model)
    session.expunge_all()
    stored = session.get(AccessPoint, place.id)
    assert stored is not None and stored.status is PlaceStatus.CLOSED
    assert audit_of(session, place.id or 0)[-1] == (
        ACTOR,
        "update",
        {"status": {"before": "open", "after": "closed"}},
    )


def test_delete_removes_the_row_but_not_its_history(
    session: Session, read_model: ReadModel
) -> None:
    place = stored_place(session, read_model, GRESILLES)
    place_id, version = place.id or 0, data_version(session)
    writes.delete(session, place, ACTOR, read_model=read_model)
    assert session.get(AccessPoint, place_id) is None
    assert data_version(session) == version + 1
    assert logged(session, version + 1) == [place_id]
    actor, action, changes = audit_of(session, place_id)[-1]
    assert (actor, action) == (ACTOR, "delete")
    assert changes["name"] == {"before": "PANDA Grésilles", "after": None}
    assert place_id not in read_model.current.by_id


def test_public_gives_the_credit_and_the_publication_date_readers_give(
    seeded_session: Session,
) -> None:
    undated = seeded_session.exec(
        select(AccessPoint).where(AccessPoint.name == "PANDA Chevreul")
    ).scalar_one()
    answer = writes.public(undated)
    assert answer.source_attribution == "MedNum BFC (multi-coop/data-bfc-ternum)"
    assert (answer.facts_date, answer.facts_date_basis) == (date(2022, 12, 30), "publication")
    dated = seeded_session.exec(
        select(AccessPoint).where(AccessPoint.name == "PANDA Grésilles")
    ).scalar_one()
    assert writes.public(dated).facts_date == date(2021, 3, 5)
    assert writes.public(dated).model_dump(mode="json")["id"] == dated.id


def test_public_of_a_source_never_loaded_has_no_date(
    session: Session, read_model: ReadModel
) -> None:
    place = stored_place(session, read_model, GRESILLES | {"source_updated_on": None})
    # No data_source row: the known credit of the source, and no date anyone stated.
    answer = writes.public(place)
    assert answer.source_attribution == "MedNum BFC (multi-coop/data-bfc-ternum)"
    assert (answer.facts_date, answer.facts_date_basis) == (None, None)


def test_each_write_tells_place_changed_subscribers_in_its_transaction(
    session: Session, read_model: ReadModel
) -> None:
    create(session, SubscriptionCreate(url="https://a.fr/", events=[Event.PLACE_CHANGED]), "t")
    place = stored_place(session, read_model, GRESILLES)
    created = data_version(session)
    changed = writes.validated(GRESILLES | {"phone": "+33380000000"})
    writes.replace(session, place, changed, ACTOR, read_model)
    writes.replace(session, place, changed, ACTOR, read_model)  # no change: nothing told
    writes.delete(session, place, ACTOR, read_model)
    rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()  # type: ignore[arg-type]
    assert [orjson.loads(r.body)["data"] for r in rows] == [
        {"place_id": place.id, "version": created, "change": "created"},
        {"place_id": place.id, "version": created + 1, "change": "updated"},
        {"place_id": place.id, "version": created + 2, "change": "deleted"},
    ]
