"""The outbox relay: publishes committed events to the broker, oldest first, and marks them.

Delivery is at least once. A relay stopped between publishing a batch and marking it
publishes that batch again when it restarts; consumers record the IDs of the events they
processed, so the second delivery has no effect. Several relays may run side by side: each
claims its batch with SELECT ... FOR UPDATE SKIP LOCKED (SQLite, which serialises writes,
runs one).
"""

import asyncio
import logging

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ..core.types import utcnow
from ..jobs.broker import JobBroker
from ..jobs.messages import Job
from .outbox import OutboxEvent

logger = logging.getLogger(__name__)

# Longest pause between two attempts while the broker or the database is unreachable.
MAX_RETRY_DELAY_SECONDS = 30.0


class OutboxRelay:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        broker: JobBroker,
        *,
        batch_size: int,
        poll_seconds: float,
    ) -> None:
        self._session_factory = session_factory
        self._broker = broker
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds

    async def publish_pending(self) -> int:
        """Publish one batch of unpublished events, in the order written; returns how many.

        The batch is marked in the transaction that claimed it, after the broker confirmed
        every event: if publishing fails, nothing is marked and the batch is tried again.
        """
        async with self._session_factory() as session:
            batch = (
                await session.scalars(
                    select(OutboxEvent)
                    .where(OutboxEvent.published_at.is_(None))
                    .order_by(OutboxEvent.position)
                    .limit(self.batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            for event in batch:
                # The event's ID is the message's: consumers deduplicate on it.
                await self._broker.publish(Job(id=event.id, name=event.type, payload=event.payload))
            published_at = utcnow()
            for event in batch:
                event.published_at = published_at
            await session.commit()
        return len(batch)

    async def run(self, stopping: asyncio.Event) -> None:
        """Publish until `stopping` is set: at once while events wait, else every poll."""
        failures = 0
        while not stopping.is_set():
            try:
                published = await self.publish_pending()
            except Exception as error:  # the broker's and the database's errors alike
                failures += 1
                delay = min(MAX_RETRY_DELAY_SECONDS, self.poll_seconds * 2**failures)
                logger.warning(
                    "Outbox relay failed, will retry",
                    extra={"error": repr(error), "retryInSeconds": delay},
                )
                await _wait(stopping, delay)
                continue
            failures = 0
            if published:
                logger.info("Events published", extra={"count": published})
            if published < self.batch_size:
                await _wait(stopping, self.poll_seconds)


async def _wait(stopping: asyncio.Event, seconds: float) -> None:
    """Sleep `seconds`, or less if `stopping` is set meanwhile."""
    try:
        async with asyncio.timeout(seconds):
            await stopping.wait()
    except TimeoutError:
        pass
