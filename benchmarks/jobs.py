"""Background-job throughput of the generated service, per queue broker, on loopback."""

import json
import socket
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
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


def measure_jobs(brokers: list[str], jobs: int = JOBS, rounds: int = ROUNDS) -> list[JobThroughput]:
    """Generate a service per broker and measure its job throughput with its own code."""
    require_brokers(brokers)
    script = Path(__file__).with_name("job_throughput.py")
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        for broker in brokers:
            project = generate_and_install(
                Path(scratch) / f"orders-api-{broker}", project_name="Orders API", queue=broker
            )
            # A fresh database per broker: nothing carries over from the previous one.
            database_url = recreate_shared_database("orders_api_jobs_benchmark")
            run(["make", "migrate"], cwd=project.path, DATABASE_URL=database_url)
            setting, url = BROKERS[broker]
            package = project.answers["project_slug"].replace("-", "_")
            completed = run(
                [str(project.path / ".venv" / "bin" / "python"), str(script), package, broker,
                 str(jobs), str(rounds)],
                cwd=project.path,
                # A backstop only (the script fails by itself when a worker stalls): ten times
                # the slowest round seen here, about a second per 100 jobs.
                timeout=120 + rounds * jobs / 10,
                DATABASE_URL=database_url,
                # Queues no other run uses; the script deletes them when it ends.
                JOBS_NAMESPACE=f"bench-{uuid.uuid4().hex[:12]}",
                **{setting: url},
            )  # fmt: skip
            rates = json.loads(completed.stdout.strip().splitlines()[-1])
            results.append(JobThroughput(broker, jobs, rounds, **rates))
    return results
