"""Run a job's effect at most once per job ID, whatever the broker redelivers."""

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy import String, Uuid
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from ..core.db import Base
from ..core.types import UTCDateTime, utcnow


class ProcessedJob(Base):
    """The ID of every job whose effect was committed. Old rows may be pruned."""

    __tablename__ = "processed_jobs"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


async def run_once(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    job_id: uuid.UUID,
    job_name: str,
    effect: Callable[[AsyncSession], Awaitable[None]],
) -> bool:
    """Apply `effect` and record the job in one transaction; False if it was already done."""
    async with session_factory() as session:
        if await session.get(ProcessedJob, job_id) is not None:
            return False
        await effect(session)
        session.add(ProcessedJob(id=job_id, name=job_name))
        try:
            await session.commit()
        except IntegrityError:
            await session.rollback()
            # A concurrent delivery of the same job committed first: ours did nothing.
            if await session.get(ProcessedJob, job_id) is not None:
                return False
            raise
    return True
