"""Pages of a listing: where one starts, and the error past the last one."""

from api.http.errors import PageOutOfRange


def page_start(total: int, page: int, size: int) -> int:
    """The index of the page's first item; PageOutOfRange past the last page.

    Page 1 of an empty listing exists (and is empty), so a filter matching nothing is no error.
    """
    start = (page - 1) * size
    if total and start >= total:
        last = (total - 1) // size + 1
        raise PageOutOfRange(
            f"page : la page {page} est au-delà de la dernière ({last})",
            en=f"page {page} is past the last page ({last})",
        )
    return start
