import uuid
from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints, field_validator

from ..core.schemas import ApiModel, document_as_not_nullable
from .models import DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH

# Control characters have no place in a name. NUL is refused everywhere: some databases
# cannot store it in text, and it only ever arrives by mistake or malice.
Name = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        min_length=1,
        max_length=NAME_MAX_LENGTH,
        pattern=r"^[^\x00-\x1f\x7f]*$",
    ),
]
Description = Annotated[
    str, StringConstraints(max_length=DESCRIPTION_MAX_LENGTH, pattern=r"^[^\x00]*$")
]


class ItemCreate(ApiModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(examples=["Blue widget"])
    description: Description | None = None


class ItemUpdate(ApiModel):
    """Only the fields present are changed; `description: null` clears it."""

    model_config = ConfigDict(extra="forbid")

    # May be left out, but never set to null.
    name: Name | None = Field(default=None, json_schema_extra=document_as_not_nullable)
    description: Description | None = None

    @field_validator("name", mode="before")
    @classmethod
    def _name_not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("must not be null")
        return value


class ItemRead(ApiModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    description: str | None
    created_at: datetime
    updated_at: datetime
