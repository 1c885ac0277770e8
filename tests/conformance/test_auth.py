"""Authentication and authorization, over HTTP only; skipped for open APIs.

The clauses of every authenticating service first, then those of auth=jwt (accounts,
passwords, refresh tokens). auth=oidc and auth=api-key have their own modules.
"""

import secrets
from collections.abc import Iterator

import httpx
import pytest

from .conftest import AUTH, PASSWORD, Service, new_client_address, new_email, signed_up
from .expectations import ITEMS, assert_error, create_item
from .tokens import bearer, claims_of, segment

contract = pytest.mark.contract
ME = "/api/v1/users/me"
# The endpoint describing the caller, and the challenge of a 401, by `auth` value.
CALLER = {"jwt": ME, "oidc": ME, "api-key": "/api/v1/api-keys/current"}
SCHEME = {"jwt": "Bearer", "oidc": "Bearer", "api-key": "ApiKey"}
# An endpoint only administrators may call (auth=oidc has none: roles live at the provider).
ADMINS_ONLY = {"jwt": "/api/v1/users", "api-key": "/api/v1/api-keys"}


@pytest.fixture
def anonymous(service: Service) -> Iterator[httpx.Client]:
    if service.auth == "none":
        pytest.skip("the service is an open API (auth=none)")
    headers = {"X-Forwarded-For": new_client_address()}
    with httpx.Client(base_url=service.base_url, headers=headers, timeout=10) as client:
        yield client


@pytest.fixture
def accounts(service: Service) -> None:
    """Skips the test unless the service keeps accounts (auth=jwt)."""
    if service.auth != "jwt":
        pytest.skip(f"the service keeps no accounts (auth={service.auth})")


jwt_only = pytest.mark.usefixtures("accounts")


def refresh(client: httpx.Client, token: str) -> httpx.Response:
    return client.post(f"{AUTH}/refresh", json={"refreshToken": token})


@contract("ERR-401")
@contract("AUTH-OPEN-PROBES")
def test_resources_need_credentials_and_probes_do_not(
    service: Service, anonymous: httpx.Client
) -> None:
    for method, path in [
        ("GET", ITEMS),
        ("POST", ITEMS),
        ("GET", f"{ITEMS}/00000000-0000-4000-8000-000000000000"),
        ("GET", CALLER[service.auth]),
    ]:
        response = anonymous.request(method, path, json={} if method == "POST" else None)
        assert_error(response, 401, "UNAUTHENTICATED")
        challenge = response.headers["www-authenticate"]
        assert challenge.startswith(f"{SCHEME[service.auth]} realm="), challenge
    for path in ("/health", "/ready", "/metrics", "/openapi.json"):
        assert anonymous.get(path).status_code == 200, path


@contract("ERR-403")
def test_a_user_on_an_administrators_endpoint_is_403(
    service: Service, anonymous: httpx.Client
) -> None:
    if service.auth not in ADMINS_ONLY:
        pytest.skip(f"no endpoint is for administrators only (auth={service.auth})")
    endpoint = ADMINS_ONLY[service.auth]

    assert_error(anonymous.get(endpoint, headers=service.sign_in()), 403, "FORBIDDEN")
    assert anonymous.get(endpoint, headers=service.sign_in(admin=True)).status_code == 200


@contract("AUTH-REGISTER")
@jwt_only
def test_an_address_registers_once_and_picks_no_role(anonymous: httpx.Client) -> None:
    email = new_email()
    first = anonymous.post(f"{AUTH}/register", json={"email": email, "password": PASSWORD})
    again = anonymous.post(f"{AUTH}/register", json={"email": email.upper(), "password": PASSWORD})
    admin = anonymous.post(
        f"{AUTH}/register", json={"email": new_email(), "password": PASSWORD, "role": "admin"}
    )

    assert first.status_code == 201
    assert first.json()["data"]["role"] == "user"
    assert PASSWORD not in first.text
    assert_error(again, 409, "CONFLICT")
    assert_error(admin, 400, "VALIDATION_ERROR", "role")


@contract("AUTH-PASSWORD-POLICY")
@pytest.mark.parametrize("password", ["short", "password1234", "conformance-mail-1"])
@jwt_only
def test_weak_passwords_are_400_naming_the_password(anonymous: httpx.Client, password: str) -> None:
    body = {"email": "conformance-mail@example.com", "password": password}
    assert_error(anonymous.post(f"{AUTH}/register", json=body), 400, "VALIDATION_ERROR", "password")


@contract("AUTH-LOGIN")
@jwt_only
def test_login_by_json_and_by_oauth2_form(anonymous: httpx.Client) -> None:
    email = new_email()
    anonymous.post(f"{AUTH}/register", json={"email": email, "password": PASSWORD})

    by_json = anonymous.post(f"{AUTH}/login", json={"email": email, "password": PASSWORD})
    by_form = anonymous.post(
        f"{AUTH}/login", data={"grant_type": "password", "username": email, "password": PASSWORD}
    )

    assert by_json.status_code == by_form.status_code == 200
    assert by_json.headers["cache-control"] == by_form.headers["cache-control"] == "no-store"
    tokens = by_json.json()["data"]
    assert {"accessToken", "tokenType", "expiresIn", "refreshToken"} <= set(tokens)
    assert set(by_form.json()) >= {"access_token", "token_type", "expires_in", "refresh_token"}
    for token in (tokens["accessToken"], by_form.json()["access_token"]):
        assert anonymous.get(ME, headers=bearer(token)).json()["data"]["email"] == email


