"""The provider's keys: fetched once and cached, fetched again when the provider rotates
them, never fetched in a flood, and kept while the provider is down."""

import asyncio
from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager

import pytest
from httpx import AsyncClient

from ..conftest import TEST_AUDIENCE, ClientFactory
from ..identity_provider import LocalIdentityProvider, SigningKey
from .requests import ME, bearer


@pytest.fixture
def provider() -> Iterator[LocalIdentityProvider]:
    """A provider of the test's own, which it may rotate, count and take down."""
    with LocalIdentityProvider(audience=TEST_AUDIENCE) as provider:
        yield provider


@pytest.fixture
def trusting(client_with: ClientFactory, provider: LocalIdentityProvider) -> ClientFactory:
    """An anonymous client of an application trusting the test's own provider:
    `trusting(oidc_keys_min_refresh_seconds=0)`."""

    def factory(**settings: object) -> AbstractAsyncContextManager[AsyncClient]:
        return client_with(role=None, oidc_issuer=provider.issuer, **settings)

    return factory


async def test_keys_are_fetched_once_and_cached(
    trusting: ClientFactory, provider: LocalIdentityProvider
) -> None:
    async with trusting() as client:
        for _ in range(5):
            assert (await client.get(ME, headers=bearer(provider.token()))).status_code == 200

    assert provider.key_set_requests == 1


async def test_a_rotated_key_is_fetched_when_its_first_token_arrives(
    trusting: ClientFactory, provider: LocalIdentityProvider
) -> None:
    async with trusting(oidc_keys_min_refresh_seconds=0) as client:
        before = await client.get(ME, headers=bearer(provider.token()))
        provider.rotate_keys()
        # Concurrent requests with the new key share one fetch.
        after = await asyncio.gather(
            *(client.get(ME, headers=bearer(provider.token())) for _ in range(10))
        )

    assert before.status_code == 200
    assert [response.status_code for response in after] == [200] * 10
    assert provider.key_set_requests == 2


async def test_unknown_key_ids_cannot_make_the_service_flood_the_provider(
    trusting: ClientFactory, provider: LocalIdentityProvider
) -> None:
    async with trusting(oidc_keys_min_refresh_seconds=3600) as client:
        assert (await client.get(ME, headers=bearer(provider.token()))).status_code == 200
        forged = [provider.token(key=SigningKey()) for _ in range(20)]
        responses = [await client.get(ME, headers=bearer(token)) for token in forged]

    assert {response.status_code for response in responses} == {401}
    # The keys were fetched moments ago: no unknown key id fetches them again.
    assert provider.key_set_requests == 1


async def test_keys_already_fetched_keep_working_while_the_provider_is_down(
    trusting: ClientFactory, provider: LocalIdentityProvider
) -> None:
    async with trusting(oidc_keys_min_refresh_seconds=0) as client:
        assert (await client.get(ME, headers=bearer(provider.token()))).status_code == 200
        provider.available = False
        still = await client.get(ME, headers=bearer(provider.token()))
        unknown = await client.get(ME, headers=bearer(provider.token(key=SigningKey())))

    assert still.status_code == 200
    assert unknown.status_code == 401


async def test_a_provider_down_since_start_up_is_503_until_it_answers(
    trusting: ClientFactory, provider: LocalIdentityProvider
) -> None:
    provider.available = False
    async with trusting(oidc_keys_min_refresh_seconds=0) as client:
        down = await client.get(ME, headers=bearer(provider.token()))
        ready = await client.get("/ready")
        provider.available = True
        back = await client.get(ME, headers=bearer(provider.token()))

    assert down.status_code == 503
    assert down.json()["error"]["details"] == [
        {"field": "identityProvider", "message": "unreachable"}
    ]
    # The provider is not the service's dependency for readiness: cached keys serve on.
    assert ready.status_code == 200
    assert back.status_code == 200


async def test_a_discovery_document_naming_another_issuer_is_not_trusted(
    trusting: ClientFactory, provider: LocalIdentityProvider
) -> None:
    provider.discovery_changes = {"issuer": "https://impostor.example.com"}
    async with trusting() as client:
        response = await client.get(ME, headers=bearer(provider.token()))

    assert response.status_code == 503
    assert provider.key_set_requests == 0
