"""JSON logs, one object per line, each carrying the current request ID."""

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

# Set by the request-context middleware for the duration of each request.
request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

_base_record_factory = logging.getLogRecordFactory()


def _record_with_request_id(*args: Any, **kwargs: Any) -> logging.LogRecord:
    # Stamped when the record is created, while the request's context is still current.
    record = _base_record_factory(*args, **kwargs)
    record.requestId = request_id_var.get()
    return record


# Attributes every LogRecord has; anything else was passed through `extra=`.
# (uvicorn passes an ANSI-coloured copy of its messages, useless in JSON.)
_STANDARD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "color_message",
}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = vars(record)
        for key in fields.keys() - _STANDARD_ATTRIBUTES:
            if fields[key] is not None:
                entry[key] = fields[key]
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(level: str) -> None:
    """Route every logger, uvicorn's included, through one JSON handler on stdout."""
    # Caller, thread and process details are never written, so never collect them: this
    # is the logging HOWTO's "Optimization" advice and a large share of a log call's cost.
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    logging.setLogRecordFactory(_record_with_request_id)
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    # Replace our own handler when called again (one app per test), keep anyone else's.
    root.handlers[:] = [h for h in root.handlers if not isinstance(h.formatter, JsonFormatter)]
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    # The request-context middleware writes one richer line per request instead.
    logging.getLogger("uvicorn.access").disabled = True
