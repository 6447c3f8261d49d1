"""What the change feed answers: entries in commit order and the cursor to continue from."""

from pydantic import BaseModel, Field

from api.feed.log import Entry, Page
from models.access_point import AccessPointPublic


class ChangeOut(BaseModel):
    """A place created or changed (`place` is its state now), or gone (`deleted`)."""

    cursor: str = Field(description="This entry's position: continue after it with `since`.")
    version: int = Field(description="The data version that made the change.")
    id: int
    source: str | None
    source_id: str | None
    deleted: bool = Field(description="True: the place is gone; remove your copy (tombstone).")
    place: AccessPointPublic | None = Field(
        description="The place as it is now (at least as new as the change); null when deleted."
    )


class ChangesAnswer(BaseModel):
    """A page of the change feed."""

    items: list[ChangeOut]
    next: str = Field(description="The cursor to send as `since` for the next page.")
    more: bool = Field(
        description="True when the page is full: ask again at once. False: you are up to date; "
        "poll again later with `next`."
    )
    version: int = Field(description="The data version when the page was read.")


def entry_out(entry: Entry) -> ChangeOut:
    """One entry as answered."""
    return ChangeOut(
        cursor=entry.at.text(),
        version=entry.at.version,
        id=entry.place_id,
        source=entry.source,
        source_id=entry.source_id,
        deleted=entry.place is None,
        place=entry.place,
    )


def page_out(page: Page) -> ChangesAnswer:
    """A page as answered."""
    return ChangesAnswer(
        items=[entry_out(e) for e in page.entries],
        next=page.next.text(),
        more=page.full,
        version=page.version,
    )
