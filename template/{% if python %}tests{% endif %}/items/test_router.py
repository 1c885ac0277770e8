"""The items API, end to end over HTTP against the real database."""

import uuid
from datetime import datetime
from typing import Any

import pytest
from httpx import AsyncClient

from .factories import item_payload

ITEMS = "/api/v1/items"


async def create(client: AsyncClient, **overrides: Any) -> dict[str, Any]:
    response = await client.post(ITEMS, json=item_payload(**overrides))
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def assert_error(body: dict[str, Any], code: str, field: str | None = None) -> None:
    error = body["error"]
    assert set(error) == {"code", "message", "details", "timestamp", "requestId"}
    assert error["code"] == code
    assert error["message"]
    assert datetime.fromisoformat(error["timestamp"]).tzinfo is not None
    if field is not None:
        assert field in {detail["field"] for detail in error["details"]}, error["details"]


async def test_create_returns_201_location_and_the_item(client: AsyncClient) -> None:
    response = await client.post(ITEMS, json={"name": "  Widget  ", "description": "Blue"})

    assert response.status_code == 201
    body = response.json()
    assert body["meta"] == {}
    item = body["data"]
    assert item["name"] == "Widget"
    assert item["description"] == "Blue"
    assert uuid.UUID(item["id"])
    assert item["updatedAt"] >= item["createdAt"]
    assert response.headers["location"] == f"{ITEMS}/{item['id']}"
    assert (await client.get(response.headers["location"])).json()["data"] == item


async def test_get_unknown_item_is_404(client: AsyncClient) -> None:
    response = await client.get(f"{ITEMS}/{uuid.uuid4()}")

    assert response.status_code == 404
    assert_error(response.json(), "NOT_FOUND")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": 42}, "name"),
        ({"name": "ok", "description": ["not", "text"]}, "description"),
        ({"name": "ok", "colour": "red"}, "colour"),
        ({"name": "nul\u0000inside"}, "name"),
        ({"name": "ok", "description": "nul\u0000inside"}, "description"),
    ],
)
async def test_create_rejects_invalid_bodies(
    client: AsyncClient, payload: dict[str, Any], field: str
) -> None:
    response = await client.post(ITEMS, json=payload)

    assert response.status_code == 400
    assert_error(response.json(), "VALIDATION_ERROR", field)


async def test_malformed_json_is_400(client: AsyncClient) -> None:
    response = await client.post(
        ITEMS, content=b'{"name": ', headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400
    assert_error(response.json(), "VALIDATION_ERROR", "body")


async def test_name_longest_allowed_is_accepted(client: AsyncClient) -> None:
    assert (await create(client, name="x" * 200))["name"] == "x" * 200


async def test_duplicate_name_is_409(client: AsyncClient) -> None:
    await create(client, name="Unique")

    response = await client.post(ITEMS, json={"name": "Unique"})

    assert response.status_code == 409
    assert_error(response.json(), "CONFLICT", "name")


async def test_invalid_item_id_is_400(client: AsyncClient) -> None:
    response = await client.get(f"{ITEMS}/not-a-uuid")

    assert response.status_code == 400
    assert_error(response.json(), "VALIDATION_ERROR", "item_id")


async def test_patch_changes_only_given_fields(client: AsyncClient) -> None:
    item = await create(client, name="Before", description="Kept")

    response = await client.patch(f"{ITEMS}/{item['id']}", json={"name": "After"})

    assert response.status_code == 200
    updated = response.json()["data"]
    assert updated["name"] == "After"
    assert updated["description"] == "Kept"
    assert updated["createdAt"] == item["createdAt"]
    assert updated["updatedAt"] > item["updatedAt"]


async def test_patch_null_description_clears_it(client: AsyncClient) -> None:
    item = await create(client)

    response = await client.patch(f"{ITEMS}/{item['id']}", json={"description": None})

    assert response.json()["data"]["description"] is None


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"name": None}, "name"), ({"name": ""}, "name"), ({"id": "x"}, "id")],
)
async def test_patch_rejects_invalid_bodies(
    client: AsyncClient, payload: dict[str, Any], field: str
) -> None:
    item = await create(client)

    response = await client.patch(f"{ITEMS}/{item['id']}", json=payload)

    assert response.status_code == 400
    assert_error(response.json(), "VALIDATION_ERROR", field)


async def test_patch_to_a_taken_name_is_409(client: AsyncClient) -> None:
    await create(client, name="Taken")
    item = await create(client)

    response = await client.patch(f"{ITEMS}/{item['id']}", json={"name": "Taken"})

    assert response.status_code == 409
    assert_error(response.json(), "CONFLICT")


async def test_patch_unknown_item_is_404(client: AsyncClient) -> None:
    response = await client.patch(f"{ITEMS}/{uuid.uuid4()}", json={"name": "x"})

    assert response.status_code == 404


async def test_delete_returns_204_then_the_item_is_gone(client: AsyncClient) -> None:
    item = await create(client)

    response = await client.delete(f"{ITEMS}/{item['id']}")

    assert response.status_code == 204
    assert response.content == b""
    assert (await client.get(f"{ITEMS}/{item['id']}")).status_code == 404
    assert (await client.delete(f"{ITEMS}/{item['id']}")).status_code == 404
