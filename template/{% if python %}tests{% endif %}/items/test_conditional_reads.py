"""ETag and If-None-Match on item reads: a client holding the current copy gets 304."""

import pytest
from httpx import AsyncClient

from .test_router import ITEMS, create


async def test_a_read_carries_an_etag_that_a_conditional_read_answers_with_304(
    client: AsyncClient,
) -> None:
    item = await create(client)
    url = f"{ITEMS}/{item['id']}"
    first = await client.get(url)
    tag = first.headers["etag"]
    assert tag.startswith('"')
    assert tag.endswith('"')
    assert (await client.get(url)).headers["etag"] == tag, "the same representation, the same tag"

    unchanged = await client.get(url, headers={"If-None-Match": tag})

    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged.headers["etag"] == tag


@pytest.mark.parametrize(
    "condition",
    ["{tag}", "W/{tag}", '"other", {tag}', "*"],
    ids=["exact", "weak", "in-a-list", "any"],
)
async def test_if_none_match_forms_that_match(client: AsyncClient, condition: str) -> None:
    url = f"{ITEMS}/{(await create(client))['id']}"
    tag = (await client.get(url)).headers["etag"]

    response = await client.get(url, headers={"If-None-Match": condition.format(tag=tag)})

    assert response.status_code == 304


async def test_a_change_makes_the_old_etag_stale(client: AsyncClient) -> None:
    url = f"{ITEMS}/{(await create(client))['id']}"
    old_tag = (await client.get(url)).headers["etag"]
    assert (await client.patch(url, json={"description": "Changed"})).status_code == 200

    response = await client.get(url, headers={"If-None-Match": old_tag})

    assert response.status_code == 200
    assert response.json()["data"]["description"] == "Changed"
    assert response.headers["etag"] != old_tag


async def test_a_tag_of_another_representation_does_not_match(client: AsyncClient) -> None:
    url = f"{ITEMS}/{(await create(client))['id']}"

    response = await client.get(url, headers={"If-None-Match": '"not-the-tag"'})

    assert response.status_code == 200
    assert response.json()["data"]["id"] == url.rsplit("/", 1)[1]
