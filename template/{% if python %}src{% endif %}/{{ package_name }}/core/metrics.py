"""Prometheus metrics: request count and latency by route template and status."""

import os
from collections.abc import Mapping

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    gc_collector,
    generate_latest,
    multiprocess,
    platform_collector,
    process_collector,
)
from starlette.requests import Request
from starlette.responses import Response

# Requests that match no route share one label, so scanners cannot explode cardinality.
UNMATCHED_ROUTE = "<unmatched>"


class HttpMetrics:
    """One registry per application, so tests and multiple apps never share counters.

    With several worker processes (WEB_CONCURRENCY > 1), `python -m` sets
    PROMETHEUS_MULTIPROC_DIR: each worker writes its values to files there, and /metrics,
    whichever worker answers, adds up all of them.
    """

    def __init__(self, constant_labels: Mapping[str, str] | None = None) -> None:
        """`constant_labels` go on every request's series, e.g. the service's name."""
        constant = dict(constant_labels or {})
        self._constant_values = tuple(constant.values())
        labels = [*constant, "method", "route", "status"]
        values = CollectorRegistry()
        if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
            self.registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(self.registry)  # type: ignore[no-untyped-call]
        else:
            # Process statistics describe one process: only meaningful with one worker.
            self.registry = values
            process_collector.ProcessCollector(registry=values)
            platform_collector.PlatformCollector(registry=values)
            gc_collector.GCCollector(registry=values)
        self.requests = Counter(
            "http_requests_total",
            "HTTP requests handled, by method, route template and status code.",
            labels,
            registry=values,
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "Time to produce a response, by method, route template and status code.",
            labels,
            registry=values,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
        )

        # Looking a labelled child up costs more than updating it; routes are few, so keep them.
        self._children: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        key = (method, route, status)
        children = self._children.get(key)
        if children is None:
            children = (
                self.requests.labels(*self._constant_values, method, route, str(status)),
                self.latency.labels(*self._constant_values, method, route, str(status)),
            )
            self._children[key] = children
        children[0].inc()
        children[1].observe(seconds)

    async def endpoint(self, _: Request) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)
