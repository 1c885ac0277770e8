"""`python -m <package>`: serve with production settings (what `make run` and the image use)."""

import sys

import uvicorn

from .core.config import ConfigError, load_settings


def main() -> None:
    try:
        settings = load_settings()
    except ConfigError as error:
        sys.exit(str(error))
    uvicorn.run(
        f"{__package__}.main:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        loop="uvloop",
        http="httptools",
        # Our middleware logs one JSON line per request; uvicorn's own access log would
        # double the lines and cost a large share of throughput.
        access_log=False,
        log_config=None,
        proxy_headers=True,
        # On SIGTERM: stop accepting, let in-flight requests finish, then run shutdown.
        timeout_graceful_shutdown=int(settings.shutdown_timeout_seconds),
        server_header=False,
    )


if __name__ == "__main__":
    main()
