"""Prometheus metrics of one app: requests by route template, the read model, the geocoders.

Everything is registered on a `CollectorRegistry` made per app (`app.state.metrics_registry`),
so tests that build many apps never meet a duplicate-metric error. Per process: with
`panda serve --workers N` each worker counts and answers `/metrics` for itself, and a scrape
reaches whichever worker accepts it. prometheus-client's multiprocess mode was not chosen: it
needs a directory named in the environment before import and wiped at each start, and the
read-model gauges, computed at scrape time from one worker's snapshot, would not aggregate.
To scrape every worker, run one worker per container (or process) and scrape each.
"""

import time
from collections.abc import Callable, Iterable
from typing import Any

from fastapi import FastAPI
from prometheus_client import CollectorRegistry, Counter, Histogram, Metric
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.route_box import RouteCapture, template_of
from api.runtime import Runtime

# The scope key of the one-item list through which RouteCapture returns the matched route.
ROUTE_BOX = "panda.metrics.route"
# A path no route matched (404s, scanners): one label value, however many such paths come.
UNMATCHED = "unmatched"
# Any other method (a client may send anything) is counted as "other", for the same reason.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# The read path answers in about a millisecond: finer buckets below 10 ms than the default.
LATENCY_BUCKETS_S = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class HttpMetrics:
    """The request counter and latency histogram, with their label children cached by key."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "panda_http_requests_total",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "panda_http_request_duration_seconds",
            "Time from the request to the end of its answer, by method and route template.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS_S,
            registry=registry,
        )
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def record(self, method: str, route: str, status: int, elapsed_s: float) -> None:
        """Count one answered request and its duration."""
        key = (method if method in METHODS else "other", route, status)
        children = self._children.get(key)
        if children is None:
            children = self._children[key] = (
                self.requests.labels(key[0], route, str(status)),
                self.latency.labels(key[0], route),
            )
        children[0].inc()
        children[1].observe(elapsed_s)


class MetricsMiddleware:
    """Pure ASGI, outer: counts and times each HTTP request by method, route template, status.

    The template is the matched route's path, which the router puts in `scope["route"]`, so a
    raw URL never becomes a label and no path is matched twice. A middleware in between may
    route a copy of the scope (HEAD-as-GET does): `RouteCapture`, innermost, hands the route
    back through a box that the copy shares.
    """

    def __init__(self, app: ASGIApp, metrics: HttpMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # what the client gets when the app raises before answering
        box: list[Any] = [None]
        scope[ROUTE_BOX] = box

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        start = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_status)
        finally:
            template = template_of(box[0] or scope.get("route")) or UNMATCHED
            self.metrics.record(scope["method"], template, status, time.perf_counter() - start)


class ReadModelCollector:
    """Gauges computed at scrape time from the current snapshot, and the geocoder counters."""

    def __init__(self, runtime: Callable[[], Runtime | None]) -> None:
        self._runtime = runtime

    def collect(self) -> Iterable[Metric]:
        """The read-model gauges now, then the geocoder counters."""
        runtime = self._runtime()
        if runtime is None:  # before the lifespan started
            return
        holder = runtime.read_model
        snapshot = holder.current
        yield _gauge(
            "panda_places_served", "Places in the snapshot answering reads.", len(snapshot)
        )
        yield _gauge(
            "panda_read_model_version",
            "Data version of the snapshot answering reads.",
            snapshot.version,
        )
        yield _gauge(
            "panda_read_model_age_seconds",
            "Seconds since the snapshot answering reads was installed.",
            time.monotonic() - holder.installed_at,
        )
        changes = CounterMetricFamily(
            "panda_read_model_changes",
            "Changes taken in by the read model, by how: place by place or a whole rebuild.",
            labels=["how"],
        )
        changes.add_metric(["applied"], holder.applied_count)
        changes.add_metric(["rebuilt"], holder.rebuild_count)
        yield changes
        yield from runtime.geocoding.metrics.collect()


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def install_metrics(app: FastAPI) -> CollectorRegistry:
    """A registry for this app on `app.state`, the request middleware and the read-model gauges."""
    registry = CollectorRegistry()
    app.state.metrics_registry = registry
    app.add_middleware(MetricsMiddleware, metrics=HttpMetrics(registry))
    # Appended, not added: innermost, whatever middleware app.py adds after this call.
    app.user_middleware.append(Middleware(RouteCapture, key=ROUTE_BOX))
    collector: Collector = ReadModelCollector(lambda: getattr(app.state, "runtime", None))
    registry.register(collector)
    return registry
