from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..core.db import TimestampedModel

NAME_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 2000


class Item(TimestampedModel):
    __tablename__ = "items"
    # Serves the list endpoint's keyset ordering (newest first).
    __table_args__ = (Index("ix_items_created_at_id", "created_at", "id"),)

    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
