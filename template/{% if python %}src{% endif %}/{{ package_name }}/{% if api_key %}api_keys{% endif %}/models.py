from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..auth.principal import Principal, Role
from ..core.db import TimestampedModel
from ..core.types import UTCDateTime
from .keys import LOOKUP_ID_HEX_DIGITS, display_prefix

NAME_MAX_LENGTH = 100


class ApiKey(TimestampedModel):
    __tablename__ = "api_keys"
    # Serves the administrators' listing's keyset ordering (newest first).
    __table_args__ = (Index("ix_api_keys_created_at_id", "created_at", "id"),)

    # The calling service, e.g. billing-service: the subject of its requests, so the owner
    # of what it creates. Keys may share a name: a caller rotates its key by getting a
    # second one, deploying it, then revoking the first, and keeps its items throughout.
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    role: Mapped[str] = mapped_column(String(16), default=Role.USER.value)
    lookup_id: Mapped[str] = mapped_column(String(LOOKUP_ID_HEX_DIGITS), unique=True)
    # SHA-256 of the secret part, hex; the key itself is never stored.
    secret_digest: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Written in batches, off the request path (see usage.py): up to a flush interval late.
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    @property
    def prefix(self) -> str:
        return display_prefix(self.lookup_id)

    def refusal(self, now: datetime) -> str | None:
        """Why the key no longer authenticates, or None while it does."""
        if self.revoked_at is not None:
            return "The API key has been revoked."
        if self.expires_at is not None and self.expires_at <= now:
            return "The API key has expired."
        return None

    @property
    def principal(self) -> Principal:
        return Principal(subject=self.name, role=Role(self.role))
