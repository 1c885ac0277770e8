"""Outages of the servers a service needs, and shutdown.

Needs a service this suite started: it stops the service's own private servers.
"""

import signal
import socket
import time
import uuid

import httpx
import pytest

from ..services import PrivateServer
from .conftest import Service, new_client_address
from .expectations import ITEMS, assert_error, create_item, unique_name

contract = pytest.mark.contract


def wait_for_status(api: httpx.Client, path: str, status: int, seconds: float) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        response = api.get(path)
        if response.status_code == status or time.monotonic() > deadline:
            return response
        time.sleep(0.25)


def wait_until_ready(api: httpx.Client, seconds: float) -> None:
    """Until /ready reports every dependency back: 200 alone may still be `degraded`."""
    deadline = time.monotonic() + seconds
    while (response := api.get("/ready")).status_code != 200 or (
        response.json()["data"]["status"] != "ready"
    ):
        assert time.monotonic() < deadline, f"not ready again after {seconds} s: {response.text}"
        time.sleep(0.25)


def stoppable_server(service: Service, dependency: str) -> PrivateServer:
    """The server behind this dependency, if the suite started it and so may stop it."""
    server = service.servers.get(dependency)
    if server is None:
        pytest.skip(f"needs a {dependency} server this suite can stop (one it started itself)")
    return server


@contract("HEALTH-READY-DB-DOWN")
@contract("ERR-503")
def test_ready_reports_a_stopped_database_then_recovers(
    api: httpx.Client, service: Service
) -> None:
    database = stoppable_server(service, "database")
    database.stop()
    try:
        started = time.monotonic()
        ready = wait_for_status(api, "/ready", 503, seconds=10)
        assert time.monotonic() - started < 10, "/ready must answer within a bounded time"
        assert_error(ready, 503, "SERVICE_UNAVAILABLE", "database")
        assert_error(api.get(ITEMS), 503, "SERVICE_UNAVAILABLE", "database")
        assert api.get("/health").status_code == 200, "liveness does not depend on the database"
    finally:
        database.start()

    wait_until_ready(api, seconds=30)
    assert wait_for_status(api, ITEMS, 200, seconds=30).status_code == 200


def enrichment_status(api: httpx.Client, item_id: str) -> str:
    response = api.get(f"{ITEMS}/{item_id}/enrichment")
    assert response.status_code == 200, response.text
    status: str = response.json()["data"]["status"]
    return status


def enrichments_complete(api: httpx.Client, item_ids: list[str], seconds: float = 60) -> bool:
    """Whether every item's enrichment is completed within `seconds` (polled)."""
    deadline = time.monotonic() + seconds
    while {enrichment_status(api, item_id) for item_id in item_ids} != {"completed"}:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True


@contract("HEALTH-READY-QUEUE-DOWN")
@contract("JOBS-DURABLE")
def test_jobs_enqueued_before_a_broker_restart_are_processed_after_it(service: Service) -> None:
    if service.spawn_relay is not None:
        pytest.skip("an event-driven API enqueues nothing: see EVENTS-OUTBOX")
    broker = stoppable_server(service, "queue")
    assert service.spawn is not None and service.spawn_worker is not None
    # Queues of this test alone: the jobs of earlier tests (fuzzing makes many) stay out.
    queues = {"JOBS_NAMESPACE": f"conformance-{uuid.uuid4().hex[:8]}"}
    # Polled until the worker is done: no rate limit may answer in the worker's place.
    instance = service.spawn(**queues, RATE_LIMIT="1000/second")
    credentials = service.sign_in(instance.base_url)
    with httpx.Client(base_url=instance.base_url, headers=credentials, timeout=10) as api:
        waiting = [create_item(api)["id"] for _ in range(5)]
        assert {enrichment_status(api, item_id) for item_id in waiting} == {"pending"}

        broker.stop()
        try:
            ready = wait_for_status(api, "/ready", 503, seconds=15)
            assert_error(ready, 503, "SERVICE_UNAVAILABLE", "queue")
            refused_name = unique_name("refused")
            refused = api.post(ITEMS, json={"name": refused_name})
            assert_error(refused, 503, "SERVICE_UNAVAILABLE", "queue")
            assert api.get("/health").status_code == 200, "liveness does not depend on the queue"
        finally:
            broker.start()

        wait_until_ready(api, seconds=30)
        # The refused write was not kept: its name is free.
        assert api.post(ITEMS, json={"name": refused_name}).status_code == 201
        # So does the instance that served nothing through the outage: its connections to
        # the old broker are replaced, never handed to a request that then fails.
        headers = {"X-Forwarded-For": new_client_address()} | service.sign_in()
        with httpx.Client(base_url=service.base_url, headers=headers, timeout=10) as main:
            create_item(main)

        service.spawn_worker(**queues)
        assert enrichments_complete(api, waiting), "jobs enqueued before the restart were lost"


