"""Security headers and CORS."""

from httpx import AsyncClient

from ..conftest import ClientFactory
from ..items.test_router import ITEMS

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


async def test_security_headers_on_success_and_on_errors(client: AsyncClient) -> None:
    for response in (await client.get(ITEMS), await client.get("/nowhere")):
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value
        assert "default-src 'none'" in response.headers["content-security-policy"]


async def test_docs_page_gets_a_policy_that_lets_it_render(client: AsyncClient) -> None:
    response = await client.get("/docs")

    assert response.status_code == 200
    assert "cdn.jsdelivr.net" in response.headers["content-security-policy"]


async def test_no_cors_headers_by_default(client: AsyncClient) -> None:
    response = await client.get(ITEMS, headers={"Origin": "https://app.example.com"})

    assert "access-control-allow-origin" not in response.headers


async def test_cors_allows_configured_origins_only(client_with: ClientFactory) -> None:
    async with client_with(cors_origins=["https://app.example.com"]) as client:
        allowed = await client.options(
            ITEMS,
            headers={
                "Origin": "https://app.example.com",
                "Access-Control-Request-Method": "POST",
            },
        )
        refused = await client.get(ITEMS, headers={"Origin": "https://evil.example.com"})

    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.com"
    assert "access-control-allow-origin" not in refused.headers
