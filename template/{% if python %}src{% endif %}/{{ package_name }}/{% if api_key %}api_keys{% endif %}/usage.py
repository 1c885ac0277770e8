"""When each key was last used, written in batches instead of on every request.

A write per authenticated request would double the database work of most requests and
contend on the row of a busy key. Instead each request notes the time in memory (no I/O),
and a background task writes what was noted every `API_KEY_USAGE_FLUSH_SECONDS`, and once
more at shutdown. The time shown is therefore at most one interval late; a worker that is
killed rather than stopped loses at most one interval of notes.
"""

import asyncio
import logging
import uuid
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .repository import ApiKeyRepository

logger = logging.getLogger(__name__)


class UsageRecorder:
    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], *, flush_seconds: float
    ) -> None:
        self._session_factory = session_factory
        self._flush_seconds = flush_seconds
        self._last_used: dict[uuid.UUID, datetime] = {}

    def note(self, key_id: uuid.UUID, used_at: datetime) -> None:
        self._last_used[key_id] = used_at

    @property
    def pending(self) -> int:
        """How many keys' last use is noted but not yet written."""
        return len(self._last_used)

    async def flush(self) -> None:
        """Write what was noted. When the database is unreachable, keep it for next time."""
        if not self._last_used:
            return
        batch, self._last_used = self._last_used, {}
        try:
            async with self._session_factory() as session:
                await ApiKeyRepository(session).record_last_use(batch)
                await session.commit()
        except (SQLAlchemyError, OSError) as error:
            # Uses noted meanwhile are later than the batch's: they win.
            self._last_used = batch | self._last_used
            logger.warning(
                "Could not record when API keys were last used; retrying later",
                extra={"error": repr(error), "keys": len(batch)},
            )

    async def run(self) -> None:
        """Flush every interval, until cancelled (the lifespan then flushes once more)."""
        while True:
            await asyncio.sleep(self._flush_seconds)
            await self.flush()
