"""The one place where failures become HTTP responses, all in the error envelope."""

import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from http import HTTPStatus
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException
from starlette.routing import Match

from .logging import request_id_var

logger = logging.getLogger(__name__)


class ErrorCode(StrEnum):
    VALIDATION_ERROR = "VALIDATION_ERROR"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    CONFLICT = "CONFLICT"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    RATE_LIMITED = "RATE_LIMITED"
    INTERNAL_ERROR = "INTERNAL_ERROR"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"


STATUS_BY_CODE: dict[ErrorCode, int] = {
    ErrorCode.VALIDATION_ERROR: 400,
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.METHOD_NOT_ALLOWED: 405,
    ErrorCode.CONFLICT: 409,
    ErrorCode.PAYLOAD_TOO_LARGE: 413,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.INTERNAL_ERROR: 500,
    ErrorCode.SERVICE_UNAVAILABLE: 503,
}
CODE_BY_STATUS = {status: code for code, status in STATUS_BY_CODE.items()}

# Framework errors (unknown route, wrong method...) get our wording, not the framework's.
_DEFAULT_MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.VALIDATION_ERROR: "The request is invalid.",
    ErrorCode.UNAUTHENTICATED: "Authentication is required.",
    ErrorCode.FORBIDDEN: "You are not allowed to do this.",
    ErrorCode.NOT_FOUND: "The requested resource does not exist.",
    ErrorCode.METHOD_NOT_ALLOWED: "This method is not allowed on this resource.",
    ErrorCode.CONFLICT: "The request conflicts with the current state of the resource.",
    ErrorCode.PAYLOAD_TOO_LARGE: "The request body is too large.",
    ErrorCode.RATE_LIMITED: "Too many requests; retry later.",
    ErrorCode.INTERNAL_ERROR: "An unexpected error occurred.",
    ErrorCode.SERVICE_UNAVAILABLE: "The service is temporarily unavailable.",
}

# Failures that mean "the database cannot be reached right now", not "this request is
# wrong": no connection, a dropped connection, or no free pooled connection in time.
DATABASE_UNAVAILABLE_ERRORS = (PoolTimeoutError, OperationalError, InterfaceError, ConnectionError)

Details = Sequence[tuple[str, str]]

_HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


class AppError(Exception):
    """An expected failure that maps to one error code; subclass per domain error."""

    code: ClassVar[ErrorCode] = ErrorCode.INTERNAL_ERROR

    def __init__(
        self,
        message: str | None = None,
        details: Details = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.message = message or _DEFAULT_MESSAGES[self.code]
        self.details = details
        self.headers = dict(headers or {})
        super().__init__(self.message)


class NotFoundError(AppError):
    code = ErrorCode.NOT_FOUND


class ConflictError(AppError):
    code = ErrorCode.CONFLICT


class InvalidRequestError(AppError):
    code = ErrorCode.VALIDATION_ERROR


class ServiceUnavailableError(AppError):
    code = ErrorCode.SERVICE_UNAVAILABLE


class PayloadTooLargeError(HTTPException):
    """Raised while the body is read; an HTTPException so FastAPI's body parsing re-raises it."""

    def __init__(self) -> None:
        super().__init__(status_code=HTTPStatus.REQUEST_ENTITY_TOO_LARGE)


def error_response(
    code: ErrorCode,
    message: str | None = None,
    details: Details = (),
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = {
        "error": {
            "code": code.value,
            "message": message or _DEFAULT_MESSAGES[code],
            "details": [{"field": field, "message": text} for field, text in details],
            "timestamp": datetime.now(UTC).isoformat(),
            "requestId": request_id_var.get(),
        }
    }
    return JSONResponse(body, status_code=STATUS_BY_CODE[code], headers=headers)


def _field_name(location: Sequence[Any]) -> str:
    # ("body", "name") -> "name"; ("query", "limit") -> "limit"; ("body",) -> "body"
    parts = [str(part) for part in location]
    return ".".join(parts[1:]) if len(parts) > 1 else parts[0] if parts else "request"


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route accepts on this path (the router names only the first route's)."""
    return [
        method
        for method in _HTTP_METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.router.routes
        )
    ]


def install_exception_handlers(app: FastAPI) -> None:
    """Unexpected exceptions are handled by the request-context middleware (it logs them)."""

    @app.exception_handler(AppError)
    async def handle_app_error(_: Request, exc: AppError) -> JSONResponse:
        headers = exc.headers
        if exc.code is ErrorCode.SERVICE_UNAVAILABLE:
            headers = {"Retry-After": "5"} | headers
        return error_response(exc.code, exc.message, exc.details, headers)

    @app.exception_handler(RequestValidationError)
    async def handle_validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            ("body", "Malformed JSON.")
            if problem["type"] == "json_invalid"
            else (_field_name(problem["loc"]), str(problem["msg"]))
            for problem in exc.errors()
        ]
        return error_response(ErrorCode.VALIDATION_ERROR, details=details)

    async def handle_database_unavailable(_: Request, exc: Exception) -> JSONResponse:
        logger.warning("Database unavailable", extra={"error": repr(exc)})
        return error_response(
            ErrorCode.SERVICE_UNAVAILABLE,
            "The database is unavailable; retry later.",
            details=[("database", "unavailable")],
            headers={"Retry-After": "5"},
        )

    for error_class in DATABASE_UNAVAILABLE_ERRORS:
        app.add_exception_handler(error_class, handle_database_unavailable)

    @app.exception_handler(HTTPException)
    async def handle_http_exception(request: Request, exc: HTTPException) -> JSONResponse:
        # Framework detail strings are generic or internal; clients get the contract's wording.
        code = CODE_BY_STATUS.get(exc.status_code, ErrorCode.INTERNAL_ERROR)
        headers = dict(exc.headers or {})
        if code is ErrorCode.METHOD_NOT_ALLOWED:
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return error_response(code, headers=headers)
