"""Liveness, readiness and metrics."""

from httpx import AsyncClient
from prometheus_client.parser import text_string_to_metric_families

from .conftest import ClientFactory
from .database import UNREACHABLE_DATABASE_URL
from .items.test_router import ITEMS, assert_error


async def test_health_needs_no_dependency(client_with: ClientFactory) -> None:
    async with client_with(database_url=UNREACHABLE_DATABASE_URL) as client:
        response = await client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"data": {"status": "ok"}, "meta": {}}


async def test_ready_when_the_database_answers(client: AsyncClient) -> None:
    response = await client.get("/ready")

    assert response.status_code == 200
    assert response.json()["data"] == {"status": "ready", "database": "ok"}


async def test_ready_is_503_naming_the_database_when_it_is_down(
    client_with: ClientFactory,
) -> None:
    async with client_with(database_url=UNREACHABLE_DATABASE_URL) as client:
        response = await client.get("/ready")

    assert response.status_code == 503
    assert_error(response.json(), "SERVICE_UNAVAILABLE", "database")


async def test_resources_answer_503_while_the_database_is_down(
    client_with: ClientFactory,
) -> None:
    async with client_with(database_url=UNREACHABLE_DATABASE_URL) as client:
        response = await client.get(ITEMS)

    assert response.status_code == 503
    assert_error(response.json(), "SERVICE_UNAVAILABLE", "database")
    assert int(response.headers["retry-after"]) > 0


async def request_count(client: AsyncClient, **labels: str) -> float:
    """The value of http_requests_total for these labels, parsed from /metrics."""
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            if sample.name == "http_requests_total" and sample.labels == labels:
                return sample.value
    return 0.0


async def test_metrics_count_requests_by_route_template(client: AsyncClient) -> None:
    item_404 = {"method": "GET", "route": "/api/v1/items/{item_id}", "status": "404"}
    unmatched = {"method": "GET", "route": "<unmatched>", "status": "404"}
    before = (await request_count(client, **item_404), await request_count(client, **unmatched))

    await client.get(f"{ITEMS}/00000000-0000-0000-0000-000000000000")
    await client.get(f"{ITEMS}/00000000-0000-0000-0000-000000000001")
    await client.get("/some/unknown/path")

    after = (await request_count(client, **item_404), await request_count(client, **unmatched))
    assert after[0] - before[0] == 2
    assert after[1] - before[1] == 1


async def test_metrics_include_latency_histograms(client_with: ClientFactory) -> None:
    async with client_with() as client:
        await client.get(ITEMS)
        text = (await client.get("/metrics")).text

    [histogram] = [
        family
        for family in text_string_to_metric_families(text)
        if family.name == "http_request_duration_seconds"
    ]
    assert histogram.type == "histogram"
    counts = [
        sample.value
        for sample in histogram.samples
        if sample.name == "http_request_duration_seconds_count"
        and sample.labels == {"method": "GET", "route": ITEMS, "status": "200"}
    ]
    assert counts == [1.0]
