"""Which places of an answer are stale today: facts older than the setting, or undated."""

from starlette.requests import Request

from api import clock
from api.read_model import Snapshot
from api.read_model.spatial_index import Mask


def stale_flags(request: Request, snapshot: Snapshot) -> Mask:
    """Per place of `snapshot`: True when its facts need checking today (Paris)."""
    days: int = request.app.state.runtime.settings.stale_after_days
    return snapshot.stale_flags(clock.today_paris(), days)
