"""Per-client rate limiting (RATE_LIMIT), answered with 429 and Retry-After."""

import math
import time

from limits import parse as parse_rate_limit
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter
from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import ErrorCode, error_response

# Probes and scrapers must never be throttled into reporting an outage.
EXEMPT_PATHS = frozenset({"/health", "/ready", "/metrics"})


class RateLimitMiddleware:
    """Counts in process memory: limits hold per instance (see README, "Rate limiting")."""

    def __init__(self, app: ASGIApp, rate_limit: str) -> None:
        self.app = app
        self.limit = parse_rate_limit(rate_limit)
        self.limiter = FixedWindowRateLimiter(MemoryStorage())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return

        # The client address is the proxy-resolved one (uvicorn --proxy-headers).
        client = scope["client"][0] if scope.get("client") else "unknown"
        if self.limiter.hit(self.limit, client):
            await self.app(scope, receive, send)
            return

        reset_at, _ = self.limiter.get_window_stats(self.limit, client)
        retry_after = max(1, math.ceil(reset_at - time.time()))
        response = error_response(ErrorCode.RATE_LIMITED, headers={"Retry-After": str(retry_after)})
        await response(scope, receive, send)
