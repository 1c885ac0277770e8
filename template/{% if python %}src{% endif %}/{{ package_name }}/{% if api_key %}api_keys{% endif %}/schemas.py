import uuid
from datetime import datetime

from pydantic import ConfigDict, Field

from ..auth.principal import Role
from ..core.schemas import ApiModel


class ApiKeyRead(ApiModel):
    """A key's record; the key itself is shown only once, when created."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str = Field(description="The calling service; the owner of what it creates.")
    role: Role
    prefix: str = Field(description="The key's public first part, to tell keys apart.")
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None = Field(
        description="Recorded in batches: up to API_KEY_USAGE_FLUSH_SECONDS late."
    )
