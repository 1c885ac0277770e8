"""Job throughput measured inside one generated project, with the project's own code: it
imports the project's package, so it runs with the project's Python, from its directory.

    DATABASE_URL=... REDIS_URL=... JOBS_NAMESPACE=... \
        python job_throughput.py PACKAGE BROKER JOBS ROUNDS

The database must be migrated and JOBS_NAMESPACE unused: the queues of that namespace are
deleted at the end. Prints one JSON object: each rate (the median of the rounds) and the
version of the Python that ran them.
"""

import asyncio
import contextlib
import importlib
import json
import os
import platform
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TextIO

from sqlalchemy import func, select

NOOP = "benchmark-noop"
# A worker that finishes no job for this long is stuck (a lost job, a dead broker): fail
# rather than hang. Progress, not total time, so any number of jobs may be asked for.
STALL_SECONDS = 60.0

Handler = Callable[[Any], Awaitable[bool]]


class Tally:
    """Wraps a handler to time the worker from the first job it starts to the last it ends.

    Timing from the first job rather than from `start()` leaves connecting and declaring out.
    """

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.processed = 0
        self.first_started = 0.0
        self.last_finished = 0.0
        self.finished = asyncio.Event()

    def wrap(self, handler: Handler) -> Handler:
        async def handle(job: Any) -> bool:
            if not self.first_started:
                self.first_started = time.perf_counter()
            processed = await handler(job)
            # A redelivered duplicate does nothing: it must not count towards the total.
            if processed:
                self.processed += 1
                if self.processed == self.expected:
                    self.last_finished = time.perf_counter()
                    self.finished.set()
            return processed

        return handle

    def per_second(self) -> float:
        return self.expected / (self.last_finished - self.first_started)


class Project:
    """The generated project's modules this measurement uses, imported by package name."""

    def __init__(self, package: str) -> None:
        def module(name: str) -> Any:
            return importlib.import_module(f"{package}.{name}")

        self.config = module("core.config")
        self.db = module("core.db")
        self.logging = module("core.logging")
        self.broker = module("jobs.broker")
        self.messages = module("jobs.messages")
        self.queue = module("jobs.queue")
        self.worker = module("jobs.worker")
        self.idempotency = module("jobs.idempotency")


async def fill(project: Project, queue: Any, count: int) -> float:
    """Enqueue `count` jobs one after another, as requests do; returns the seconds it took."""
    # The example job's payload, so messages are the size real ones are.
    written_at = datetime.now(UTC).isoformat()
    payloads = [{"itemId": str(uuid.uuid4()), "writtenAt": written_at} for _ in range(count)]
    jobs = [project.messages.Job(name=NOOP, payload=payload) for payload in payloads]
    started = time.perf_counter()
    for job in jobs:
        await queue.enqueue(job)
    return time.perf_counter() - started


async def drain(project: Project, settings: Any, handler: Handler, count: int) -> float:
    """Run one worker, as `python -m <package>.jobs worker` does, until `count` jobs are done."""
    tally = Tally(count)
    worker = project.worker.create_worker(settings, handlers={NOOP: tally.wrap(handler)})
    await worker.start()
    try:
        while not tally.finished.is_set():
            processed = tally.processed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(tally.finished.wait(), STALL_SECONDS)
            if tally.processed == processed and not tally.finished.is_set():
                raise SystemExit(f"the worker is stuck after {processed} of {count} jobs")
    finally:
        await worker.stop()
    return tally.per_second()


async def delete_queues(broker: Any, kind: str) -> None:
    """As the generated tests/jobs/conftest.py does: leftover RabbitMQ quorum queues
    accumulate across runs until the node wedges."""
    if kind == "rabbitmq":
        for queue in (broker.jobs_queue, broker.dead_letter_queue):
            await (await broker.broker.declare_queue(queue)).delete(if_unused=False, if_empty=False)
    elif kind == "nats":
        jetstream = (await broker.broker.connect()).jetstream()
        for stream in (broker.jobs_stream_name, broker.dead_letter_stream_name):
            await jetstream.delete_stream(stream)
    else:
        redis = await broker.broker.connect()
        await redis.delete(broker.jobs_stream, broker.dead_letter_stream)


async def processed_jobs(project: Project, session_factory: Any) -> int:
    async with session_factory() as session:
        table = project.idempotency.ProcessedJob
        rows: int = await session.scalar(select(func.count()).select_from(table))
        return rows


async def measure(
    package: str, kind: str, count: int, rounds: int, log: TextIO
) -> dict[str, float | str]:
    project = Project(package)
    settings = project.config.Settings(_env_file=None)
    # The worker logs as it does in production (two JSON lines a job at INFO), into `log`
    # rather than stdout, which carries the result.
    with contextlib.redirect_stdout(log):
        project.logging.configure_logging(settings.log_level)
    engine = project.db.create_engine(settings)
    session_factory = project.db.create_session_factory(engine)

    async def nothing(_session: Any) -> None:
        return None

    # What every job pays: handlers record the job ID in processed_jobs in the transaction
    # of their effect (jobs/idempotency.py, docs/jobs.md); this effect does nothing.
    async def idempotent(job: Any) -> bool:
        done: bool = await project.idempotency.run_once(
            session_factory, job_id=job.id, job_name=job.name, effect=nothing
        )
        return done

    # Broker and delivery alone: a handler that does not touch the database.
    async def bare(_job: Any) -> bool:
        return True

    rates: dict[str, list[float]] = {
        "enqueue_per_second": [],
        "worker_per_second": [],
        "bare_worker_per_second": [],
    }
    broker = project.broker.JobBroker(settings)
    await broker.connect()
    try:
        queue = project.queue.JobQueue(broker)
        for _ in range(rounds):
            recorded_before = await processed_jobs(project, session_factory)
            enqueue_seconds = await fill(project, queue, count)
            rates["worker_per_second"].append(await drain(project, settings, idempotent, count))
            recorded = await processed_jobs(project, session_factory) - recorded_before
            if recorded != count:
                raise SystemExit(f"processed_jobs gained {recorded} rows for {count} jobs")
            enqueue_seconds += await fill(project, queue, count)
            rates["bare_worker_per_second"].append(await drain(project, settings, bare, count))
            # Both fills of the round: twice the jobs, less noise.
            rates["enqueue_per_second"].append(2 * count / enqueue_seconds)
    finally:
        await delete_queues(broker, kind)
        await broker.close()
        await engine.dispose()
    # The machine is shared with the brokers and the database: the median ignores a round
    # that something else slowed down.
    medians = {name: statistics.median(values) for name, values in rates.items()}
    return {**medians, "python": platform.python_version()}


if __name__ == "__main__":
    package, kind, count, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    # Formatting each line is measured, shipping it is not: it goes nowhere.
    with open(os.devnull, "w") as log:
        print(json.dumps(asyncio.run(measure(package, kind, count, rounds, log))))
