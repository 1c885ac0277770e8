"""Another service for the outbound tests: a real HTTP server on loopback, told what to answer.

Each path answers from a script of replies, the last repeated forever, so a test can make
a service that fails twice then recovers, or one that never answers in time. Every
request it receives is recorded, headers included.
"""

import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

from ..loopback import LoopbackServer


@dataclass(frozen=True)
class Reply:
    status: int = 200
    delay_seconds: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]


class Upstream(LoopbackServer):
    def __init__(self) -> None:
        """A service on a free loopback port, already answering 200 on every path."""
        self.received: list[Received] = []
        self._scripts: dict[str, deque[Reply]] = defaultdict(lambda: deque([Reply()]))
        self._lock = threading.Lock()
        super().__init__(self._handler())

    def script(self, path: str, *replies: Reply) -> None:
        """Answer these replies in turn on this path, then the last one for ever."""
        with self._lock:
            self._scripts[path] = deque(replies)

    def calls_to(self, path: str) -> list[Received]:
        with self._lock:
            return [request for request in self.received if request.path == path]

    def _next_reply(self, request: Received) -> Reply:
        with self._lock:
            self.received.append(request)
            script = self._scripts[request.path]
            return script.popleft() if len(script) > 1 else script[0]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                headers = {name.lower(): value for name, value in self.headers.items()}
                reply = upstream._next_reply(Received(self.command, self.path, headers))
                time.sleep(reply.delay_seconds)
                body = json.dumps({"data": {"status": reply.status}, "meta": {}}).encode()
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting: what a timeout test wants

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

            def log_message(self, format: str, *args: object) -> None:
                pass  # the tests read `received` instead

        return Handler
