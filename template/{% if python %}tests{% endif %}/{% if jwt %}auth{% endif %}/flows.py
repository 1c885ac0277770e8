"""The account flows as a client runs them, over HTTP."""

import uuid
from typing import Any

from httpx import AsyncClient

from ..conftest import TEST_PASSWORD

AUTH = "/api/v1/auth"
ME = "/api/v1/users/me"


def new_email() -> str:
    return f"someone-{uuid.uuid4().hex[:12]}@example.com"


async def register(client: AsyncClient, email: str, password: str = TEST_PASSWORD) -> None:
    response = await client.post(f"{AUTH}/register", json={"email": email, "password": password})
    assert response.status_code == 201, response.text


async def login(client: AsyncClient, email: str, password: str = TEST_PASSWORD) -> dict[str, Any]:
    response = await client.post(f"{AUTH}/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()["data"]
    return tokens


async def signed_up(client: AsyncClient) -> dict[str, Any]:
    """Register a new account and log in: its tokens."""
    email = new_email()
    await register(client, email)
    return await login(client, email)


def bearer(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}
