"""`python -m <package>.users create-admin --email EMAIL` (`make create-admin EMAIL=...`).

Creates an administrator, or promotes an existing account. The password of a new account
is read from ADMIN_PASSWORD when set (for automation), else asked for twice.
"""

import argparse
import asyncio
import getpass
import os
import sys

from ..core.config import ConfigError, load_settings
from ..core.db import create_engine, create_session_factory
from .admin import AdminCreationError, promote_or_create_admin


def _read_password() -> str:
    if password := os.environ.get("ADMIN_PASSWORD"):
        return password
    password = getpass.getpass("Password of the new administrator: ")
    if getpass.getpass("The same password again: ") != password:
        sys.exit("The passwords differ; nothing was changed.")
    return password


async def _create_admin(email: str) -> str:
    engine = create_engine(load_settings())
    try:
        async with create_session_factory(engine)() as session:
            return await promote_or_create_admin(session, email=email, read_password=_read_password)
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog=f"python -m {__package__}", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    create_admin = commands.add_parser(
        "create-admin", help="create an administrator, or promote an existing account"
    )
    create_admin.add_argument("--email", required=True)
    arguments = parser.parse_args(argv)
    try:
        print(asyncio.run(_create_admin(arguments.email)))
    except (ConfigError, AdminCreationError) as error:
        sys.exit(str(error))


if __name__ == "__main__":
    main()
