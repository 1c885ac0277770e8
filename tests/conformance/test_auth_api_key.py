"""Authentication by API keys (auth=api-key), over HTTP only.

Keys are made and revoked by the service's operator commands, which the suite can run
only for the services it starts; given a service by its URL, it uses the keys it was given.
"""

import secrets
from collections.abc import Iterator

import httpx
import pytest

from .conftest import Operator, Service, new_client_address
from .expectations import ITEMS, assert_error, create_item

contract = pytest.mark.contract
CURRENT = "/api/v1/api-keys/current"


@pytest.fixture
def client(service: Service) -> Iterator[httpx.Client]:
    if service.auth != "api-key":
        pytest.skip(f"the service takes no API keys (auth={service.auth})")
    headers = {"X-Forwarded-For": new_client_address()}
    with httpx.Client(base_url=service.base_url, headers=headers, timeout=10) as client:
        yield client


@pytest.fixture
def operator(service: Service, client: httpx.Client) -> Operator:
    if service.operator is None:
        pytest.skip("needs the service's operator commands: a service this suite started")
    return service.operator


def with_key(key: str) -> dict[str, str]:
    return {"X-API-Key": key}


def assert_key_refused(response: httpx.Response) -> None:
    assert_error(response, 401, "UNAUTHENTICATED")
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith("ApiKey realm="), challenge
    assert 'error="invalid_key"' in challenge


@contract("AUTH-API-KEY")
def test_a_key_names_its_caller_and_is_never_shown_again(
    service: Service, client: httpx.Client
) -> None:
    key = service.sign_in()["X-API-Key"]
    client.headers.update(with_key(key))

    response = client.get(CURRENT)
    item = create_item(client)

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    current = response.json()["data"]
    assert {"id", "name", "role", "prefix", "expiresAt", "lastUsedAt"} <= set(current)
    assert current["role"] == "user"
    assert key.startswith(f"{current['prefix']}_")
    assert key not in response.text
    assert item["ownerId"] == current["name"]


@contract("AUTH-API-KEY-REJECTED")
def test_altered_and_misplaced_keys_are_refused(service: Service, client: httpx.Client) -> None:
    key, other = service.sign_in()["X-API-Key"], service.sign_in()["X-API-Key"]
    prefix, _, secret = key.rpartition("_")
    last = "A" if secret[-1] != "A" else "B"
    forged = [
        f"{prefix}_{secret[:-1]}{last}",  # one character of the secret changed
        f"{prefix}_{secret[:-1]}",  # cut short
        f"{other.rpartition('_')[0]}_{secret}",  # another key's public part, this secret
        key.upper(),
        prefix,  # the public part alone
        "not-a-key",
    ]

    assert client.get(ITEMS, headers=with_key(key)).status_code == 200
    for value in forged:
        assert_key_refused(client.get(ITEMS, headers=with_key(value)))
    as_bearer = client.get(ITEMS, headers={"Authorization": f"Bearer {key}"})
    assert_error(as_bearer, 401, "UNAUTHENTICATED")


@contract("AUTH-API-KEY-REVOKE")
def test_a_revoked_key_is_refused_from_its_next_request(
    operator: Operator, client: httpx.Client
) -> None:
    key = operator.create_api_key()
    assert client.get(ITEMS, headers=with_key(key)).status_code == 200

    operator.revoke_api_key(key)

    assert_key_refused(client.get(ITEMS, headers=with_key(key)))


@contract("AUTH-API-KEY-NAMES")
def test_keys_of_one_name_share_its_items(operator: Operator, client: httpx.Client) -> None:
    name = f"conformance-caller-{secrets.token_hex(6)}"
    old, new = operator.create_api_key(name=name), operator.create_api_key(name=name)
    stranger = operator.create_api_key()
    client.headers.update(with_key(old))
    url = f"{ITEMS}/{create_item(client)['id']}"

    assert client.get(url, headers=with_key(new)).status_code == 200
    assert_error(client.get(url, headers=with_key(stranger)), 404, "NOT_FOUND")
