"""How `serve` logs: readable lines for a terminal, or one JSON object per line for a log
collector (PRACTICEGRAPH_LOG_FORMAT=json). Given to uvicorn as its log_config, so that every
worker process logs alike; uvicorn's own access log is off, practicegraph.access replaces it.

What a client sends (a path with %0a, %1b[) reaches the log: written as it came, a newline forges
a whole line and an escape sequence rewrites an operator's terminal. So every control character
(C0, DEL, C1), the characters that break lines (U+2028, U+2029), and every format character
(Unicode category Cf: bidi controls such as U+202E and U+061C, zero-width ones) is written escaped
(`\n`, `\x1b`, `\u202e`) in both formats. Cf is taken whole from unicodedata rather than listed
by hand: a hand-made list missed U+061C, and an invisible character reorders a line as well.
A record is one line; a traceback keeps its lines, each escaped (an exception's message may hold
what a client sent) and, in the plain format, indented, so that no line of it can pass
for a record."""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from datetime import UTC, datetime
from typing import Any, Literal

LogFormat = Literal["plain", "json"]
NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def unsafe_pattern() -> re.Pattern[str]:
    """Controls (C0, DEL, C1), the line and paragraph separators, and every Cf character of the
    running Python's Unicode database, as one character class."""
    cf = "".join(chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) == "Cf")
    return re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029" + re.escape(cf) + "]")


UNSAFE = unsafe_pattern()


def escaped(text: str) -> str:
    """The text with every control and line- or order-changing character written as an escape;
    printable ASCII (nearly every line) as it is, without a search."""
    if text.isascii() and text.isprintable():
        return text
    return UNSAFE.sub(lambda found: NAMED.get(found[0]) or ascii(found[0])[1:-1], text)


def lines_escaped(text: str, indent: str = "") -> str:
    """A text of several lines (a traceback) with each line escaped, and indented."""
    return "\n".join(indent + escaped(line) for line in text.splitlines())


def safe(value: Any) -> Any:
    """A field's value for the log: text escaped, numbers and the like as they are."""
    return escaped(value) if isinstance(value, str) else value


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, and a request's fields (`extra={"fields": …}`) as keys."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": escaped(record.getMessage()),
        }
        line.update({key: safe(value) for key, value in getattr(record, "fields", {}).items()})
        if record.exc_info:
            line["exception"] = lines_escaped(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    """A readable line; a request's id at its end."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        return escaped(super().formatMessage(record))

    def formatException(self, ei: Any) -> str:  # noqa: N802 (logging's name)
        return lines_escaped(super().formatException(ei), "    ")

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 (logging's name)
        return lines_escaped(super().formatStack(stack_info), "    ")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        fields = getattr(record, "fields", {})
        extra = [
            f"{k}={escaped(str(fields[k]))}"
            for k in ("request_id", "query_hash", "outcome")
            if k in fields
        ]
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
