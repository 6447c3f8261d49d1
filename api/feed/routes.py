"""GET /v1/changes: every place created, changed or deleted, in commit order, by cursor."""

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import SessionDep
from api.feed.answers import ChangesAnswer, page_out
from api.feed.cursor import PATTERN, START, read_cursor
from api.feed.log import Ahead, Expired, read_page
from api.http.errors import CursorExpired, CursorUnknown, responses

router = APIRouter(prefix="/v1/changes", tags=["sync"])


@router.get(
    "",
    response_model=ChangesAnswer,
    operation_id="listChanges",
    responses=responses(410, 422),
)
def list_changes(
    session: SessionDep,
    since: Annotated[
        str | None,
        Query(
            pattern=PATTERN,
            description="The cursor to continue from (`next` of the last page, or the "
            "`X-Changes-Cursor` of an export). Absent: from the first change the log holds, "
            "which is 410 when the log no longer starts at the beginning.",
            examples=["1234"],
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Entries per page, at most.")] = 100,
) -> ChangesAnswer:
    """Places created, changed and deleted after the cursor, oldest change first."""
    after = read_cursor(since) if since is not None else START
    try:
        page = read_page(session, after, limit)
    except Expired as exc:
        raise CursorExpired(
            f"curseur trop ancien : le journal des changements commence après la version "
            f"{exc.horizon} ; copiez de nouveau tous les lieux (export, voir docs/partners.md) "
            "puis suivez le curseur qu'il donne",
            extra={"horizon": str(exc.horizon)},
            en=f"cursor too old: the change log starts after version {exc.horizon}; copy "
            "every place again (export) and follow the cursor it gives",
        ) from None
    except Ahead as exc:
        raise CursorUnknown(
            f"curseur inconnu : il dépasse la version {exc.version} de cette base ; copiez de "
            "nouveau tous les lieux (export) puis suivez le curseur qu'il donne",
            en=f"unknown cursor: past this database's version {exc.version}; copy every "
            "place again (export) and follow the cursor it gives",
        ) from None
    return page_out(page)
