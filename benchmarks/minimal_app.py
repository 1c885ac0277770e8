"""The ceiling for a primary-key read: the same driver and server as the generated
service (asyncpg, uvicorn with uvloop and httptools), none of its framework or middleware.

    DATABASE_URL=postgresql://... python minimal_app.py PORT
"""

import json
import os
import sys
import uuid
from typing import Any

import asyncpg
import uvicorn

pool: Any = None


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    global pool
    if scope["type"] == "lifespan":
        while (message := await receive())["type"] != "lifespan.shutdown":
            if message["type"] == "lifespan.startup":
                pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=10)
                await send({"type": "lifespan.startup.complete"})
        await pool.close()
        await send({"type": "lifespan.shutdown.complete"})
        return
    item_id = uuid.UUID(scope["path"].rsplit("/", 1)[-1])
    row = await pool.fetchrow(
        "SELECT id, name, description, created_at, updated_at FROM items WHERE id = $1", item_id
    )
    body = json.dumps({"data": dict(row), "meta": {}}, default=str).encode()
    await send(
        {"type": "http.response.start", "status": 200,
         "headers": [(b"content-type", b"application/json")]}
    )  # fmt: skip
    await send({"type": "http.response.body", "body": body})


if __name__ == "__main__":
    uvicorn.run(
        app, port=int(sys.argv[1]), loop="uvloop", http="httptools", access_log=False,
        log_level="warning",
    )  # fmt: skip
