"""`python -m <package>.api_keys create | list | revoke` (`make api-key-create NAME=...`).

`create` prints the new key alone on standard output, so a script can capture it, and
everything else on standard error. The key is shown this once: only its digest is stored.
"""

import argparse
import asyncio
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from ..auth.principal import Role
from ..core.config import ConfigError, load_settings
from ..core.db import create_engine, create_session_factory
from ..core.types import utcnow
from .models import ApiKey
from .repository import ApiKeyRepository
from .service import ApiKeyCommandError, issue_key, revoke_key

COLUMNS = ("ID", "PREFIX", "NAME", "ROLE", "STATUS", "CREATED", "EXPIRES", "LAST USED")


@asynccontextmanager
async def _session() -> AsyncIterator[AsyncSession]:
    engine = create_engine(load_settings())
    try:
        async with create_session_factory(engine)() as session:
            yield session
    finally:
        await engine.dispose()


def _when(moment: datetime | None) -> str:
    return "-" if moment is None else f"{moment:%Y-%m-%d %H:%M}Z"


def _status(api_key: ApiKey, now: datetime) -> str:
    if api_key.revoked_at is not None:
        return "revoked"
    return "active" if api_key.refusal(now) is None else "expired"


def table(api_keys: Sequence[ApiKey], now: datetime) -> str:
    rows = [COLUMNS] + [
        (
            str(api_key.id),
            api_key.prefix,
            api_key.name,
            api_key.role,
            _status(api_key, now),
            _when(api_key.created_at),
            _when(api_key.expires_at),
            _when(api_key.last_used_at),
        )
        for api_key in api_keys
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(COLUMNS))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


async def _create(arguments: argparse.Namespace) -> None:
    days: int | None = arguments.expires_in_days
    if days is not None and days < 1:
        raise ApiKeyCommandError("expires-in-days: must be at least 1.")
    expires_at = None if days is None else utcnow() + timedelta(days=days)
    async with _session() as session:
        api_key, value = await issue_key(
            session, name=arguments.name, role=Role(arguments.role), expires_at=expires_at
        )
    print(value)
    expiry = "never" if api_key.expires_at is None else _when(api_key.expires_at)
    print(
        f"Created the API key {api_key.prefix} ({api_key.id}) for {api_key.name}, role"
        f" {api_key.role}, expiring {expiry}. Store it now: it cannot be shown again.",
        file=sys.stderr,
    )


async def _list(_: argparse.Namespace) -> None:
    async with _session() as session:
        api_keys = await ApiKeyRepository(session).all()
    print(table(api_keys, utcnow()))


async def _revoke(arguments: argparse.Namespace) -> None:
    async with _session() as session:
        api_key, revoked = await revoke_key(session, arguments.key)
    if revoked:
        print(f"Revoked the API key {api_key.prefix} of {api_key.name}.", file=sys.stderr)
    else:
        print(f"The API key {api_key.prefix} was already revoked.", file=sys.stderr)


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"python -m {__package__}", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="create a key and print it, this once")
    create.add_argument("--name", required=True, help="the calling service, e.g. billing-service")
    create.add_argument("--role", choices=[role.value for role in Role], default=Role.USER.value)
    create.add_argument(
        "--expires-in-days", type=int, metavar="DAYS", help="default: the key never expires"
    )
    create.set_defaults(run=_create)
    commands.add_parser("list", help="list every key (never the keys themselves)").set_defaults(
        run=_list
    )
    revoke = commands.add_parser("revoke", help="revoke a key: its next request is refused")
    revoke.add_argument("key", help="the key's id or prefix, as `list` shows them")
    revoke.set_defaults(run=_revoke)
    return parser


def main(argv: list[str] | None = None) -> None:
    arguments = parser().parse_args(argv)
    try:
        asyncio.run(arguments.run(arguments))
    except (ConfigError, ApiKeyCommandError) as error:
        sys.exit(str(error))


if __name__ == "__main__":
    main()
