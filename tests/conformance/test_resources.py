"""Resources, envelopes, pagination and the 4xx family, over HTTP only."""

import uuid

import httpx
import pytest

from .expectations import ITEMS, assert_error, assert_timestamp, create_item, unique_name

contract = pytest.mark.contract


@contract("CREATE-201-LOCATION")
@contract("BODY-ENVELOPE")
@contract("API-PREFIX")
def test_create_answers_201_with_location_and_envelope(api: httpx.Client) -> None:
    name = unique_name()
    response = api.post(ITEMS, json={"name": name, "description": "made by the suite"})

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"data", "meta"}
    assert isinstance(body["meta"], dict)
    assert body["data"]["name"] == name
    location = response.headers["location"]
    assert location.endswith(f"{ITEMS}/{body['data']['id']}")
    fetched = api.get(location)
    assert fetched.status_code == 200
    assert fetched.json()["data"] == body["data"]


@contract("BODY-CAMELCASE")
@contract("TIMESTAMPS-RFC3339")
def test_members_are_camel_case_and_timestamps_rfc3339(api: httpx.Client) -> None:
    item = create_item(api)

    assert {"id", "name", "description", "createdAt", "updatedAt"} <= set(item)
    assert_timestamp(item["createdAt"])
    assert_timestamp(item["updatedAt"])


@contract("PATCH-PARTIAL")
def test_patch_changes_only_given_members(api: httpx.Client) -> None:
    item = create_item(api, description="kept")
    new_name = unique_name("renamed")

    renamed = api.patch(f"{ITEMS}/{item['id']}", json={"name": new_name})
    cleared = api.patch(f"{ITEMS}/{item['id']}", json={"description": None})
    refused = api.patch(f"{ITEMS}/{item['id']}", json={"name": None})

    assert renamed.status_code == 200
    assert renamed.json()["data"]["description"] == "kept"
    assert cleared.json()["data"] == renamed.json()["data"] | {
        "description": None,
        "updatedAt": cleared.json()["data"]["updatedAt"],
    }
    assert_error(refused, 400, "VALIDATION_ERROR")


@contract("ETAG-304")
def test_conditional_reads_answer_304_while_the_resource_is_unchanged(api: httpx.Client) -> None:
    url = f"{ITEMS}/{create_item(api)['id']}"
    tag = api.get(url).headers["etag"]

    for condition in (tag, f"W/{tag}", f'"another-tag", {tag}', "*"):
        unchanged = api.get(url, headers={"If-None-Match": condition})
        assert unchanged.status_code == 304, condition
        assert unchanged.content == b""
        assert unchanged.headers["etag"] == tag
    assert api.get(url, headers={"If-None-Match": '"another-tag"'}).status_code == 200

    assert api.patch(url, json={"description": "changed"}).status_code == 200
    changed = api.get(url, headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert changed.json()["data"]["description"] == "changed"
    assert changed.headers["etag"] != tag


@contract("DELETE-204")
@contract("ERR-404-MISSING")
def test_delete_answers_204_then_404(api: httpx.Client) -> None:
    item = create_item(api)

    deleted = api.delete(f"{ITEMS}/{item['id']}")

    assert deleted.status_code == 204
    assert deleted.content == b""
    assert_error(api.get(f"{ITEMS}/{item['id']}"), 404, "NOT_FOUND")
    assert_error(api.delete(f"{ITEMS}/{item['id']}"), 404, "NOT_FOUND")


@contract("ERR-400-MALFORMED-JSON")
@contract("ERR-ENVELOPE")
def test_malformed_json_is_400(api: httpx.Client) -> None:
    response = api.post(ITEMS, content=b'{"name": ', headers={"Content-Type": "application/json"})

    assert_error(response, 400, "VALIDATION_ERROR", "body")


@contract("ERR-400-VALIDATION")
@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "name"), ({"name": 42}, "name"), ({"name": ""}, "name"), ({"name": "x" * 201}, "name")],
)
def test_invalid_bodies_are_400_naming_the_field(
    api: httpx.Client, body: dict[str, object], field: str
) -> None:
    assert_error(api.post(ITEMS, json=body), 400, "VALIDATION_ERROR", field)


@contract("UNKNOWN-MEMBERS-400")
def test_unknown_members_are_400(api: httpx.Client) -> None:
    response = api.post(ITEMS, json={"name": unique_name(), "colour": "red"})

    assert_error(response, 400, "VALIDATION_ERROR", "colour")


@contract("ERR-400-VALIDATION")
def test_bad_path_value_is_400(api: httpx.Client) -> None:
    assert_error(api.get(f"{ITEMS}/not-a-uuid"), 400, "VALIDATION_ERROR")


@contract("ERR-404-UNKNOWN-ROUTE")
@contract("ERR-ENVELOPE")
@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/nowhere", "/api/v2/items"])
def test_unknown_routes_are_404(api: httpx.Client, path: str) -> None:
    assert_error(api.get(path), 404, "NOT_FOUND")


@contract("ERR-405")
def test_unsupported_method_is_405_with_allow(api: httpx.Client) -> None:
    response = api.put(ITEMS, json={})

    assert_error(response, 405, "METHOD_NOT_ALLOWED")
    assert "POST" in response.headers["allow"]


@contract("ERR-409-CONFLICT")
def test_duplicate_name_is_409(api: httpx.Client) -> None:
    item = create_item(api)

    assert_error(api.post(ITEMS, json={"name": item["name"]}), 409, "CONFLICT")


@contract("BODY-413")
def test_body_over_the_limit_is_413(api: httpx.Client) -> None:
    # Twice the default MAX_BODY_BYTES (1 MiB).
    response = api.post(ITEMS, json={"name": "big", "description": "x" * 2_097_152})

    assert_error(response, 413, "PAYLOAD_TOO_LARGE")


@contract("RATE-429")
def test_rate_limit_answers_429_with_retry_after(api: httpx.Client) -> None:
    # Bounded: the default RATE_LIMIT is 100/minute; a service allowing 2,000 fails here.
    for _ in range(2000):
        response = api.get(f"{ITEMS}/{uuid.uuid4()}")
        if response.status_code == 429:
            break
    else:
        pytest.fail("no 429 after 2,000 requests from one client")

    assert_error(response, 429, "RATE_LIMITED")
    assert 1 <= int(response.headers["retry-after"]) <= 86400
    assert api.get("/health").status_code == 200, "probes are never rate limited"


@contract("ROBUST-INPUT")
@pytest.mark.parametrize(
    "body",
    [
        {"name": "nul\u0000inside"},
        {"name": "ok", "description": "nul\u0000inside"},
        {"name": "bell\u0007"},
        {"name": "😀 emoji and ünïcödé are fine"},
    ],
)
def test_awkward_strings_are_stored_or_refused_never_500(
    api: httpx.Client, body: dict[str, str]
) -> None:
    # Databases choke on some characters (PostgreSQL cannot store NUL in text): the service
    # must refuse those with 400 rather than pass them down and fail.
    response = api.post(ITEMS, json={**body, "name": f"{body['name']} {unique_name()}"})

    assert response.status_code in {201, 400}, response.text
    if response.status_code == 400:
        assert_error(response, 400, "VALIDATION_ERROR")
    else:
        assert response.json()["data"]["name"].startswith(body["name"])
