"""Cursor pagination: opaque cursors over a (created_at, id) keyset, newest first."""

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Query

from .errors import InvalidRequestError

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Cursor:
    created_at: datetime
    id: uuid.UUID

    def encode(self) -> str:
        raw = f"{self.created_at.isoformat()}|{self.id}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> "Cursor":
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            created_at, _, item_id = raw.partition("|")
            cursor = cls(datetime.fromisoformat(created_at), uuid.UUID(item_id))
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise InvalidRequestError(
                details=[("cursor", "Not a cursor this API issued.")]
            ) from None
        if cursor.created_at.tzinfo is None:
            raise InvalidRequestError(details=[("cursor", "Not a cursor this API issued.")])
        return cursor


@dataclass(frozen=True)
class PageParams:
    limit: int
    after: Cursor | None


def page_params(
    limit: Annotated[
        int,
        Query(ge=1, description=f"Page size; values above {MAX_PAGE_SIZE} are capped."),
    ] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[
        str | None,
        Query(
            max_length=200,
            pattern="^[A-Za-z0-9_-]*$",
            description="`meta.nextCursor` of the previous page.",
        ),
    ] = None,
) -> PageParams:
    return PageParams(
        limit=min(limit, MAX_PAGE_SIZE),
        after=Cursor.decode(cursor) if cursor else None,
    )


PageParamsDep = Annotated[PageParams, Depends(page_params)]
