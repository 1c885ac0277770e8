"""Background-job throughput of the generated service, per queue broker, on loopback."""

import json
import socket
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.helpers import generate_and_install, run
from tests.services import recreate_shared_database

JOBS = 2000
ROUNDS = 3
# Each broker's setting and the local server that ./scripts/start-<broker> runs (the URLs
# the generated tests default to, partials/shared/queue.jinja).
BROKERS = {
    "redis": ("REDIS_URL", "redis://127.0.0.1:6379/0"),
    "rabbitmq": ("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/"),
    "nats": ("NATS_URL", "nats://127.0.0.1:4222"),
}


@dataclass(frozen=True)
class JobThroughput:
    broker: str
    jobs: int  # per round; each rate is the median of the rounds
    rounds: int
    enqueue_per_second: float  # JobQueue.enqueue, one job after another
    worker_per_second: float  # one worker, handler records the job in processed_jobs
    bare_worker_per_second: float  # one worker, handler touches nothing
    python: str  # the generated project's, which ran the jobs


def require_brokers(brokers: list[str]) -> None:
    """Fail at once, naming the start script, rather than after generating projects."""
    for broker in brokers:
        address = urlsplit(BROKERS[broker][1])
        try:
            socket.create_connection((address.hostname, address.port), timeout=2).close()
        except OSError:
            raise SystemExit(
                f"{broker} does not answer at {address.hostname}:{address.port}: "
                f"./scripts/start-{broker}"
            ) from None


def _run_in_each_project(
    brokers: list[str], script: str, count: int, rounds: int, **answers: str
) -> dict[str, dict[str, Any]]:
    """For each broker: generate a service with these answers, migrate a fresh database,
    and run `script` (beside this file) in it with the project's own Python; returns the
    JSON object the script printed, by broker."""
    require_brokers(brokers)
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        for broker in brokers:
            project = generate_and_install(
                Path(scratch) / f"orders-api-{broker}",
                project_name="Orders API",
                queue=broker,
                **answers,
            )
            # A fresh database per broker: nothing carries over from the previous one.
            database_url = recreate_shared_database("orders_api_broker_benchmark")
            run(["make", "migrate"], cwd=project.path, DATABASE_URL=database_url)
            setting, url = BROKERS[broker]
            package = project.answers["project_slug"].replace("-", "_")
            completed = run(
                [str(project.path / ".venv" / "bin" / "python"),
                 str(Path(__file__).with_name(script)), package, broker, str(count), str(rounds)],
                cwd=project.path,
                # A backstop only (the scripts fail by themselves when stuck): ten times the
                # slowest round seen here, about a second per 100 jobs.
                timeout=120 + rounds * count / 10,
                DATABASE_URL=database_url,
                # Queues no other run uses; the scripts delete them when they end.
                JOBS_NAMESPACE=f"bench-{uuid.uuid4().hex[:12]}",
                **{setting: url},
            )  # fmt: skip
            results[broker] = json.loads(completed.stdout.strip().splitlines()[-1])
    return results


def measure_jobs(brokers: list[str], jobs: int = JOBS, rounds: int = ROUNDS) -> list[JobThroughput]:
    """Generate a service per broker and measure its job throughput with its own code."""
    measured = _run_in_each_project(brokers, "job_throughput.py", jobs, rounds)
    return [JobThroughput(broker, jobs, rounds, **rates) for broker, rates in measured.items()]


@dataclass(frozen=True)
class RelayThroughput:
    broker: str
    events: int  # per round; the rate is the median of the rounds
    rounds: int
    events_per_second: float  # published by the relay and marked, full outbox to empty
    python: str


def measure_relay(
    brokers: list[str], events: int = JOBS, rounds: int = ROUNDS
) -> list[RelayThroughput]:
    """Generate an event-driven service per broker and time its outbox relay."""
    measured = _run_in_each_project(
        brokers, "relay_throughput.py", events, rounds, architecture="event-driven"
    )
    return [RelayThroughput(broker, events, rounds, **rates) for broker, rates in measured.items()]
