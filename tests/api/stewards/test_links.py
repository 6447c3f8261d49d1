"""Steward links (api/stewards/links.py): issued for one place and one person, stored as a hash,
revocable, expiring; what the admin sees, and the pseudonym the city team reads."""

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from api.http.errors import AppError, NotFound
from api.stewards.links import (
    ACTOR_PREFIX,
    DEFAULT_DAYS,
    MAX_DAYS,
    MAX_NAME_LENGTH,
    StewardLinkRefused,
    StewardWrongPlace,
    actor,
    check_place,
    clean_email,
    clean_name,
    hash_token,
    is_steward,
    issue,
    listed,
    new_token,
    opaque_id,
    page_url,
    public,
    revoke,
    verify,
)
from models.access_point import AccessPoint
from models.steward import StewardLink


def place_ids(session: Session) -> list[int]:
    ids = session.exec(select(AccessPoint.id).order_by(AccessPoint.id)).all()  # type: ignore[arg-type]
    return [i for i in ids if i is not None][:2]


@pytest.fixture
def places(seeded_session: Session) -> tuple[int, int]:
    first, second = place_ids(seeded_session)
    return first, second


def test_an_issued_link_stores_the_hash_never_the_token(
    seeded_session: Session, places: tuple[int, int]
) -> None:
    before = datetime.now(UTC)
    link, token = issue(seeded_session, places[0], "  Camille   Durand ")
    stored = seeded_session.get(StewardLink, link.id)
    assert stored is not None
    assert re.fullmatch(rf"st_{stored.token_prefix}_[A-Za-z0-9_-]{{43}}", token)
    assert stored.token_hash == hash_token(token) == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.model_dump_json()
    assert (stored.access_point_id, stored.steward_name) == (places[0], "Camille Durand")
    expires = stored.expires_at.replace(tzinfo=UTC)  # SQLite gives it back naive
    assert (
        before + timedelta(days=DEFAULT_DAYS)
        <= expires
        <= datetime.now(UTC) + timedelta(days=DEFAULT_DAYS)
    )


def test_two_links_never_share_a_token(seeded_session: Session, places: tuple[int, int]) -> None:
    first, first_token = issue(seeded_session, places[0], "Camille Durand")
    second, second_token = issue(seeded_session, places[0], "Camille Durand")
    assert first.token_prefix != second.token_prefix and first_token != second_token


def test_a_link_for_no_place_is_not_found(seeded_session: Session) -> None:
    with pytest.raises(NotFound):
        issue(seeded_session, 999_999, "Camille Durand")


@pytest.mark.parametrize("days", [0, -1, MAX_DAYS + 1])
def test_a_duration_out_of_range_is_refused(
    seeded_session: Session, places: tuple[int, int], days: int
) -> None:
    with pytest.raises(ValueError, match=f"de 1 à {MAX_DAYS} jours"):
        issue(seeded_session, places[0], "Camille Durand", days=days)
    assert listed(seeded_session) == []


@pytest.mark.parametrize("days", [1, MAX_DAYS])
def test_the_bounds_of_the_duration_are_allowed(
    seeded_session: Session, places: tuple[int, int], days: int
) -> None:
    link, _token = issue(seeded_session, places[0], "Camille Durand", days=days)
    lasts = link.expires_at.replace(tzinfo=UTC) - datetime.now(UTC)
    assert timedelta(days=days) - timedelta(minutes=1) < lasts <= timedelta(days=days)


def test_names_are_trimmed_and_bounded() -> None:
    assert clean_name(" Camille\tDurand\n") == "Camille Durand"
    assert clean_name("x" * MAX_NAME_LENGTH) == "x" * MAX_NAME_LENGTH
    with pytest.raises(ValueError, match="vide"):
        clean_name(" \t ")
    with pytest.raises(ValueError, match=f"dépasse {MAX_NAME_LENGTH} caractères"):
        clean_name("x" * (MAX_NAME_LENGTH + 1))


def test_the_actor_fits_the_audit_column(seeded_session: Session, places: tuple[int, int]) -> None:
    link, _token = issue(seeded_session, places[0], "é" * MAX_NAME_LENGTH)
    assert actor(link) == ACTOR_PREFIX + "é" * MAX_NAME_LENGTH
    assert len(actor(link)) == 100
    assert is_steward(actor(link))
    assert not is_steward("key:ville") and not is_steward("admin")


def test_the_pseudonym_is_stable_and_hides_the_name() -> None:
    pseudonym = opaque_id("steward:Camille Durand")
    assert re.fullmatch(r"steward:[0-9a-f]{16}", pseudonym)
    assert pseudonym == opaque_id("steward:Camille Durand")
    assert pseudonym != opaque_id("steward:Camille Martin")
    assert "Camille" not in pseudonym


