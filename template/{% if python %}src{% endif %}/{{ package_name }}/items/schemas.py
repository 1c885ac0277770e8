import uuid
from datetime import datetime
from typing import Annotated, Self

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from ..core.schemas import ApiModel
from .models import DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH

Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX_LENGTH)
]
Description = Annotated[str, StringConstraints(max_length=DESCRIPTION_MAX_LENGTH)]


class ItemCreate(ApiModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(examples=["Blue widget"])
    description: Description | None = None


class ItemUpdate(ApiModel):
    """Only the fields present are changed; `description: null` clears it."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    description: Description | None = None

    @model_validator(mode="after")
    def _name_cannot_be_cleared(self) -> Self:
        if "name" in self.model_fields_set and self.name is None:
            raise ValueError("name cannot be null")
        return self


class ItemRead(ApiModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    description: str | None
    created_at: datetime
    updated_at: datetime
