"""Pages of a listing (api/http/paging.py): where a page starts, and 404 past the last one."""

import pytest
from fastapi.testclient import TestClient

from api.http.errors import PageOutOfRange
from api.http.paging import page_start


@pytest.mark.parametrize(
    ("total", "page", "size", "start"),
    [(25, 1, 10, 0), (25, 2, 10, 10), (25, 3, 10, 20), (20, 2, 10, 10), (1, 1, 100, 0)],
)
def test_the_first_index_of_a_page(total: int, page: int, size: int, start: int) -> None:
    assert page_start(total, page, size) == start


def test_page_one_of_an_empty_listing_is_no_error() -> None:
    assert page_start(0, 1, 10) == 0


@pytest.mark.parametrize(
    ("total", "page", "size", "last"),
    [(25, 4, 10, 3), (20, 3, 10, 2), (1, 2, 100, 1), (68, 99, 50, 2)],
)
def test_past_the_last_page_is_out_of_range(total: int, page: int, size: int, last: int) -> None:
    with pytest.raises(PageOutOfRange) as refused:
        page_start(total, page, size)
    assert (refused.value.status_code, refused.value.kind) == (404, "page_out_of_range")
    assert refused.value.text.en == f"page {page} is past the last page ({last})"
    assert refused.value.detail == f"page : la page {page} est au-delà de la dernière ({last})"


def test_a_listing_pages_its_places(seeded_client: TestClient) -> None:
    total = seeded_client.get("/v1/access-points?size=1").json()["total"]
    last = (total - 1) // 50 + 1
    on_last = seeded_client.get(f"/v1/access-points?size=50&page={last}").json()
    assert len(on_last["items"]) == total - (last - 1) * 50
    past = seeded_client.get(
        f"/v1/access-points?size=50&page={last + 1}", headers={"Accept-Language": "en"}
    )
    assert past.status_code == 404
    assert past.json() == {
        "error": "page_out_of_range",
        "detail": f"page {last + 1} is past the last page ({last})",
    }
