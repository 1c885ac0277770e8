"""User persistence: the only module that writes SQL for users."""

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..core.pagination import Page, PageParams, keyset_page
from .models import User


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: uuid.UUID) -> User | None:
        return await self.session.get(User, user_id)

    async def by_email(self, email: str) -> User | None:
        return (await self.session.scalars(select(User).where(User.email == email))).one_or_none()

    async def list_page(self, page: PageParams) -> Page[User]:
        """Newest first."""
        return await keyset_page(self.session, User, page)

    def add(self, user: User) -> None:
        self.session.add(user)
