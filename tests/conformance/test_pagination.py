"""Cursor pagination: every item once, in a stable order, with a capped page size."""

from typing import Any

import httpx
import pytest

from .expectations import ITEMS, assert_error, create_item

contract = pytest.mark.contract


def walk(api: httpx.Client, limit: int) -> list[dict[str, Any]]:
    """Every page, following nextCursor until it is null (bounded)."""
    pages: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": limit}
    for _ in range(10_000):
        response = api.get(ITEMS, params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body["meta"]) == {"limit", "nextCursor"}
        assert len(body["data"]) <= limit
        pages.append(body)
        if body["meta"]["nextCursor"] is None:
            return pages
        params["cursor"] = body["meta"]["nextCursor"]
    pytest.fail("pagination did not end")


@contract("PAGE-CURSOR")
def test_walking_all_pages_visits_every_item_once_newest_first(api: httpx.Client) -> None:
    created = [create_item(api)["id"] for _ in range(12)]

    pages = walk(api, limit=5)

    seen = [item["id"] for page in pages for item in page["data"]]
    assert len(seen) == len(set(seen)), "an item appeared twice"
    ours = [item_id for item_id in seen if item_id in set(created)]
    assert ours == list(reversed(created)), "ours missing or out of order"
    assert all(len(page["data"]) == 5 for page in pages[:-1])


@contract("PAGE-CURSOR")
def test_items_added_while_walking_do_not_shift_later_pages(api: httpx.Client) -> None:
    create_item(api)
    create_item(api)
    first = api.get(ITEMS, params={"limit": 1}).json()
    create_item(api)

    second = api.get(ITEMS, params={"limit": 1, "cursor": first["meta"]["nextCursor"]}).json()

    assert second["data"][0]["id"] != first["data"][0]["id"]
    assert second["data"][0]["createdAt"] <= first["data"][0]["createdAt"]


@contract("PAGE-LIMIT-CAP")
def test_limits_default_and_cap(api: httpx.Client) -> None:
    default = api.get(ITEMS).json()
    capped = api.get(ITEMS, params={"limit": 1000}).json()

    assert default["meta"]["limit"] == 20
    assert capped["meta"]["limit"] == 100
    assert len(capped["data"]) <= 100


@contract("PAGE-LIMIT-CAP")
@pytest.mark.parametrize("limit", ["0", "-1", "ten", "1.5"])
def test_invalid_limits_are_400(api: httpx.Client, limit: str) -> None:
    assert_error(api.get(ITEMS, params={"limit": limit}), 400, "VALIDATION_ERROR", "limit")


@contract("PAGE-CURSOR-INVALID")
@pytest.mark.parametrize("cursor", ["not-a-cursor", "bm90fGF8dXVpZA", "%%%", "x" * 300])
def test_cursors_not_issued_by_the_service_are_400(api: httpx.Client, cursor: str) -> None:
    assert_error(api.get(ITEMS, params={"cursor": cursor}), 400, "VALIDATION_ERROR", "cursor")
