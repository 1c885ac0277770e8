"""API key persistence: the only module that writes SQL for API keys."""

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..core.pagination import Page, PageParams, keyset_page
from .models import ApiKey


class ApiKeyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, key_id: uuid.UUID) -> ApiKey | None:
        return await self.session.get(ApiKey, key_id)

    async def by_lookup_id(self, lookup_id: str) -> ApiKey | None:
        query = select(ApiKey).where(ApiKey.lookup_id == lookup_id)
        return (await self.session.scalars(query)).one_or_none()

    async def list_page(self, page: PageParams) -> Page[ApiKey]:
        """Newest first, revoked and expired keys included."""
        return await keyset_page(self.session, ApiKey, page)

    async def all(self) -> Sequence[ApiKey]:
        """Every key, newest first (for the command line; a service has few keys)."""
        query = select(ApiKey).order_by(ApiKey.created_at.desc(), ApiKey.id.desc())
        return (await self.session.scalars(query)).all()

    def add(self, api_key: ApiKey) -> None:
        self.session.add(api_key)

    async def record_last_use(self, last_used: Mapping[uuid.UUID, datetime]) -> None:
        """Move each key's last-used time forward; never back, whichever worker writes last."""
        for key_id, used_at in last_used.items():
            await self.session.execute(
                update(ApiKey)
                .where(
                    ApiKey.id == key_id,
                    or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at < used_at),
                )
                # A use is not a change of the key: updated_at stays.
                .values(last_used_at=used_at, updated_at=ApiKey.updated_at)
            )
