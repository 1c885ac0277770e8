"""Enqueueing from a request: the API's one way onto the broker."""

import asyncio
import logging
from typing import Annotated

from fastapi import Depends, Request

from ..core.errors import ServiceUnavailableError
from .broker import JobBroker
from .messages import Job

logger = logging.getLogger(__name__)

# A request waits this long for the broker to confirm a job before answering 503.
ENQUEUE_TIMEOUT_SECONDS = 5.0


class JobQueueUnavailableError(ServiceUnavailableError):
    def __init__(self) -> None:
        super().__init__(
            "The job queue is unavailable; retry later.", details=[("queue", "unavailable")]
        )


class JobQueue:
    def __init__(self, broker: JobBroker) -> None:
        self.broker = broker

    async def enqueue(self, job: Job) -> None:
        """Hand `job` to the broker and wait for it to be stored durably."""
        try:
            async with asyncio.timeout(ENQUEUE_TIMEOUT_SECONDS):
                await self.broker.publish(job)
        except Exception as error:  # each broker's client library raises its own kinds
            logger.warning("Job queue unavailable", extra={"job": job.name, "error": repr(error)})
            raise JobQueueUnavailableError from error


def get_job_queue(request: Request) -> JobQueue:
    queue: JobQueue = request.app.state.job_queue
    return queue


JobQueueDep = Annotated[JobQueue, Depends(get_job_queue)]
