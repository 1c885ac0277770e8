from fastapi import APIRouter

from ..auth.dependencies import CurrentPrincipal
from ..core.api import API_V1
from ..core.openapi import error_responses
from ..core.schemas import DataEnvelope
from .schemas import CallerRead

router = APIRouter(
    prefix=f"{API_V1}/users", tags=["users"], responses=error_responses(401, 429, 503)
)


@router.get("/me", summary="The caller, as the access token describes them")
async def read_current_user(principal: CurrentPrincipal) -> DataEnvelope[CallerRead]:
    """Shows which role the token's claims map to: the first thing to check when an
    administrator is refused."""
    return DataEnvelope(data=CallerRead(id=principal.subject, role=principal.role))
