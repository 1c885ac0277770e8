from fastapi import APIRouter, Request, Response, status

from ..core.api import API_V1
from ..core.db import SessionDep
from ..core.openapi import error_responses
from ..core.pagination import PageParamsDep
from ..core.schemas import DataEnvelope, PageEnvelope, PageMeta
from . import service
from .dependencies import ExistingItem
from .schemas import ItemCreate, ItemRead, ItemUpdate

router = APIRouter(prefix=f"{API_V1}/items", tags=["items"], responses=error_responses(429, 503))


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(400, 409, 413),
    summary="Create an item",
)
async def create_item(
    payload: ItemCreate, session: SessionDep, request: Request, response: Response
) -> DataEnvelope[ItemRead]:
    item = await service.create_item(session=session, data=payload)
    response.headers["Location"] = request.app.url_path_for("get_item", item_id=str(item.id))
    return DataEnvelope(data=ItemRead.model_validate(item))


@router.get("", responses=error_responses(400), summary="List items, newest first")
async def list_items(session: SessionDep, page: PageParamsDep) -> PageEnvelope[ItemRead]:
    items, next_cursor = await service.list_items(session=session, page=page)
    return PageEnvelope(
        data=[ItemRead.model_validate(item) for item in items],
        meta=PageMeta(limit=page.limit, next_cursor=next_cursor),
    )


@router.get("/{item_id}", responses=error_responses(400, 404), summary="Get an item")
async def get_item(item: ExistingItem) -> DataEnvelope[ItemRead]:
    return DataEnvelope(data=ItemRead.model_validate(item))


@router.patch("/{item_id}", responses=error_responses(400, 404, 409, 413), summary="Update an item")
async def update_item(
    payload: ItemUpdate, item: ExistingItem, session: SessionDep
) -> DataEnvelope[ItemRead]:
    item = await service.update_item(session=session, item=item, data=payload)
    return DataEnvelope(data=ItemRead.model_validate(item))


@router.delete(
    "/{item_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(400, 404),
    summary="Delete an item",
)
async def delete_item(item: ExistingItem, session: SessionDep) -> None:
    await service.delete_item(session=session, item=item)
