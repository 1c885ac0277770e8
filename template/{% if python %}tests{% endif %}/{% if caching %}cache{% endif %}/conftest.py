"""A Redis client of the test's own, to look at what the service stored."""

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from ..conftest import TEST_REDIS_URL

# Nothing listens on the discard port: connections are refused at once.
UNREACHABLE_REDIS_URL = "redis://127.0.0.1:9/0"


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = Redis.from_url(TEST_REDIS_URL)
    yield client
    await client.aclose()
