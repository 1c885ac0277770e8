"""User persistence: the only module that writes SQL for users."""

import uuid
from collections.abc import Sequence

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from ..core.pagination import Cursor
from .models import User


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: uuid.UUID) -> User | None:
        return await self.session.get(User, user_id)

    async def by_email(self, email: str) -> User | None:
        return (await self.session.scalars(select(User).where(User.email == email))).one_or_none()

    async def list_page(self, *, limit: int, after: Cursor | None) -> Sequence[User]:
        """Up to `limit` + 1 users, newest first: the extra one tells whether a next page exists."""
        query = select(User).order_by(User.created_at.desc(), User.id.desc()).limit(limit + 1)
        if after is not None:
            query = query.where(
                tuple_(User.created_at, User.id) < tuple_(after.created_at, after.id)
            )
        return (await self.session.scalars(query)).all()

    def add(self, user: User) -> None:
        self.session.add(user)
