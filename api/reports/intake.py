"""What the report API and the report form share: the limits, then the report taken."""

from fastapi import Request
from sqlmodel import Session

from api.http.errors import RateLimited
from api.http.rate_limits import RateLimits
from api.reports.submit import ReportForm, open_report
from api.runtime import Runtime


def take(request: Request, session: Session, place_id: int, form: ReportForm) -> None:
    """Count the report against its address and place (429 past them), then store it."""
    limits: RateLimits | None = getattr(request.app.state, "rate_limits", None)
    if limits is not None:
        client = request.client
        refused = limits.report(client.host if client else "unknown", place_id)
        if refused is not None:
            raise RateLimited(refused.detail, headers=refused.headers())
    runtime: Runtime = request.app.state.runtime
    open_report(session, place_id, form, runtime.read_model)