@contract("AUTH-NO-ENUMERATION")
@jwt_only
def test_unknown_account_and_wrong_password_are_indistinguishable(anonymous: httpx.Client) -> None:
    email = new_email()
    anonymous.post(f"{AUTH}/register", json={"email": email, "password": PASSWORD})

    wrong = anonymous.post(f"{AUTH}/login", json={"email": email, "password": "not it at all"})
    unknown = anonymous.post(f"{AUTH}/login", json={"email": new_email(), "password": "nope"})

    first, second = (
        assert_error(wrong, 401, "UNAUTHENTICATED"),
        assert_error(unknown, 401, "UNAUTHENTICATED"),
    )
    assert (first["message"], first["details"]) == (second["message"], second["details"])


@contract("AUTH-TOKEN-REJECTED")
@jwt_only
def test_altered_and_unsigned_tokens_are_refused(anonymous: httpx.Client) -> None:
    token = signed_up(anonymous)["accessToken"]
    header, payload, signature = token.split(".")
    promoted = f"{header}.{segment(claims_of(token) | {'role': 'admin'})}.{signature}"
    unsigned = f"{segment({'alg': 'none', 'typ': 'at+jwt'})}.{payload}."

    for forged in (promoted, unsigned, f"{header}.{payload}.", "not-a-token"):
        refused = anonymous.get(ME, headers=bearer(forged))
        assert_error(refused, 401, "UNAUTHENTICATED")
        assert 'error="invalid_token"' in refused.headers["www-authenticate"]


@contract("AUTH-REFRESH-ROTATION")
@contract("AUTH-REFRESH-REUSE")
@jwt_only
def test_refresh_tokens_rotate_and_reuse_revokes_the_login(anonymous: httpx.Client) -> None:
    tokens = signed_up(anonymous)
    renewed = refresh(anonymous, tokens["refreshToken"])
    assert renewed.status_code == 200
    newest = renewed.json()["data"]
    assert newest["refreshToken"] != tokens["refreshToken"]
    assert anonymous.get(ME, headers=bearer(newest["accessToken"])).status_code == 200

    assert_error(refresh(anonymous, tokens["refreshToken"]), 401, "UNAUTHENTICATED")
    # The replay revoked the login: the newest refresh token is dead too.
    assert_error(refresh(anonymous, newest["refreshToken"]), 401, "UNAUTHENTICATED")


@contract("AUTH-LOGOUT")
@jwt_only
def test_logout_revokes_the_refresh_token(anonymous: httpx.Client) -> None:
    tokens = signed_up(anonymous)

    logout = anonymous.post(f"{AUTH}/logout", json={"refreshToken": tokens["refreshToken"]})

    assert logout.status_code == 204
    assert_error(refresh(anonymous, tokens["refreshToken"]), 401, "UNAUTHENTICATED")


@contract("AUTH-OWNERSHIP")
def test_other_users_items_are_not_found(service: Service, anonymous: httpx.Client) -> None:
    owner, stranger = service.sign_in(), service.sign_in()
    anonymous.headers.update(owner)
    item = create_item(anonymous)
    url = f"{ITEMS}/{item['id']}"

    anonymous.headers.update(stranger)
    for method in ("GET", "PATCH", "DELETE"):
        response = anonymous.request(
            method, url, json={"name": "mine now"} if method == "PATCH" else None
        )
        assert_error(response, 404, "NOT_FOUND")
    assert item["id"] not in {listed["id"] for listed in anonymous.get(ITEMS).json()["data"]}

    anonymous.headers.update(owner)
    assert anonymous.get(url).json()["data"] == item


@contract("AUTH-OWNERSHIP")
def test_administrators_see_and_change_every_item(
    service: Service, anonymous: httpx.Client
) -> None:
    owner, admin = service.sign_in(), service.sign_in(admin=True)
    anonymous.headers.update(owner)
    item = create_item(anonymous)
    url = f"{ITEMS}/{item['id']}"
    anonymous.headers.update(admin)

    listed = anonymous.get(ITEMS, params={"limit": 100}).json()["data"]
    read = anonymous.get(url)
    renamed = anonymous.patch(url, json={"name": f"renamed by an admin {secrets.token_hex(4)}"})
    deleted = anonymous.delete(url)

    assert item["id"] in {listed_item["id"] for listed_item in listed}
    assert read.json()["data"] == item
    assert renamed.status_code == 200
    assert renamed.json()["data"]["ownerId"] == item["ownerId"]
    assert deleted.status_code == 204
    assert_error(anonymous.get(url, headers=owner), 404, "NOT_FOUND")


@contract("AUTH-LOGIN-THROTTLE")
@jwt_only
def test_login_attempts_are_throttled(service: Service, anonymous: httpx.Client) -> None:
    if service.spawn is None:
        pytest.skip("needs an instance with a low login limit, started by this suite")
    instance = service.spawn(LOGIN_RATE_LIMIT_PER_ACCOUNT="3/hour")
    email = new_email()
    with httpx.Client(base_url=instance.base_url, timeout=10) as client:
        client.post(f"{AUTH}/register", json={"email": email, "password": PASSWORD})
        for number in range(3):
            # From a new address each time: only the account's limit applies.
            address = {"X-Forwarded-For": new_client_address()}
            wrong = client.post(
                f"{AUTH}/login",
                json={"email": email, "password": f"wrong {number}"},
                headers=address,
            )
            assert_error(wrong, 401, "UNAUTHENTICATED")
        throttled = client.post(
            f"{AUTH}/login",
            json={"email": email, "password": PASSWORD},
            headers={"X-Forwarded-For": new_client_address()},
        )

    assert_error(throttled, 429, "RATE_LIMITED")
    assert int(throttled.headers["retry-after"]) >= 1
