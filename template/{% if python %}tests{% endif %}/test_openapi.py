"""The served OpenAPI document documents the contract, not FastAPI's defaults."""

from typing import Any

from httpx import AsyncClient

ENVELOPE_REF = "#/components/schemas/ErrorEnvelope"


async def test_every_operation_documents_errors_with_the_envelope(client: AsyncClient) -> None:
    document: dict[str, Any] = (await client.get("/openapi.json")).json()

    operations = [op for path in document["paths"].values() for op in path.values()]
    assert operations
    for operation in operations:
        responses = operation["responses"]
        assert "422" not in responses
        documented_errors = {status for status in responses if status >= "400"}
        assert "500" in documented_errors
        for status in documented_errors:
            schema = responses[status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": ENVELOPE_REF}
    assert "HTTPValidationError" not in document["components"]["schemas"]


async def test_rate_limited_operations_document_429(client: AsyncClient) -> None:
    document: dict[str, Any] = (await client.get("/openapi.json")).json()

    for path, path_item in document["paths"].items():
        for operation in path_item.values():
            assert ("429" in operation["responses"]) == path.startswith("/api/"), path
