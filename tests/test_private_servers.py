"""The private brokers do what the conformance suite relies on: a test may stop one, its
clients are refused, start() brings it back on the same port, destroy() leaves nothing.

That queued jobs survive the restart is proven end to end by the conformance suite
(`JOBS-DURABLE`, through the generated service's own clients); here Redis, whose CLI is at
hand, shows its persistence directly.
"""

import socket
import subprocess
from pathlib import Path

import pytest

from .services import PrivateNats, PrivateRabbitMQ, PrivateRedis

# Real servers, as the other slow tests use; each test has its own, so no xdist group.
pytestmark = pytest.mark.slow


def refuses_connections(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def assert_gone(port: int, directory: Path) -> None:
    assert refuses_connections(port), "destroy() left the server listening"
    assert not directory.exists(), "destroy() left the directory behind"


def test_private_redis_keeps_a_stream_across_a_restart() -> None:
    redis = PrivateRedis()
    try:

        def cli(*arguments: str) -> str:
            result = subprocess.run(
                ["redis-cli", "-u", redis.url(), *arguments],
                capture_output=True, text=True, check=True, timeout=10,
            )  # fmt: skip
            return result.stdout.strip()

        entry = cli("XADD", "jobs", "*", "item", "42")
        redis.stop()
        assert refuses_connections(redis.port)
        redis.start()
        assert cli("XRANGE", "jobs", "-", "+").splitlines() == [entry, "item", "42"]
    finally:
        redis.destroy()
    assert_gone(redis.port, redis.directory)


@pytest.mark.parametrize("server_class", [PrivateNats, PrivateRabbitMQ])
def test_a_private_broker_restarts_on_its_port_and_leaves_nothing(
    server_class: type[PrivateNats | PrivateRabbitMQ],
) -> None:
    shared_rabbitmq_was_up = not refuses_connections(5672)
    server = server_class()
    try:
        server.stop()
        assert refuses_connections(server.port)
        server.start()  # returns once the broker answers a client again
        assert not refuses_connections(server.port)
    finally:
        server.destroy()
    assert_gone(server.port, server.directory)
    if isinstance(server, PrivateRabbitMQ):
        epmd = subprocess.run(["epmd", "-names"], capture_output=True, text=True, check=False)
        assert server.node.partition("@")[0] not in epmd.stdout, "our node is still registered"
        beams = subprocess.run(["pgrep", "-f", server.node], capture_output=True, check=False)
        assert beams.returncode == 1, "a process of our node is still running"
        if shared_rabbitmq_was_up:
            assert not refuses_connections(5672), "the shared RabbitMQ went down"
