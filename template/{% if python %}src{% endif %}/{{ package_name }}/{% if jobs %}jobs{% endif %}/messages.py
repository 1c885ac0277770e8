"""What travels through the broker: a job, its delivery attempt, and a dead letter."""

import json
import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

ATTEMPT_HEADER = "x-attempt"
ERROR_HEADER = "x-error"
FAILED_AT_HEADER = "x-failed-at"

# What a transport hands each received message to: its body and its headers.
MessageCallback = Callable[[bytes, Mapping[str, Any]], Awaitable[object]]


class Job(BaseModel):
    """A unit of background work. Its ID is the idempotency key of every delivery."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    name: str
    payload: dict[str, Any]

    def encode(self) -> bytes:
        return self.model_dump_json().encode()


class MalformedJobError(ValueError):
    """The message body is not a job: retrying cannot help, so it is dead-lettered at once."""


def decode_job(body: bytes) -> Job:
    try:
        return Job.model_validate_json(body)
    except ValidationError as error:
        raise MalformedJobError(f"not a job: {error.error_count()} validation error(s)") from None


# Headers are typed `Any`: each broker's client types their values differently.
def attempt_headers(attempt: int) -> dict[str, Any]:
    return {ATTEMPT_HEADER: str(attempt)}


def dead_letter_headers(attempts: int, error: str) -> dict[str, Any]:
    return {
        ATTEMPT_HEADER: str(attempts),
        ERROR_HEADER: error,
        FAILED_AT_HEADER: datetime.now(UTC).isoformat(),
    }


def attempt_of(headers: Mapping[str, Any]) -> int:
    """The delivery attempt a message carries (1 when the header is missing or garbled)."""
    try:
        return max(1, int(headers.get(ATTEMPT_HEADER, 1)))
    except (TypeError, ValueError):
        return 1


class DeadLetter(BaseModel):
    """A job that failed on its last attempt (or could not be read), kept for inspection."""

    job: dict[str, Any] | str
    attempts: int
    error: str
    failed_at: datetime | None

    @classmethod
    def from_message(cls, body: bytes, headers: Mapping[str, Any]) -> "DeadLetter":
        try:
            job: dict[str, Any] | str = json.loads(body)
        except ValueError:
            job = body.decode(errors="replace")
        failed_at = headers.get(FAILED_AT_HEADER)
        return cls(
            job=job,
            attempts=attempt_of(headers),
            error=str(headers.get(ERROR_HEADER, "")),
            failed_at=datetime.fromisoformat(failed_at) if failed_at else None,
        )
