"""API key use cases: issuing and revoking keys (the command line), checking a presented one."""

import re
import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from ..auth.errors import InvalidApiKeyError
from ..auth.principal import Role
from ..core.types import utcnow
from .keys import KEY_PREFIX, NewKey, PresentedKey
from .models import NAME_MAX_LENGTH, ApiKey
from .repository import ApiKeyRepository
from .usage import UsageRecorder

# Names become the owners of items and appear in logs and tables: keep them plain.
_NAME = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._@-]{{0,{NAME_MAX_LENGTH - 1}}}")


class ApiKeyCommandError(Exception):
    """A command was refused; the message says why."""


def checked_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ApiKeyCommandError(
            f"name: {name!r} must be 1 to {NAME_MAX_LENGTH} letters, digits, '.', '_', '@' or"
            " '-', starting with a letter or digit (e.g. billing-service)."
        )
    return name


async def issue_key(
    session: AsyncSession, *, name: str, role: Role, expires_at: datetime | None
) -> tuple[ApiKey, str]:
    """A new key, stored, and its value: shown to the caller once, never retrievable again."""
    if expires_at is not None and expires_at <= utcnow():
        raise ApiKeyCommandError("expiry: must be in the future.")
    new_key = NewKey.generate()
    api_key = ApiKey(
        name=checked_name(name),
        role=role.value,
        lookup_id=new_key.lookup_id,
        secret_digest=new_key.secret_digest,
        expires_at=expires_at,
    )
    ApiKeyRepository(session).add(api_key)
    await session.commit()
    return api_key, new_key.value


async def find_key(session: AsyncSession, reference: str) -> ApiKey:
    """A key by its id or its prefix (as `list` shows them)."""
    repository = ApiKeyRepository(session)
    found: ApiKey | None = None
    try:
        found = await repository.get(uuid.UUID(reference))
    except ValueError:
        lookup_id = reference.removeprefix(f"{KEY_PREFIX}_")
        found = await repository.by_lookup_id(lookup_id)
    if found is None:
        raise ApiKeyCommandError(f"No API key has the id or prefix {reference!r}.")
    return found


async def revoke_key(session: AsyncSession, reference: str) -> tuple[ApiKey, bool]:
    """Revoke the key: its next request is refused. Also says whether it was already revoked."""
    api_key = await find_key(session, reference)
    if api_key.revoked_at is not None:
        return api_key, False
    api_key.revoked_at = utcnow()
    await session.commit()
    return api_key, True


async def verify_key(session: AsyncSession, presented: str, *, usage: UsageRecorder) -> ApiKey:
    """The stored key a caller presented, if it authenticates; else InvalidApiKeyError."""
    key = PresentedKey.parse(presented)
    if key is None:
        raise InvalidApiKeyError
    api_key = await ApiKeyRepository(session).by_lookup_id(key.lookup_id)
    if api_key is None or not key.matches(api_key.secret_digest):
        raise InvalidApiKeyError
    now = utcnow()
    # Only the holder of the whole key learns it expired or was revoked: safe to say so.
    refusal = api_key.refusal(now)
    if refusal is not None:
        raise InvalidApiKeyError(refusal)
    usage.note(api_key.id, now)
    return api_key
