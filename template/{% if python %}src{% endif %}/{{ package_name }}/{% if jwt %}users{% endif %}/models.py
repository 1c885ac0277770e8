from sqlalchemy import Boolean, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..auth.principal import Role
from ..core.db import TimestampedModel

# RFC 5321's limit on a forward path.
EMAIL_MAX_LENGTH = 254


class User(TimestampedModel):
    __tablename__ = "users"
    # Serves the admin listing's keyset ordering (newest first).
    __table_args__ = (Index("ix_users_created_at_id", "created_at", "id"),)

    # Stored normalised (trimmed, lower case), so the unique constraint sees duplicates.
    email: Mapped[str] = mapped_column(String(EMAIL_MAX_LENGTH), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.USER.value)
    # Deactivated accounts cannot log in or refresh; their data stays.
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
