"""Migrations upgrade and downgrade cleanly, and match the models."""

from .database import create_database, drop_database
from .migrations import run_alembic


async def test_upgrade_downgrade_upgrade_round_trip() -> None:
    url = await create_database(suffix="_migrations")
    try:
        run_alembic(url, "upgrade", "head")
        run_alembic(url, "downgrade", "base")
        run_alembic(url, "upgrade", "head")
        # Fails when a model changed without a migration.
        run_alembic(url, "check")
    finally:
        await drop_database(url)
