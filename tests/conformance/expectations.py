"""What the contract says every response looks like, as reusable assertions."""

import re
import uuid
from datetime import datetime
from typing import Any

import httpx

ITEMS = "/api/v1/items"
ERROR_MEMBERS = {"code", "message", "details", "timestamp", "requestId"}
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}
GENERATED_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def unique_name(prefix: str = "item") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def assert_timestamp(value: str) -> None:
    assert datetime.fromisoformat(value).tzinfo is not None, f"no offset in {value!r}"


def assert_error(response: httpx.Response, status: int, code: str, field: str | None = None) -> Any:
    """ERR-ENVELOPE: exactly the contract's members, the right code, the request ID echoed."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == ERROR_MEMBERS
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], list)
    for detail in error["details"]:
        assert set(detail) == {"field", "message"}
    assert_timestamp(error["timestamp"])
    assert error["requestId"] == response.headers["x-request-id"]
    if field is not None:
        fields = {detail["field"] for detail in error["details"]}
        assert field in fields, f"{field!r} not among {fields}"
    assert "Traceback" not in response.text
    return error


def assert_security_headers(response: httpx.Response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, f"{name} on {response.request.url}"
    assert "default-src 'none'" in response.headers["content-security-policy"]


def create_item(client: httpx.Client, **body: Any) -> dict[str, Any]:
    response = client.post(ITEMS, json={"name": unique_name(), **body})
    assert response.status_code == 201, response.text
    item: dict[str, Any] = response.json()["data"]
    return item