@contract("EVENTS-OUTBOX")
def test_writes_during_a_broker_outage_are_announced_after_it(service: Service) -> None:
    if service.spawn_relay is None:
        pytest.skip("needs an event-driven service the suite started, with its relay")
    broker = stoppable_server(service, "queue")
    assert service.spawn is not None and service.spawn_worker is not None
    queues = {"JOBS_NAMESPACE": f"conformance-{uuid.uuid4().hex[:8]}"}
    # Polled until the events are consumed: no rate limit may answer in their place.
    instance = service.spawn(**queues, RATE_LIMIT="1000/second")
    credentials = service.sign_in(instance.base_url)
    with httpx.Client(base_url=instance.base_url, headers=credentials, timeout=10) as api:
        relay = service.spawn_relay(**queues, OUTBOX_POLL_SECONDS="0.1")
        worker = service.spawn_worker(**queues)
        # Both connected before the outage: what is tested is their recovery from it.
        assert enrichments_complete(api, [create_item(api)["id"]]), "no event came through"
        broker.stop()
        try:
            # The API writes its events to its own database: the broker is not its concern.
            written = [create_item(api)["id"] for _ in range(5)]
            assert api.get("/ready").status_code == 200, "readiness does not depend on the broker"
            assert {enrichment_status(api, item_id) for item_id in written} == {"pending"}
        finally:
            broker.start()

        assert enrichments_complete(api, written), (
            "events written during the outage were lost:\n"
            f"relay:\n{relay.log()[-3000:]}\nworker:\n{worker.log()[-3000:]}"
        )


@contract("HEALTH-READY-DEGRADED")
def test_a_cache_outage_degrades_readiness_but_every_request_is_served(
    api: httpx.Client, service: Service
) -> None:
    cache = stoppable_server(service, "cache")
    if cache is service.servers.get("queue"):
        pytest.skip("the cache's Redis is the job broker too: stopping it stops the queue")
    item = create_item(api)
    url = f"{ITEMS}/{item['id']}"
    assert api.get(url).status_code == 200  # cached now

    cache.stop()
    try:
        started = time.monotonic()
        ready = api.get("/ready")
        assert time.monotonic() - started < 10, "/ready must answer within a bounded time"
        assert ready.status_code == 200, ready.text
        assert ready.json()["data"]["status"] == "degraded"
        assert ready.json()["data"]["cache"] == "unavailable"
        assert api.get(url).json()["data"] == item
        renamed = api.patch(url, json={"name": unique_name("renamed")})
        assert renamed.status_code == 200
        assert api.get(url).json()["data"] == renamed.json()["data"]
        assert create_item(api)["id"]
        assert api.delete(url).status_code == 204
        assert_error(api.get(url), 404, "NOT_FOUND")
    finally:
        cache.start()

    # At once: connections Redis closed when it stopped must not fail the first checks.
    back = api.get("/ready")
    assert back.json()["data"]["status"] == "ready", back.text


@contract("RATE-SHARED")
def test_processes_sharing_the_cache_share_each_clients_rate_limit(service: Service) -> None:
    if "cache" not in service.servers or service.spawn is None:
        pytest.skip("needs a shared rate-limit store (the cache) and processes of our own")
    # A day-long window: the requests cannot straddle two windows (unless at midnight UTC).
    limited = {"RATE_LIMIT": "5/day"}
    first, second = service.spawn(**limited), service.spawn(**limited)
    # The Redis is the suite's own and this the only test limiting per day: any address does.
    client = {"X-Forwarded-For": "198.19.0.1"} | service.sign_in(first.base_url)
    statuses = []
    for base_url in [first.base_url, second.base_url] * 3:
        with httpx.Client(base_url=base_url, headers=client, timeout=10) as api:
            statuses.append(api.get(ITEMS).status_code)

    assert statuses == [200] * 5 + [429], "the second process must count the first's requests"


@contract("SHUTDOWN-GRACEFUL")
def test_sigterm_lets_an_in_flight_request_finish(service: Service) -> None:
    if service.spawn is None:
        pytest.skip("needs a service process this suite can signal")
    instance = service.spawn()
    credentials = "".join(
        f"{name}: {value}\r\n" for name, value in service.sign_in(instance.base_url).items()
    )
    body = b'{"name": "in flight during shutdown"}'
    head = (
        f"POST {ITEMS} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"{credentials}Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
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
