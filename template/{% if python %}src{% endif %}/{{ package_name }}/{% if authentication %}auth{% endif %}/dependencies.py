"""The dependencies protected endpoints declare: `CurrentPrincipal` and `AdminPrincipal`."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from ..core.api import API_V1
from .errors import ForbiddenError, UnauthenticatedError
from .principal import Principal
from .tokens import AccessTokens

# Declares the scheme in the OpenAPI document, so /docs can log in, and reads the bearer
# token. auto_error=False: a missing token gets the contract's envelope, not FastAPI's.
bearer_token = OAuth2PasswordBearer(tokenUrl=f"{API_V1}/auth/login", auto_error=False)


async def authenticate(
    request: Request, token: Annotated[str | None, Depends(bearer_token)]
) -> Principal:
    if token is None:
        raise UnauthenticatedError()
    access_tokens: AccessTokens = request.app.state.access_tokens
    return access_tokens.verify(token)


CurrentPrincipal = Annotated[Principal, Depends(authenticate)]


async def require_admin(principal: CurrentPrincipal) -> Principal:
    if not principal.is_admin:
        raise ForbiddenError("Only administrators may do this.")
    return principal


AdminPrincipal = Annotated[Principal, Depends(require_admin)]
