"""Request IDs, security headers and CORS."""

import httpx
import pytest

from .conftest import Service
from .expectations import GENERATED_REQUEST_ID, ITEMS, assert_security_headers

contract = pytest.mark.contract


@contract("REQ-ID-GENERATED")
def test_request_id_is_generated_when_absent(api: httpx.Client) -> None:
    first = api.get("/health").headers["x-request-id"]
    second = api.get("/health").headers["x-request-id"]

    assert GENERATED_REQUEST_ID.match(first)
    assert first != second


@contract("REQ-ID-ECHO")
def test_sane_request_id_is_echoed_in_header_and_error(api: httpx.Client) -> None:
    response = api.get(f"{ITEMS}/missing", headers={"X-Request-ID": "conformance-1.2:3"})

    assert response.headers["x-request-id"] == "conformance-1.2:3"
    assert response.json()["error"]["requestId"] == "conformance-1.2:3"


@contract("REQ-ID-GENERATED")
@pytest.mark.parametrize(
    "absurd", ["x" * 129, "has space", "tab\tinside", "<script>", "semi;colon", "ünïcode"]
)
def test_absurd_request_ids_are_replaced(api: httpx.Client, absurd: str) -> None:
    response = api.get("/health", headers={"X-Request-ID": absurd.encode()})

    assert response.status_code == 200
    echoed = response.headers["x-request-id"]
    assert echoed != absurd
    assert GENERATED_REQUEST_ID.match(echoed)


@contract("SEC-HEADERS")
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/health"), ("GET", ITEMS), ("GET", "/nowhere"), ("PUT", ITEMS), ("GET", "/metrics")],
)
def test_security_headers_on_success_and_errors(api: httpx.Client, method: str, path: str) -> None:
    assert_security_headers(api.request(method, path))


@contract("CORS")
def test_cross_origin_requests_from_other_origins_get_no_cors_headers(api: httpx.Client) -> None:
    response = api.get(ITEMS, headers={"Origin": "https://refused.example.net"})

    assert "access-control-allow-origin" not in response.headers


@contract("CORS")
def test_allowed_origins_get_cors_headers(api: httpx.Client, service: Service) -> None:
    if service.allowed_origin is None:
        pytest.skip("pass --allowed-origin with an origin from the service's CORS_ORIGINS")
    preflight = api.options(
        ITEMS,
        headers={"Origin": service.allowed_origin, "Access-Control-Request-Method": "POST"},
    )
    simple = api.get(ITEMS, headers={"Origin": service.allowed_origin})

    assert preflight.status_code in {200, 204}
    assert preflight.headers["access-control-allow-origin"] == service.allowed_origin
    assert simple.headers["access-control-allow-origin"] == service.allowed_origin