def test_the_admin_view_carries_no_token_and_aware_times(
    seeded_session: Session, places: tuple[int, int]
) -> None:
    link, token = issue(seeded_session, places[0], "Camille Durand")
    seeded_session.expire_all()
    shown = public(seeded_session.get(StewardLink, link.id))  # type: ignore[arg-type]
    assert "token_hash" not in shown.model_dump()
    assert token not in shown.model_dump_json()
    assert shown.actor_id == opaque_id("steward:Camille Durand")
    assert shown.created_at.tzinfo is not None and shown.expires_at.tzinfo is not None
    assert (shown.revoked_at, shown.last_used_at) == (None, None)
    assert shown.token_prefix == link.token_prefix


def test_a_token_opens_its_link(seeded_session: Session, places: tuple[int, int]) -> None:
    link, token = issue(seeded_session, places[0], "Camille Durand")
    assert verify(seeded_session, token, datetime.now(UTC)).id == link.id
    assert page_url(token) == f"/intendance/{token}"


def refusal(session: Session, token: str, now: datetime) -> StewardLinkRefused:
    with pytest.raises(StewardLinkRefused) as refused:
        verify(session, token, now)
    assert refused.value.status_code == 401
    return refused.value


def test_an_unknown_or_altered_token_is_invalid(
    seeded_session: Session, places: tuple[int, int]
) -> None:
    _link, token = issue(seeded_session, places[0], "Camille Durand")
    now = datetime.now(UTC)
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for wrong in (altered, "st_0123456789ab_" + token.split("_", 2)[2], "", "st_"):
        assert refusal(seeded_session, wrong, now).kind == "steward_link_invalid"
    # The kind belongs to that refusal, not to the class.
    assert StewardLinkRefused.kind == AppError.kind


def test_a_revoked_link_opens_nothing_and_keeps_its_first_revocation(
    seeded_session: Session, places: tuple[int, int]
) -> None:
    link, token = issue(seeded_session, places[0], "Camille Durand")
    first = revoke(seeded_session, link.id)  # type: ignore[arg-type]
    revoked_at = first.revoked_at
    assert revoked_at is not None
    again = revoke(seeded_session, link.id)  # type: ignore[arg-type]
    assert again.revoked_at == revoked_at
    assert refusal(seeded_session, token, datetime.now(UTC)).kind == "steward_link_revoked"


def test_revoking_no_link_is_not_found(seeded_session: Session) -> None:
    with pytest.raises(NotFound):
        revoke(seeded_session, 999_999)


def test_a_link_expires_at_its_moment(seeded_session: Session, places: tuple[int, int]) -> None:
    link, token = issue(seeded_session, places[0], "Camille Durand", days=1)
    seeded_session.expire_all()
    expires = seeded_session.get(StewardLink, link.id).expires_at.replace(tzinfo=UTC)  # type: ignore[union-attr]
    assert verify(seeded_session, token, expires - timedelta(seconds=1)).id == link.id
    expired = refusal(seeded_session, token, expires)
    assert expired.kind == "steward_link_expired"
    assert f"a expiré le {expires:%d/%m/%Y}" in expired.detail


def test_a_link_serves_its_own_place_only(seeded_session: Session, places: tuple[int, int]) -> None:
    link, _token = issue(seeded_session, places[0], "Camille Durand")
    check_place(link, places[0])
    with pytest.raises(StewardWrongPlace) as refused:
        check_place(link, places[1])
    assert (refused.value.status_code, refused.value.kind) == (403, "steward_wrong_place")


def test_links_are_listed_oldest_first_all_or_by_place(
    seeded_session: Session, places: tuple[int, int]
) -> None:
    a, _ = issue(seeded_session, places[0], "Camille Durand")
    b, _ = issue(seeded_session, places[1], "Dominique Petit")
    c, _ = issue(seeded_session, places[0], "Sacha Bernard")
    assert [link.id for link in listed(seeded_session)] == [a.id, b.id, c.id]
    assert [link.id for link in listed(seeded_session, places[0])] == [a.id, c.id]
    assert listed(seeded_session, 999_999) == []


def test_an_email_is_kept_for_reminders_and_checked(
    seeded_session: Session, places: tuple[int, int]
) -> None:
    link, _token = issue(seeded_session, places[0], "Camille", email="  camille@example.fr ")
    assert link.email == "camille@example.fr"
    assert public(link).email == "camille@example.fr"
    for bad in ("camille", "a b@example.fr", "x@y", "a@b.fr\nBcc: z@z.fr"):
        with pytest.raises(ValueError, match="non reconnue"):
            clean_email(bad)
    assert clean_email("  ") is None


def test_a_reminders_token_opens_the_same_link_and_the_first_still_does(
    seeded_session: Session, places: tuple[int, int]
) -> None:
    link, token = issue(seeded_session, places[0], "Camille", email="c@example.fr")
    mailed, prefix = new_token()
    link.mail_token_prefix, link.mail_token_hash = prefix, hash_token(mailed)
    seeded_session.add(link)
    seeded_session.commit()
    now = datetime.now(UTC)
    assert verify(seeded_session, mailed, now).id == link.id
    assert verify(seeded_session, token, now).id == link.id
    with pytest.raises(AppError):
        verify(seeded_session, mailed[:-2] + "xx", now)
    revoke(seeded_session, link.id or 0)
    with pytest.raises(AppError):
        verify(seeded_session, mailed, now)
