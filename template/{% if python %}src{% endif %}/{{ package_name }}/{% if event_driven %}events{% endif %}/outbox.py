"""The transactional outbox: an event is written in the same transaction as its change.

The change and its event commit together or not at all, so the broker never hears of a
change that was rolled back, and no committed change goes unannounced, even while the
broker is down: the relay (relay.py) publishes what the outbox holds once it is back.
"""

import uuid
from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel
from sqlalchemy import JSON, BigInteger, Index, Integer, String, Uuid
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from ..core.db import Base
from ..core.types import UTCDateTime, utcnow


class DomainEvent(BaseModel):
    """Something that happened. Subclasses name their `type` (`item.changed`) and carry
    the facts consumers need, camelCase on the wire as the API's bodies are."""

    model_config = ConfigDict(frozen=True, alias_generator=to_camel, populate_by_name=True)

    type: ClassVar[str]


class OutboxEvent(Base):
    """An event waiting to be published (`published_at` empty), or published."""

    __tablename__ = "outbox_events"
    __table_args__ = (Index("ix_outbox_events_unpublished", "published_at", "position"),)

    # The order events were written in, which is the order they are published in.
    position: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    # The event's identity for consumers: every redelivery of it carries this ID.
    id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=uuid.uuid4)
    type: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


def record_event(session: AsyncSession, event: DomainEvent) -> None:
    """Put `event` in the outbox within the session's transaction: it is published if,
    and only if, that transaction commits."""
    session.add(OutboxEvent(type=event.type, payload=event.model_dump(mode="json", by_alias=True)))
