"""Per-client rate limiting (RATE_LIMIT), answered with 429 and Retry-After."""

import math
import re
import time
from dataclasses import dataclass
from typing import Protocol

from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import ErrorCode, error_response

# Probes and scrapers must never be throttled into reporting an outage.
EXEMPT_PATHS = frozenset({"/health", "/ready", "/metrics"})

_PERIOD_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(second|minute|hour|day)s?\s*$")


@dataclass(frozen=True)
class Rate:
    requests: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """'100/minute', '10/second', '1000/5 minutes'."""
        match = _RATE.match(text.lower())
        if match is None or int(match[1]) < 1:
            raise ValueError(f"not a rate: {text!r}")
        count, multiplier, unit = match.groups()
        return cls(int(count), int(multiplier or 1) * _PERIOD_SECONDS[unit])


class RateLimiter(Protocol):
    async def hit(self, client: str, now: float) -> float | None:
        """Count one request; None if allowed, else the seconds until the next window."""
        ...


class FixedWindowLimiter:
    """Counts requests per client in fixed windows, in this process's memory.

    The event loop runs one request handler at a time, so no lock is needed. Limits hold
    per process: N processes let a client through N times (see README, "Rate limiting").
    """

    def __init__(self, rate: Rate) -> None:
        self.rate = rate
        self._window_start = 0.0
        self._counts: dict[str, int] = {}

    async def hit(self, client: str, now: float) -> float | None:
        """Count one request; None if allowed, else the seconds until the next window."""
        if now - self._window_start >= self.rate.seconds:
            # A new window: every client starts again, and memory stays bounded.
            self._window_start = now - (now % self.rate.seconds)
            self._counts.clear()
        count = self._counts.get(client, 0) + 1
        self._counts[client] = count
        if count <= self.rate.requests:
            return None
        return self._window_start + self.rate.seconds - now


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return

        # The client address is the proxy-resolved one (uvicorn --proxy-headers).
        client = scope["client"][0] if scope.get("client") else "unknown"
        retry_after = await self.limiter.hit(client, time.time())
        if retry_after is None:
            await self.app(scope, receive, send)
            return

        headers = {"Retry-After": str(max(1, math.ceil(retry_after)))}
        await error_response(ErrorCode.RATE_LIMITED, headers=headers)(scope, receive, send)
