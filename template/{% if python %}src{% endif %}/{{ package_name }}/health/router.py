import asyncio
import logging

from fastapi import APIRouter, Request
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from ..core.errors import ServiceUnavailableError
from ..core.openapi import error_responses
from ..core.schemas import DataEnvelope

router = APIRouter(tags=["operations"])
logger = logging.getLogger(__name__)

# A probe that hangs is worse than one that fails: orchestrators time out anyway.
DATABASE_CHECK_TIMEOUT_SECONDS = 2.0


@router.get(
    "/health",
    responses=error_responses(),
    summary="Liveness: the process is up (checks no dependency)",
)
async def health() -> DataEnvelope[dict[str, str]]:
    return DataEnvelope(data={"status": "ok"})


@router.get(
    "/ready",
    responses=error_responses(503),
    summary="Readiness: every dependency answers",
)
async def ready(request: Request) -> DataEnvelope[dict[str, str]]:
    engine: AsyncEngine = request.app.state.engine
    try:
        async with asyncio.timeout(DATABASE_CHECK_TIMEOUT_SECONDS), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as error:
        logger.warning("Readiness check failed: database", extra={"error": repr(error)})
        raise ServiceUnavailableError(
            "A dependency is unavailable.", details=[("database", "unreachable")]
        ) from None
    return DataEnvelope(data={"status": "ready", "database": "ok"})
