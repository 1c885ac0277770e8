"""What happens to a delivered job: it runs, or waits and retries, or is dead-lettered."""

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from ..core.config import Settings
from .messages import Job, MalformedJobError, attempt_of, decode_job

logger = logging.getLogger(__name__)

# Returns False when the job had already been processed (a redelivery): nothing was done.
JobHandler = Callable[[Job], Awaitable[bool]]

# Dead letters keep the error for whoever inspects them, not a whole traceback.
ERROR_SUMMARY_MAX_LENGTH = 500


class Transport(Protocol):
    async def publish(self, job: Job, *, attempt: int) -> None: ...

    async def dead_letter(self, body: bytes, *, attempts: int, error: str) -> None: ...


class Outcome(StrEnum):
    COMPLETED = "completed"
    DUPLICATE = "duplicate"
    RETRYING = "retrying"
    DEAD_LETTERED = "dead_lettered"


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    base_delay_seconds: float
    max_delay_seconds: float

    @classmethod
    def from_settings(cls, settings: Settings) -> "RetryPolicy":
        return cls(
            max_attempts=settings.job_max_attempts,
            base_delay_seconds=settings.job_retry_base_seconds,
            max_delay_seconds=settings.job_retry_max_seconds,
        )

    def delay_after(self, attempt: int) -> float:
        """Exponential backoff, capped; the jitter spreads out jobs that failed together."""
        ceiling = min(self.max_delay_seconds, self.base_delay_seconds * 2.0 ** (attempt - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311 - not cryptographic


async def deliver(
    body: bytes,
    headers: Mapping[str, Any],
    *,
    handlers: Mapping[str, JobHandler],
    transport: Transport,
    policy: RetryPolicy,
) -> Outcome:
    """Run one delivered message. Returning acknowledges it; raising leaves it to the broker."""
    attempt = attempt_of(headers)
    try:
        job = decode_job(body)
        if job.name not in handlers:
            raise MalformedJobError(f"no handler for job {job.name!r}")
    except MalformedJobError as error:
        logger.error("Unreadable job dead-lettered", extra={"error": str(error)})
        await transport.dead_letter(body, attempts=attempt, error=str(error))
        return Outcome.DEAD_LETTERED

    context = {"jobId": str(job.id), "job": job.name, "attempt": attempt}
    logger.info("Job started", extra=context)
    try:
        processed = await handlers[job.name](job)
    except Exception as error:
        summary = f"{type(error).__name__}: {error}"[:ERROR_SUMMARY_MAX_LENGTH]
        if attempt >= policy.max_attempts:
            logger.error("Job dead-lettered", extra=context | {"error": summary})
            await transport.dead_letter(body, attempts=attempt, error=summary)
            return Outcome.DEAD_LETTERED
        delay = policy.delay_after(attempt)
        logger.warning(
            "Job failed, will retry",
            extra=context | {"error": summary, "retryInSeconds": round(delay, 3)},
        )
        # The message stays unacknowledged while we wait: a crash now redelivers it.
        await asyncio.sleep(delay)
        await transport.publish(job, attempt=attempt + 1)
        return Outcome.RETRYING
    outcome = Outcome.COMPLETED if processed else Outcome.DUPLICATE
    logger.info("Job finished", extra=context | {"outcome": outcome.value})
    return outcome
