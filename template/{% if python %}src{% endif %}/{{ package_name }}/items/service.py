"""Item use cases. Routers call these; these call the repository and own the transaction."""

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..core.pagination import Cursor, PageParams
from .exceptions import ItemNameTakenError
from .models import Item
from .repository import ItemRepository
from .schemas import ItemCreate, ItemUpdate


async def create_item(*, session: AsyncSession, data: ItemCreate) -> Item:
    item = Item(name=data.name, description=data.description)
    ItemRepository(session).add(item)
    await _commit_unique_name(session, item.name)
    return item


async def list_items(*, session: AsyncSession, page: PageParams) -> tuple[list[Item], str | None]:
    """One page of items and the cursor of the next page (None on the last page)."""
    rows = list(await ItemRepository(session).list_page(limit=page.limit, after=page.after))
    if len(rows) <= page.limit:
        return rows, None
    items = rows[: page.limit]
    return items, Cursor(items[-1].created_at, items[-1].id).encode()


async def update_item(*, session: AsyncSession, item: Item, data: ItemUpdate) -> Item:
    for field, value in data.model_dump(exclude_unset=True).items():
        setattr(item, field, value)
    await _commit_unique_name(session, item.name)
    return item


async def delete_item(*, session: AsyncSession, item: Item) -> None:
    await ItemRepository(session).delete(item)
    await session.commit()


async def _commit_unique_name(session: AsyncSession, name: str) -> None:
    # The unique constraint decides, so two concurrent requests cannot both win.
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise ItemNameTakenError(name) from None
