"""Registration: the password policy, duplicate accounts, and no way to pick one's role."""

from typing import Any

import pytest
from httpx import AsyncClient

from .flows import AUTH, ME, bearer, login, new_email, register


async def test_register_creates_a_user_account(client: AsyncClient) -> None:
    email = new_email()
    response = await client.post(
        f"{AUTH}/register", json={"email": f"  {email.upper()} ", "password": "a long passphrase"}
    )

    assert response.status_code == 201
    account = response.json()["data"]
    assert account["email"] == email  # trimmed and lower-cased
    assert account["role"] == "user"
    assert set(account) == {"id", "email", "role", "isActive", "createdAt"}
    assert response.headers["location"] == ME
    tokens = await login(client, email, "a long passphrase")
    me = await client.get(ME, headers=bearer(tokens["accessToken"]))
    assert me.json()["data"] == account


async def test_an_address_registers_once_whatever_its_case(client: AsyncClient) -> None:
    email = new_email()
    await register(client, email)

    again = await client.post(
        f"{AUTH}/register", json={"email": email.upper(), "password": "another long one"}
    )

    assert again.status_code == 409
    assert again.json()["error"]["code"] == "CONFLICT"


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short1!", "at least 12 characters"),
        ("x" * 129, "at most 128 characters"),
        ("aaaaaaaaaaaaaaaa", "too common"),
        ("Password1234", "too common"),
        ("qwerty123456", "too common"),
        ("my-someone-address-pw", "must not contain the e-mail address"),
    ],
)
async def test_weak_passwords_are_refused_with_the_reason(
    client: AsyncClient, password: str, problem: str
) -> None:
    email = "someone@example.com"
    response = await client.post(f"{AUTH}/register", json={"email": email, "password": password})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert [detail["field"] for detail in error["details"]] == ["password"]
    assert problem in error["details"][0]["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-address", "password": "a long passphrase"}, "email"),
        ({"email": "a@b", "password": "a long passphrase"}, "email"),
        ({"email": f"{'x' * 250}@example.com", "password": "a long passphrase"}, "email"),
        ({"password": "a long passphrase"}, "email"),
        ({"email": "someone@example.com"}, "password"),
        # Mass assignment: nobody registers as an administrator.
        ({"email": "x@example.com", "password": "a long passphrase", "role": "admin"}, "role"),
    ],
)
async def test_invalid_registrations_are_400(
    client: AsyncClient, body: dict[str, Any], field: str
) -> None:
    response = await client.post(f"{AUTH}/register", json=body)

    assert response.status_code == 400
    assert field in {detail["field"] for detail in response.json()["error"]["details"]}


async def test_no_response_ever_contains_the_password_or_its_hash(client: AsyncClient) -> None:
    email = new_email()
    password = "a long passphrase"
    registered = await client.post(f"{AUTH}/register", json={"email": email, "password": password})
    tokens = await login(client, email, password)
    me = await client.get(ME, headers=bearer(tokens["accessToken"]))

    for response in (registered, me):
        assert password not in response.text
        assert "argon2" not in response.text
