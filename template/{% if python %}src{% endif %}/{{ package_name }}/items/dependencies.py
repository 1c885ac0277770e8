import uuid
from typing import Annotated

from fastapi import Depends

from ..core.db import SessionDep
from .exceptions import ItemNotFoundError
from .models import Item
from .repository import ItemRepository


async def existing_item(item_id: uuid.UUID, session: SessionDep) -> Item:
    item = await ItemRepository(session).get(item_id)
    if item is None:
        raise ItemNotFoundError(item_id)
    return item


ExistingItem = Annotated[Item, Depends(existing_item)]
