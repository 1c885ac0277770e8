from ..auth.principal import Role
from ..core.schemas import ApiModel


class CallerRead(ApiModel):
    # The token's `sub`: what this service records as the owner of what the caller creates.
    id: str
    role: Role
