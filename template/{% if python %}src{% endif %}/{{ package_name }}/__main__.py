"""`python -m <package>`: serve with production settings (what `make run` and the image use)."""

import os
import shutil
import sys
import tempfile
from pathlib import Path

import uvicorn

from .core.config import ConfigError, load_settings


def main() -> None:
    try:
        settings = load_settings()
    except ConfigError as error:
        sys.exit(str(error))
    if settings.web_concurrency > 1:
        _share_metrics_between_workers(settings.port)
    uvicorn.run(
        f"{__package__}.main:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.web_concurrency,
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


def _share_metrics_between_workers(port: int) -> None:
    """Workers write their metrics to files in one directory; /metrics adds them up.

    Set before any worker imports prometheus_client, and emptied at every start, as
    prometheus_client requires (values from a previous run would be counted again).
    """
    directory = os.environ.setdefault(
        "PROMETHEUS_MULTIPROC_DIR",
        str(Path(tempfile.gettempdir()) / f"{__package__}-metrics-{port}"),
    )
    shutil.rmtree(directory, ignore_errors=True)
    Path(directory).mkdir(parents=True)


if __name__ == "__main__":
    main()
