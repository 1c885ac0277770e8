import re
import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, ConfigDict

from ..auth.principal import Role
from ..core.schemas import ApiModel
from .models import EMAIL_MAX_LENGTH

# One @, no spaces, a dot in the domain: full RFC 5322 parsing refuses nothing more that
# a person types by mistake, and only a confirmation e-mail proves an address works.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalized_email(value: str) -> str:
    email = value.strip().lower()
    if len(email) > EMAIL_MAX_LENGTH or not _EMAIL.match(email):
        raise ValueError("must be an e-mail address")
    return email


Email = Annotated[str, AfterValidator(normalized_email)]


class UserRead(ApiModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    role: Role
    is_active: bool
    created_at: datetime
