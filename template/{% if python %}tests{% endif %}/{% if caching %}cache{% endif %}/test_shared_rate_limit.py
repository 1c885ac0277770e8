"""Rate limits counted in Redis hold across processes, and locally while Redis is down."""

from ..conftest import ClientFactory, fresh_namespace
from ..items.test_router import ITEMS
from .conftest import UNREACHABLE_REDIS_URL

# A day-long window: a test cannot straddle two windows (unless run across midnight UTC).
THREE_A_DAY = "3/day"


async def test_instances_sharing_redis_share_each_clients_limit(
    client_with: ClientFactory,
) -> None:
    shared = {"rate_limit": THREE_A_DAY, "cache_namespace": fresh_namespace()}
    async with client_with(**shared) as first, client_with(**shared) as second:
        statuses = [
            (await first.get(ITEMS)).status_code,
            (await second.get(ITEMS)).status_code,
            (await first.get(ITEMS)).status_code,
            (await second.get(ITEMS)).status_code,
        ]
        refused = await second.get(ITEMS)

    assert statuses == [200, 200, 200, 429]
    assert refused.json()["error"]["code"] == "RATE_LIMITED"
    assert int(refused.headers["retry-after"]) > 0


async def test_each_process_limits_on_its_own_while_redis_is_down(
    client_with: ClientFactory,
) -> None:
    async with client_with(rate_limit=THREE_A_DAY, redis_url=UNREACHABLE_REDIS_URL) as client:
        statuses = [(await client.get(ITEMS)).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
