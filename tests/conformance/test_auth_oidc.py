"""Authentication by an identity provider's tokens (auth=oidc), over HTTP only.

The suite is the provider: it signs tokens with keys it publishes on loopback, rotates
them, and counts how often the service fetches them.
"""

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization

from ..identity_provider import SigningKey
from .conftest import Service, new_client_address
from .expectations import ITEMS, assert_error, create_item
from .tokens import bearer, claims_of, segment

contract = pytest.mark.contract
ME = "/api/v1/users/me"
# Longer than any leeway the service may allow (JWT_LEEWAY_SECONDS is at most 300).
BEYOND_LEEWAY_SECONDS = 600


@pytest.fixture
def provider(service: Service) -> Any:
    if service.auth != "oidc":
        pytest.skip(f"the service trusts no identity provider (auth={service.auth})")
    return service.identity_provider


@pytest.fixture
def client(service: Service) -> Iterator[httpx.Client]:
    headers = {"X-Forwarded-For": new_client_address()}
    with httpx.Client(base_url=service.base_url, headers=headers, timeout=10) as client:
        yield client


def new_subject() -> str:
    return f"conformance-{secrets.token_hex(6)}"


def _hmac_signed_with_public_key(provider: Any) -> str:
    """Algorithm confusion: HS256 keyed with the provider's public key, which anyone has."""
    key = provider.keys[0]
    public_pem = key.private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = segment({"alg": "HS256", "typ": "JWT", "kid": key.key_id})
    payload = segment(claims_of(provider.token(new_subject(), roles=["admin"])))
    signature = hmac.new(public_pem, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


@contract("AUTH-OIDC-TOKENS")
def test_the_providers_tokens_name_the_caller_and_their_role(
    provider: Any, client: httpx.Client
) -> None:
    user, admin = new_subject(), new_subject()
    as_user = bearer(provider.token(user))
    as_admin = bearer(provider.token(admin, roles=["user", "admin"]))

    assert client.get(ME, headers=as_user).json()["data"] == {"id": user, "role": "user"}
    assert client.get(ME, headers=as_admin).json()["data"] == {"id": admin, "role": "admin"}
    client.headers.update(as_user)
    item = create_item(client)
    assert item["ownerId"] == user
    assert client.get(f"{ITEMS}/{item['id']}", headers=as_admin).status_code == 200


@contract("AUTH-OIDC-REJECTED")
def test_forged_and_misdirected_tokens_are_refused(provider: Any, client: httpx.Client) -> None:
    now = int(time.time())
    valid = provider.token(new_subject())
    header, payload, signature = valid.split(".")
    forged = {
        "expired": provider.token(exp=now - BEYOND_LEEWAY_SECONDS),
        "not yet valid": provider.token(nbf=now + BEYOND_LEEWAY_SECONDS),
        "wrong audience": provider.token(aud="another-service"),
        "wrong issuer": provider.token(iss="https://impostor.example.com/realms/test"),
        "altered": f"{header}.{segment(claims_of(valid) | {'roles': ['admin']})}.{signature}",
        "unsigned": f"{segment({'alg': 'none', 'typ': 'JWT'})}.{payload}.",
        "algorithm confusion": _hmac_signed_with_public_key(provider),
        "stranger's key, known kid": provider.token(key=SigningKey(key_id=provider.keys[0].key_id)),
        "stranger's key": provider.token(key=SigningKey()),
    }
    for name, token in forged.items():
        refused = client.get(ME, headers=bearer(token))
        assert refused.status_code == 401, name
        assert_error(refused, 401, "UNAUTHENTICATED")
        assert 'error="invalid_token"' in refused.headers["www-authenticate"], name


@contract("AUTH-OIDC-ROTATION")
def test_tokens_of_a_rotated_key_are_accepted_without_a_restart(
    provider: Any, client: httpx.Client
) -> None:
    old_token = provider.token(new_subject())
    assert client.get(ME, headers=bearer(old_token)).status_code == 200
    provider.rotate_keys()
    new_token = provider.token(new_subject())

    # The service may wait OIDC_KEYS_MIN_REFRESH_SECONDS (5 at most here) before fetching.
    deadline = time.monotonic() + 15
    while (status := client.get(ME, headers=bearer(new_token)).status_code) == 401:
        if time.monotonic() > deadline:
            break
        time.sleep(0.5)

    assert status == 200
    assert client.get(ME, headers=bearer(old_token)).status_code == 200


@contract("AUTH-OIDC-KEY-FLOOD")
def test_unknown_key_ids_do_not_make_the_service_flood_the_provider(
    service: Service, provider: Any
) -> None:
    if service.spawn is None:
        pytest.skip("needs an instance with a long key-refresh interval, started by this suite")
    instance = service.spawn(OIDC_KEYS_MIN_REFRESH_SECONDS="3600", WEB_CONCURRENCY="1")
    with httpx.Client(base_url=instance.base_url, timeout=10) as client:
        assert client.get(ME, headers=bearer(provider.token(new_subject()))).status_code == 200
        fetched = provider.key_set_requests
        statuses = {
            client.get(ME, headers=bearer(provider.token(key=SigningKey()))).status_code
            for _ in range(20)
        }

    assert statuses == {401}
    assert provider.key_set_requests == fetched
