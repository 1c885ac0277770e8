"""Database outages and shutdown: needs a service this suite started (it stops things)."""

import signal
import socket
import time

import httpx
import pytest

from .conftest import Service
from .expectations import ITEMS, assert_error

contract = pytest.mark.contract


def wait_for_status(api: httpx.Client, path: str, status: int, seconds: float) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        response = api.get(path)
        if response.status_code == status or time.monotonic() > deadline:
            return response
        time.sleep(0.25)


@contract("HEALTH-READY-DB-DOWN")
@contract("ERR-503")
def test_ready_reports_a_stopped_database_then_recovers(
    api: httpx.Client, service: Service
) -> None:
    if service.database is None:
        pytest.skip("needs a database server this suite can stop (one it started itself)")
    service.database.stop()
    try:
        started = time.monotonic()
        ready = wait_for_status(api, "/ready", 503, seconds=10)
        assert time.monotonic() - started < 10, "/ready must answer within a bounded time"
        assert_error(ready, 503, "SERVICE_UNAVAILABLE", "database")
        assert_error(api.get(ITEMS), 503, "SERVICE_UNAVAILABLE", "database")
        assert api.get("/health").status_code == 200, "liveness does not depend on the database"
    finally:
        service.database.start()

    assert wait_for_status(api, "/ready", 200, seconds=30).status_code == 200
    assert wait_for_status(api, ITEMS, 200, seconds=30).status_code == 200


@contract("SHUTDOWN-GRACEFUL")
def test_sigterm_lets_an_in_flight_request_finish(service: Service) -> None:
    if service.spawn is None:
        pytest.skip("needs a service process this suite can signal")
    instance = service.spawn()
    body = b'{"name": "in flight during shutdown"}'
    head = (
        f"POST {ITEMS} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()

    with socket.create_connection(("127.0.0.1", instance.port), timeout=10) as connection:
        # Half the body: the request has started and cannot finish until we send the rest.
        connection.sendall(head + body[:10])
        time.sleep(0.3)
        assert instance.process is not None
        instance.process.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        assert instance.process.poll() is None, "the service quit with a request in flight"
        connection.sendall(body[10:])
        response = b""
        while chunk := connection.recv(65536):
            response += chunk

    assert response.startswith(b"HTTP/1.1 201"), response[:200]
    status = instance.process.wait(timeout=30)
    assert status in {0, 128 + signal.SIGTERM, -signal.SIGTERM}, instance.log()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{instance.base_url}/health", timeout=2)
