"""Conditional reads: an ETag on each representation, and 304 when the client's copy is current."""

import hashlib
from typing import Annotated, Any

from fastapi import Header, Response
from pydantic import BaseModel

IfNoneMatch = Annotated[
    str | None,
    Header(
        description="ETags of representations the client holds; a match answers 304.",
        max_length=1024,
    ),
]

_ETAG_HEADER = {
    "ETag": {"description": "Validator of this representation.", "schema": {"type": "string"}}
}

# The `responses=` entries of a read that honours If-None-Match.
CONDITIONAL_READ_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"headers": _ETAG_HEADER},
    304: {
        "description": "The representation the client holds is current.",
        "headers": _ETAG_HEADER,
    },
}


def entity_tag(body: bytes) -> str:
    """A strong validator: a digest of the exact bytes sent."""
    return f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'


def none_match(if_none_match: str | None, tag: str) -> bool:
    """True when If-None-Match names this tag (RFC 9110 §13.1.2: weak comparison, or `*`)."""
    if if_none_match is None:
        return False
    candidates = [candidate.strip() for candidate in if_none_match.split(",")]
    return "*" in candidates or any(candidate.removeprefix("W/") == tag for candidate in candidates)


def conditional_json(body: BaseModel, if_none_match: str | None) -> Response:
    """The body as JSON with its ETag, or an empty 304 if the client already holds it."""
    content = body.model_dump_json(by_alias=True).encode()
    headers = {"ETag": entity_tag(content)}
    if none_match(if_none_match, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    return Response(content, media_type="application/json", headers=headers)
