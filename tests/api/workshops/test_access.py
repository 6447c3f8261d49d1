"""Who may manage a workshop or see a registration (api/workshops/access.py): the rules as pure
functions, and the steward token admitted in place of a key, without HTTP."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.requests import Request

from api.http.errors import Forbidden, RateLimited
from api.stewards import links as stewards
from api.stewards.links import StewardLinkRefused, StewardWrongPlace
from api.workshops import access, routes_registrations, routes_write
from api.workshops.access import (
    Actor,
    actor_of,
    admit_steward,
    ensure_manager,
    may_manage,
    may_see,
    presented_steward_token,
    steward_actor,
)
from models.api_key import ApiKey, Scope
from models.registration import Registration, RegistrationStatus
from models.steward import StewardLink
from models.workshop import Workshop
from tests.api.workshops.conftest import ADMIN, CHENOVE, COUNSELLOR, GRESILLES, Store

ORGANISER, OTHER_PLACE = 7, 8


def _workshop(organiser_id: int = ORGANISER, venue_id: int = OTHER_PLACE) -> Workshop:
    return Workshop(
        id=1, title="Je recherche, je me connecte", organiser_id=organiser_id, venue_id=venue_id
    )


def _booked_by(key_id: int) -> Registration:
    return Registration(
        id=1,
        session_id=1,
        first_name="Nadia",
        last_initial="B",
        counsellor_name="Claire Martin",
        counsellor_agency="France Travail Dijon Ouest",
        consent=True,
        status=RegistrationStatus.REGISTERED,
        booking_key_id=key_id,
    )


def _steward_of(place_id: int) -> Actor:
    return Actor(name="steward:Camille Martin", key_id=None, admin=False, steward_of=place_id)


def _request(headers: dict[str, str], app: FastAPI | None = None) -> Request:
    scope: dict[str, Any] = {
        "type": "http",
        "method": "POST",
        "path": "/v1/registrations/1/cancel",
        "query_string": b"",
        "headers": [(name.lower().encode(), value.encode()) for name, value in headers.items()],
        "app": app or FastAPI(),
    }
    return Request(scope)


def test_a_keys_label_names_its_id_and_name_a_stewards_only_its_name() -> None:
    assert Actor(name="conseillere", key_id=12, admin=False).label == "key:12:conseillere"
    assert _steward_of(ORGANISER).label == "steward:Camille Martin"


def test_an_admin_key_is_an_admin_actor_a_register_key_is_not() -> None:
    admin = actor_of(ApiKey(id=4, name="métropole", prefix="a", key_hash="h", scopes=["admin"]))
    counsellor = actor_of(
        ApiKey(id=5, name="conseillère", prefix="b", key_hash="h", scopes=["register"])
    )
    assert admin == Actor(name="métropole", key_id=4, admin=True, steward_of=None)
    assert counsellor == Actor(name="conseillère", key_id=5, admin=False, steward_of=None)


def test_a_steward_link_gives_an_actor_of_its_place_with_no_key() -> None:
    link = StewardLink(
        id=3,
        access_point_id=ORGANISER,
        steward_name="Camille Martin",
        token_prefix="p",
        token_hash="h",
        expires_at=datetime(2030, 1, 1, tzinfo=UTC),
    )
    actor = steward_actor(link)
    assert (actor.name, actor.key_id, actor.admin, actor.steward_of) == (
        "steward:Camille Martin",
        None,
        False,
        ORGANISER,
    )


@pytest.mark.parametrize(
    ("actor", "manages"),
    [
        (ADMIN, True),
        (COUNSELLOR, False),
        (_steward_of(ORGANISER), True),
        # The venue's steward does not manage a workshop another place organises there.
        (_steward_of(OTHER_PLACE), False),
    ],
)
def test_admins_and_the_organisers_stewards_manage_a_workshop(actor: Actor, manages: bool) -> None:
    assert may_manage(actor, _workshop()) is manages


@pytest.mark.parametrize(
    ("actor", "sees"),
    [
        (COUNSELLOR, True),  # the key that booked
        (Actor(name="autre", key_id=99, admin=False), False),
        (ADMIN, True),
        (_steward_of(ORGANISER), True),
        (_steward_of(OTHER_PLACE), False),
    ],
)
def test_a_registration_is_seen_by_its_booking_key_and_the_managers(
    actor: Actor, sees: bool
) -> None:
    assert may_see(actor, _workshop(), _booked_by(COUNSELLOR.key_id or 0)) is sees


def test_a_steward_without_key_never_matches_a_registration_booked_with_no_key() -> None:
    # booking_key_id 0 is what a booking stores without a key id: no steward reads it by that.
    assert may_see(_steward_of(OTHER_PLACE), _workshop(), _booked_by(0)) is False


def test_ensure_manager_lets_managers_through_and_refuses_others_by_kind() -> None:
    ensure_manager(ADMIN, _workshop())
    ensure_manager(_steward_of(ORGANISER), _workshop())
    with pytest.raises(StewardWrongPlace) as wrong_place:
        ensure_manager(_steward_of(OTHER_PLACE), _workshop())
    assert (wrong_place.value.status_code, wrong_place.value.kind) == (403, "steward_wrong_place")
    assert "celui d'un autre lieu" in wrong_place.value.detail
    with pytest.raises(Forbidden) as forbidden:
        ensure_manager(COUNSELLOR, _workshop())
    assert (forbidden.value.status_code, forbidden.value.kind) == (403, "forbidden")
    assert forbidden.value.detail == (
        "seuls les administrateurs et les référents du lieu organisateur gèrent cet atelier"
    )


@pytest.mark.parametrize(
    ("headers", "token"),
    [
        ({"X-Steward-Token": "st_abc_def"}, "st_abc_def"),
        ({"X-Steward-Token": ""}, None),
        ({}, None),
        # A key sent too wins: the token is not even looked at.
        ({"X-Steward-Token": "st_abc_def", "Authorization": "Bearer pk_x_y"}, None),
        ({"X-Steward-Token": "st_abc_def", "X-API-Key": "pk_x_y"}, None),
        # A bare "Bearer" is no key: the token is used.
        ({"X-Steward-Token": "st_abc_def", "Authorization": "Bearer "}, "st_abc_def"),
    ],
)
def test_the_steward_token_is_read_only_when_no_key_is_sent(
    headers: dict[str, str], token: str | None
) -> None:
    assert presented_steward_token(_request(headers)) == token


def _issue(store: Store, place: str, **options: Any) -> tuple[StewardLink, str]:
    return stewards.issue(store.session, store.place(place), "Camille Martin", **options)


def test_admit_steward_gives_the_link_of_a_valid_token(store: Store) -> None:
    link, token = _issue(store, GRESILLES)
    admitted = admit_steward(_request({"X-Steward-Token": token}), store.session)
    assert (admitted.id, admitted.access_point_id) == (link.id, store.place(GRESILLES))


def test_admit_steward_refuses_unknown_revoked_and_missing_tokens(store: Store) -> None:
    link, token = _issue(store, GRESILLES)
    kinds = []
    for headers in ({"X-Steward-Token": token[:-4] + "AAAA"}, {}):
        with pytest.raises(StewardLinkRefused) as refused:
            admit_steward(_request(headers), store.session)
        kinds.append(refused.value.kind)
    stewards.revoke(store.session, link.id or 0)
    with pytest.raises(StewardLinkRefused) as revoked:
        admit_steward(_request({"X-Steward-Token": token}), store.session)
    assert [*kinds, revoked.value.kind] == [
        "steward_link_invalid",
        "steward_link_invalid",
        "steward_link_revoked",
    ]
    assert revoked.value.status_code == 401


class _Limits:
    """Counts steward writes; refuses from the second."""

    class Refusal:
        detail = "trop d'écritures avec ce lien d'intendance"

        def headers(self) -> dict[str, str]:
            return {"Retry-After": "60"}

    def __init__(self) -> None:
        self.counted: list[int] = []

    def steward_write(self, link_id: int) -> "_Limits.Refusal | None":
        self.counted.append(link_id)
        return self.Refusal() if len(self.counted) > 1 else None


def test_each_admission_counts_against_the_links_own_limit(store: Store) -> None:
    link, token = _issue(store, CHENOVE)
    app = FastAPI()
    app.state.rate_limits = limits = _Limits()
    admit_steward(_request({"X-Steward-Token": token}, app), store.session)
    with pytest.raises(RateLimited) as refused:
        admit_steward(_request({"X-Steward-Token": token}, app), store.session)
    assert limits.counted == [link.id, link.id]
    assert refused.value.headers == {"Retry-After": "60"}
    assert refused.value.detail == "trop d'écritures avec ce lien d'intendance"


def test_an_expired_link_is_refused_before_it_is_counted(store: Store) -> None:
    link, token = _issue(store, CHENOVE)
    link.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    store.session.add(link)
    store.session.commit()
    app = FastAPI()
    app.state.rate_limits = limits = _Limits()
    with pytest.raises(StewardLinkRefused) as refused:
        admit_steward(_request({"X-Steward-Token": token}, app), store.session)
    assert (refused.value.kind, limits.counted) == ("steward_link_expired", [])


def test_the_keeper_dependency_takes_a_steward_token_or_else_the_key(store: Store) -> None:
    keeper = access._key_or_steward(Scope.REGISTER)
    _link, token = _issue(store, GRESILLES)
    by_token = keeper(_request({"X-Steward-Token": token}), store.session)
    assert (by_token.steward_of, by_token.key_id) == (store.place(GRESILLES), None)
    # With a key too, the key is used (admitted earlier by the route, in request.state).
    both = _request({"X-Steward-Token": token, "Authorization": "Bearer pk_k_s"})
    both.state.api_key = ApiKey(
        id=9, name="conseillère", prefix="k", key_hash="h", scopes=["register"]
    )
    by_key = keeper(both, store.session)
    assert (by_key.key_id, by_key.steward_of, by_key.admin) == (9, None, False)


def test_a_link_admitted_before_the_body_is_taken_without_another_check(store: Store) -> None:
    link, _token = _issue(store, GRESILLES)
    stewards.revoke(store.session, link.id or 0)  # a second check would refuse it
    request = _request({"X-Steward-Token": "st_already_admitted"})
    request.state.steward_link = link
    actor = access._key_or_steward(Scope.ADMIN)(request, store.session)
    assert actor.steward_of == store.place(GRESILLES)


def _route(router: Any, path: str, method: str) -> APIRoute:
    return next(
        r
        for r in router.routes
        if isinstance(r, APIRoute) and r.path == path and method in (r.methods or set())
    )


def test_booking_admits_keys_only_while_the_keepers_routes_admit_stewards() -> None:
    router = routes_registrations.router
    booking = _route(router, "/v1/sessions/{session_id}/registrations", "POST")
    listing = _route(router, "/v1/sessions/{session_id}/registrations", "GET")
    cancelling = _route(router, "/v1/registrations/{registration_id}/cancel", "POST")
    writing = _route(routes_write.router, "/v1/workshops", "POST")
    assert [
        access._admits_steward(r.dependant) for r in (booking, listing, cancelling, writing)
    ] == [
        False,
        True,
        True,
        True,
    ]
