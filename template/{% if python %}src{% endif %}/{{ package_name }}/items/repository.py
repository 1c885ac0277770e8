"""Item persistence: the only module that writes SQL for items."""

import uuid
from collections.abc import Sequence

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from ..core.pagination import Cursor
from .models import Item


class ItemRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, item_id: uuid.UUID) -> Item | None:
        return await self.session.get(Item, item_id)

    async def list_page(self, *, limit: int, after: Cursor | None) -> Sequence[Item]:
        """Up to `limit` + 1 items, newest first: the extra one tells whether a next page exists."""
        query = select(Item).order_by(Item.created_at.desc(), Item.id.desc()).limit(limit + 1)
        if after is not None:
            query = query.where(
                tuple_(Item.created_at, Item.id) < tuple_(after.created_at, after.id)
            )
        return (await self.session.scalars(query)).all()

    def add(self, item: Item) -> None:
        self.session.add(item)

    async def delete(self, item: Item) -> None:
        await self.session.delete(item)
