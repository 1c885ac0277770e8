"""Cursor pagination over the items list."""

from typing import Any

import pytest
from httpx import AsyncClient

from .factories import item_payload
from .test_router import ITEMS, assert_error


async def create_many(client: AsyncClient, count: int) -> list[str]:
    ids = []
    for _ in range(count):
        response = await client.post(ITEMS, json=item_payload())
        ids.append(response.json()["data"]["id"])
    return ids


async def walk(client: AsyncClient, limit: int) -> list[dict[str, Any]]:
    pages: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": limit}
    while True:
        body = (await client.get(ITEMS, params=params)).json()
        pages.append(body)
        if body["meta"]["nextCursor"] is None:
            return pages
        params["cursor"] = body["meta"]["nextCursor"]


async def test_empty_list(client: AsyncClient) -> None:
    response = await client.get(ITEMS)

    assert response.status_code == 200
    assert response.json() == {"data": [], "meta": {"limit": 20, "nextCursor": None}}


async def test_walking_all_pages_yields_every_item_once_newest_first(client: AsyncClient) -> None:
    created = await create_many(client, 25)

    pages = await walk(client, limit=10)

    assert [len(page["data"]) for page in pages] == [10, 10, 5]
    seen = [item["id"] for page in pages for item in page["data"]]
    assert seen == list(reversed(created))


async def test_exact_multiple_of_the_page_size_ends_without_an_empty_page(
    client: AsyncClient,
) -> None:
    await create_many(client, 4)

    pages = await walk(client, limit=2)

    assert [len(page["data"]) for page in pages] == [2, 2]


async def test_items_created_while_walking_do_not_shift_later_pages(client: AsyncClient) -> None:
    created = await create_many(client, 6)
    first = (await client.get(ITEMS, params={"limit": 3})).json()
    await create_many(client, 2)

    rest = (
        await client.get(ITEMS, params={"limit": 10, "cursor": first["meta"]["nextCursor"]})
    ).json()

    seen = [item["id"] for item in first["data"] + rest["data"]]
    assert seen == list(reversed(created))


async def test_limit_above_the_cap_is_capped(client: AsyncClient) -> None:
    response = await client.get(ITEMS, params={"limit": 1000})

    assert response.status_code == 200
    assert response.json()["meta"]["limit"] == 100


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": -1}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "bm90fGF8dXVpZA"}, "cursor"),
        ({"cursor": "x" * 201}, "cursor"),
    ],
)
async def test_bad_query_values_are_400(
    client: AsyncClient, params: dict[str, Any], field: str
) -> None:
    response = await client.get(ITEMS, params=params)

    assert response.status_code == 400
    assert_error(response.json(), "VALIDATION_ERROR", field)
