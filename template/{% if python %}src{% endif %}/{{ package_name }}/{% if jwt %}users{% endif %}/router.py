import uuid

from fastapi import APIRouter

from ..auth.dependencies import AdminPrincipal, CurrentPrincipal
from ..auth.errors import InvalidTokenError
from ..core.api import API_V1
from ..core.db import SessionDep
from ..core.openapi import error_responses
from ..core.pagination import PageParamsDep
from ..core.schemas import DataEnvelope, PageEnvelope
from .repository import UserRepository
from .schemas import UserRead

router = APIRouter(
    prefix=f"{API_V1}/users", tags=["users"], responses=error_responses(401, 429, 503)
)


@router.get("/me", summary="The account the access token belongs to")
async def read_current_user(
    principal: CurrentPrincipal, session: SessionDep
) -> DataEnvelope[UserRead]:
    user = await UserRepository(session).get(uuid.UUID(principal.subject))
    if user is None or not user.is_active:
        # Deleted or deactivated since the token was issued.
        raise InvalidTokenError
    return DataEnvelope(data=UserRead.model_validate(user))


@router.get("", responses=error_responses(400, 403), summary="List accounts (administrators)")
async def list_users(
    _: AdminPrincipal, session: SessionDep, page: PageParamsDep
) -> PageEnvelope[UserRead]:
    return (await UserRepository(session).list_page(page)).envelope(UserRead)
