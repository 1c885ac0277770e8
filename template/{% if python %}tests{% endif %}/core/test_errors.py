"""Every failure leaves the service in the one error envelope, never as a stack trace."""

from collections.abc import AsyncIterator

import pytest
from httpx import AsyncClient

from ..conftest import ClientFactory
from ..items.test_router import ITEMS, assert_error


async def test_unknown_route_is_404(client: AsyncClient) -> None:
    response = await client.get("/api/v1/nothing-here")

    assert response.status_code == 404
    assert_error(response.json(), "NOT_FOUND")


async def test_wrong_method_is_405_with_allow(client: AsyncClient) -> None:
    response = await client.put(ITEMS, json={})

    assert response.status_code == 405
    assert_error(response.json(), "METHOD_NOT_ALLOWED")
    assert "POST" in response.headers["allow"]


async def test_declared_body_over_the_limit_is_413(client_with: ClientFactory) -> None:
    async with client_with(max_body_bytes=64) as client:
        response = await client.post(ITEMS, json={"name": "x" * 100})

    assert response.status_code == 413
    assert_error(response.json(), "PAYLOAD_TOO_LARGE")


async def test_streamed_body_over_the_limit_is_413(client_with: ClientFactory) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(4):
            yield b"x" * 32

    async with client_with(max_body_bytes=64) as client:
        response = await client.post(
            ITEMS, content=chunks(), headers={"Content-Type": "application/json"}
        )

    assert response.status_code == 413
    assert_error(response.json(), "PAYLOAD_TOO_LARGE")


async def test_rate_limit_answers_429_with_retry_after(client_with: ClientFactory) -> None:
    # A day-long window: the requests cannot straddle two windows (unless at midnight UTC).
    async with client_with(rate_limit="3/day") as client:
        statuses = [(await client.get(ITEMS)).status_code for _ in range(3)]
        limited = await client.get(ITEMS)
        probe = await client.get("/health")

    assert statuses == [200, 200, 200]
    assert limited.status_code == 429
    assert_error(limited.json(), "RATE_LIMITED")
    assert 1 <= int(limited.headers["retry-after"]) <= 86400
    assert probe.status_code == 200, "probes are never rate limited"


async def test_unexpected_error_is_500_without_internals(
    client_with: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    async with client_with() as client:
        app = client._transport.app  # type: ignore[attr-defined]

        async def explode() -> None:
            raise RuntimeError("secret internal detail")

        app.add_api_route("/explode", explode)
        response = await client.get("/explode")

    assert response.status_code == 500
    assert_error(response.json(), "INTERNAL_ERROR")
    assert "secret" not in response.text
    assert "Traceback" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert any(record.exc_info for record in caplog.records), "the error is logged"
