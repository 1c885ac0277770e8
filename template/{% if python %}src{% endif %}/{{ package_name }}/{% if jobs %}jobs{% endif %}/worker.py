"""The worker process: consumes jobs until SIGTERM, then finishes or returns what it holds."""

from collections.abc import Mapping

from faststream import FastStream

from ..core.config import Settings
from ..core.db import create_engine, create_session_factory
from ..items.enrichment import ENRICH_ITEM, enrich_item_handler
from .broker import JobBroker
from .delivery import JobHandler, RetryPolicy, deliver


def create_worker(
    settings: Settings, handlers: Mapping[str, JobHandler] | None = None
) -> FastStream:
    """A FastStream application running `handlers` (by default, every job of this service)."""
    engine = create_engine(settings)
    if handlers is None:
        session_factory = create_session_factory(engine)
        handlers = {ENRICH_ITEM: enrich_item_handler(session_factory)}
    broker = JobBroker(settings)
    policy = RetryPolicy.from_settings(settings)

    async def on_message(body: bytes, headers: Mapping[str, object]) -> None:
        await deliver(body, headers, handlers=handlers, transport=broker, policy=policy)

    broker.consume(on_message)
    # On SIGTERM FastStream stops fetching, waits up to the broker's graceful timeout for
    # the job in hand, and cancels it after that: unacknowledged, it is redelivered.
    worker = FastStream(broker.broker)
    worker.on_startup(broker.connect)
    worker.after_shutdown(engine.dispose)
    return worker
