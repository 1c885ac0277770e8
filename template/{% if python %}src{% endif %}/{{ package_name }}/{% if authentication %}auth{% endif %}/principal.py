"""The principal: who is calling, as every protected endpoint receives it."""

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    USER = "user"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Principal:
    # The caller's stable identifier; resources record it as their owner.
    subject: str
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def may_access(self, owner_id: str) -> bool:
        """Administrators reach every resource; users reach their own."""
        return self.is_admin or owner_id == self.subject
