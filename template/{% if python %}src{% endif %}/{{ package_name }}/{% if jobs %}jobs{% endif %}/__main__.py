"""`python -m <package>.jobs worker` runs the worker; `... dead-letters` lists failed jobs."""

import argparse
import asyncio
import sys

from ..core.config import ConfigError, Settings, load_settings
from ..core.logging import configure_logging
from .broker import JobBroker
from .worker import create_worker

DEFAULT_DEAD_LETTER_LIMIT = 100


async def print_dead_letters(settings: Settings, limit: int) -> None:
    """One JSON object per line, oldest first: the job, its attempts, the last error."""
    broker = JobBroker(settings)
    try:
        for letter in await broker.dead_letters(limit):
            print(letter.model_dump_json())
    finally:
        await broker.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog=f"python -m {__package__}")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("worker", help="consume and run jobs until SIGTERM")
    dead_letters = commands.add_parser("dead-letters", help="print the jobs that failed for good")
    dead_letters.add_argument("--limit", type=int, default=DEFAULT_DEAD_LETTER_LIMIT)
    arguments = parser.parse_args(argv)

    try:
        settings = load_settings()
    except ConfigError as error:
        sys.exit(str(error))
    configure_logging(settings.log_level)
    if arguments.command == "worker":
        asyncio.run(create_worker(settings).run())
    else:
        asyncio.run(print_dead_letters(settings, arguments.limit))


if __name__ == "__main__":
    main()
