"""Outbox relay throughput inside one generated event-driven project, with its own code: it
imports the project's package, so it runs with the project's Python, from its directory.

    DATABASE_URL=... REDIS_URL=... JOBS_NAMESPACE=... \
        python relay_throughput.py PACKAGE BROKER EVENTS ROUNDS

Each round fills the outbox with EVENTS `item.changed` events in one transaction (not
timed), then times the relay, batch after batch, until the outbox is empty: every event
published to the broker and marked. Prints one JSON object: the median rate of the rounds
and the version of the Python that ran them. The database must be migrated and
JOBS_NAMESPACE unused: its queues are deleted at the end.
"""

import asyncio
import importlib
import json
import platform
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

# Beside this file: the brokers' clean-up is the job benchmark's.
from job_throughput import delete_queues


async def measure(package: str, kind: str, count: int, rounds: int) -> dict[str, float | str]:
    def module(name: str) -> Any:
        return importlib.import_module(f"{package}.{name}")

    config, db, outbox = module("core.config"), module("core.db"), module("events.outbox")
    item_events, relay_module, broker_module = (
        module("items.events"), module("events.relay"), module("jobs.broker"),
    )  # fmt: skip
    settings = config.Settings(_env_file=None)
    engine = db.create_engine(settings)
    session_factory = db.create_session_factory(engine)
    broker = broker_module.JobBroker(settings)
    await broker.connect()
    relay = relay_module.OutboxRelay(
        session_factory,
        broker,
        batch_size=settings.outbox_batch_size,
        poll_seconds=settings.outbox_poll_seconds,
    )
    rates = []
    try:
        for _ in range(rounds):
            async with session_factory() as session:
                for number in range(count):
                    # The example event, so messages are the size real ones are.
                    event = item_events.ItemChanged(
                        item_id=uuid.uuid4(),
                        name=f"Item {number}",
                        description=f"Description {number}",
                        written_at=datetime.now(UTC),
                    )
                    outbox.record_event(session, event)
                await session.commit()
            started = time.perf_counter()
            published = 0
            while batch := await relay.publish_pending():
                published += batch
            elapsed = time.perf_counter() - started
            if published != count:
                raise SystemExit(f"the relay published {published} of {count} events")
            rates.append(count / elapsed)
    finally:
        await delete_queues(broker, kind)
        await broker.close()
        await engine.dispose()
    return {"events_per_second": statistics.median(rates), "python": platform.python_version()}


if __name__ == "__main__":
    package, kind, count, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    print(json.dumps(asyncio.run(measure(package, kind, count, rounds))))
