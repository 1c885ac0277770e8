"""Refuse request bodies above MAX_BODY_BYTES with 413, declared or streamed."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import ErrorCode, PayloadTooLargeError, error_response


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        declared = _declared_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            # Answer before reading a byte of the body.
            await error_response(ErrorCode.PAYLOAD_TOO_LARGE)(scope, receive, send)
            return

        received = 0

        async def receive_within_limit() -> Message:
            # Chunked bodies carry no length: count as they arrive.
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise PayloadTooLargeError
            return message

        await self.app(scope, receive_within_limit, send)
