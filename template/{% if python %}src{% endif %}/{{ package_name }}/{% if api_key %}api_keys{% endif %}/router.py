from fastapi import APIRouter

from ..auth.dependencies import AdminPrincipal, CurrentApiKey
from ..core.api import API_V1
from ..core.db import SessionDep
from ..core.openapi import error_responses
from ..core.pagination import PageParamsDep
from ..core.schemas import DataEnvelope, PageEnvelope
from .repository import ApiKeyRepository
from .schemas import ApiKeyRead

router = APIRouter(
    prefix=f"{API_V1}/api-keys", tags=["api-keys"], responses=error_responses(401, 429, 503)
)


@router.get("/current", summary="The API key this request was made with")
async def read_current_key(api_key: CurrentApiKey) -> DataEnvelope[ApiKeyRead]:
    """Shows the name and role the key gives its caller, and when it expires."""
    return DataEnvelope(data=ApiKeyRead.model_validate(api_key))


@router.get("", responses=error_responses(400, 403), summary="List API keys (administrators)")
async def list_api_keys(
    _: AdminPrincipal, session: SessionDep, page: PageParamsDep
) -> PageEnvelope[ApiKeyRead]:
    """Every key, newest first, revoked and expired ones included. Keys are created and
    revoked with `make api-key-create` and `make api-key-revoke`, not over HTTP: an API
    able to mint keys would let one leaked administrator key mint more."""
    return (await ApiKeyRepository(session).list_page(page)).envelope(ApiKeyRead)
