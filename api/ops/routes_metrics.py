"""GET /metrics: the Prometheus text exposition of this process's metrics (api/ops/metrics.py)."""

from fastapi import APIRouter, Request, Response
from prometheus_client import CollectorRegistry
from prometheus_client.exposition import choose_encoder

router = APIRouter(tags=["operations"])


# Left out of the OpenAPI schema: it is for the operator's scraper, not a data read for
# partners, and its body is Prometheus text rather than JSON (the README lists it).
@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    """Request, read-model and geocoder metrics, as Prometheus scrapes them."""
    registry: CollectorRegistry = request.app.state.metrics_registry
    # The text format 0.0.4 unless the scraper asks for another (OpenMetrics) in Accept.
    encode, content_type = choose_encoder(request.headers.get("accept", ""))
    return Response(
        encode(registry),
        media_type=content_type,
        headers={"Cache-Control": "no-store"},
    )
