"""OpenAPI document: every error documented with the envelope, FastAPI's 422 removed."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from .errors import CODE_BY_STATUS
from .schemas import ErrorEnvelope

# Any operation can fail unexpectedly.
_ALWAYS = (500,)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` argument for a route that can fail with these statuses."""
    return {
        status: {"model": ErrorEnvelope, "description": CODE_BY_STATUS[status].value}
        for status in sorted({*statuses, *_ALWAYS})
    }


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI documents validation failures as 422 with its own schema; we answer 400."""
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                operation.get("responses", {}).pop("422", None)
        components = schema.get("components", {}).get("schemas", {})
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        app.openapi_schema = schema
    return app.openapi_schema
