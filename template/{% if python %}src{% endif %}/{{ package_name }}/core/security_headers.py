"""Security headers on every response, errors included."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# API responses are data, never documents: forbid every kind of embedding and loading.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# The interactive docs page loads Swagger UI from its CDN and runs its inline bootstrap.
DOCS_CSP = (
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'; "
    "img-src 'self' data: https://fastapi.tiangolo.com; "
    "script-src 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'unsafe-inline' https://cdn.jsdelivr.net"
)
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect"})

_COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _raw(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode(), value.encode()) for name, value in headers.items()]


# Encoded once: this runs on every response.
_API_HEADERS = _raw(_COMMON_HEADERS | {"Content-Security-Policy": API_CSP})
_DOCS_HEADERS = _raw(_COMMON_HEADERS | {"Content-Security-Policy": DOCS_CSP})


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        added = _DOCS_HEADERS if scope["path"] in DOCS_PATHS else _API_HEADERS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # A header the application set itself wins over our default.
                present = {name for name, _ in message["headers"]}
                message["headers"] = [
                    *message["headers"],
                    *(header for header in added if header[0] not in present),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)
