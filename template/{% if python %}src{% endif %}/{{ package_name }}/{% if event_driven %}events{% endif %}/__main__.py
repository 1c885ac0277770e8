"""`python -m <package>.events relay`: publish the outbox's events until SIGTERM."""

import argparse
import asyncio
import signal
import sys

from ..core.config import ConfigError, Settings, load_settings
from ..core.db import create_engine, create_session_factory
from ..core.logging import configure_logging
from ..jobs.broker import JobBroker
from .relay import OutboxRelay


async def run_relay(settings: Settings) -> None:
    """Relay until SIGTERM or SIGINT; a batch being published is finished and marked first."""
    engine = create_engine(settings)
    broker = JobBroker(settings)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    relay = OutboxRelay(
        create_session_factory(engine),
        broker,
        batch_size=settings.outbox_batch_size,
        poll_seconds=settings.outbox_poll_seconds,
    )
    try:
        await relay.run(stopping)
    finally:
        await broker.close()
        await engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog=f"python -m {__package__}")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("relay", help="publish the outbox's events to the broker until SIGTERM")
    parser.parse_args(argv)

    try:
        settings = load_settings()
    except ConfigError as error:
        sys.exit(str(error))
    configure_logging(settings.log_level)
    asyncio.run(run_relay(settings))


if __name__ == "__main__":
    main()
