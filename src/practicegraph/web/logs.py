"""How `serve` logs: readable lines for a terminal, or one JSON object per line for a log
collector (PRACTICEGRAPH_LOG_FORMAT=json). Given to uvicorn as its log_config, so that every
worker process logs alike; uvicorn's own access log is off, practicegraph.access replaces it."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any, Literal

LogFormat = Literal["plain", "json"]


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, and a request's fields (`extra={"fields": …}`) as keys."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    """A readable line; a request's id at its end."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        fields = getattr(record, "fields", {})
        extra = [f"{k}={fields[k]}" for k in ("request_id", "query_hash", "outcome") if k in fields]
        return f"{text} {' '.join(extra)}" if extra else text


def config(kind: LogFormat, level: str) -> dict[str, Any]:
    formatter = (
        {"()": JsonFormatter}
        if kind == "json"
        else {"()": PlainFormatter, "format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    )
    handler = {"class": "logging.StreamHandler", "formatter": "main", "stream": "ext://sys.stderr"}
    loud = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"main": formatter},
        "handlers": {"main": handler},
        "loggers": {
            "practicegraph": {"handlers": ["main"], "level": loud, "propagate": False},
            "uvicorn": {"handlers": ["main"], "level": loud, "propagate": False},
            "uvicorn.error": {"level": loud},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }
