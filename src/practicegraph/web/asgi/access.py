"""One log line and one count per request, under a request id.

The id is the client's X-Request-ID when it sends a sane one (a proxy in front may set it),
else a new one; it is sent back in X-Request-ID, and error answers name it, so that a user's
report finds its log line. A SPARQL request's line adds the query's hash, length and outcome
(the endpoint puts them in the request's state); the query's text only at debug level.

A client that goes away before its answer is complete is logged and counted as 499 (nginx's
"client closed request"), not as a 500 with a traceback: nothing failed on our side, and an
operator watching 5xx must not be paged for it.
"""

from __future__ import annotations

import logging
import os
import re
import time
from dataclasses import dataclass

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from practicegraph.core import metrics, urls

log = logging.getLogger("practicegraph.access")
SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
GONE = 499
"""The status logged when the client left before its answer was complete (nginx's)."""
FAMILIES = (
    (urls.ID, "resource"),
    (urls.DOC, "resource"),
    (urls.NS, "resource"),
    (urls.GRAPH, "resource"),
    (urls.LDES, "stream"),
    (urls.DOWNLOADS, "dumps"),
    (urls.SPARQL, "sparql"),
    (urls.FRAGMENTS, "fragments"),
    (urls.HEALTHZ, "health"),
    (urls.READYZ, "health"),
    (urls.METRICS, "health"),
    (urls.CONTEXTS, "context"),
    (urls.CATALOG, "catalog"),
    (urls.WELL_KNOWN, "catalog"),
    (urls.ROBOTS, "crawlers"),
    (urls.SITEMAP_FAMILY, "crawlers"),
    (urls.ASSETS, "assets"),
)


@dataclass
class Answer:
    """What the log line says of the answer; a 500 until the app starts one."""

    status: int = 500
    bytes: int = 0
    media: str = ""
    complete: bool = False
    gone: bool = False
    """The client went away before the answer was complete."""


def family(path: str, root: str) -> str:
    """Routes grouped as operators watch them (a label with few values, never the path)."""
    local = path.removeprefix(root).lstrip("/")
    for prefix, name in FAMILIES:
        if local.startswith(prefix):
            return name
    return "site"


def request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            given = bytes(value).decode("latin-1")
            if SANE_ID.fullmatch(given):
                return given
    return os.urandom(16).hex()  # what uuid4 draws, without making a UUID


class AccessLog:
    def __init__(self, app: ASGIApp, root: str = "") -> None:
        self.app = app
        self.root = root

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        rid = request_id(scope)
        state = scope.setdefault("state", {})
        state["request_id"] = rid
        answer = Answer()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer.status = message["status"]
                headers = list(message.get("headers", []))
                for name, value in headers:
                    if name == b"content-type":
                        answer.media = value.decode("latin-1").split(";")[0].strip()
                headers.append((b"x-request-id", rid.encode()))
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body":
                answer.bytes += len(message.get("body", b""))
                answer.complete = not message.get("more_body", False)
            await send(message)

        async def receive_watched() -> Message:
            message = await receive()
            if message["type"] == "http.disconnect" and not answer.complete:
                answer.gone = True
            return message

        try:
            await self.app(scope, receive_watched, send_with_id)
        except ClientDisconnect:
            answer.gone = True  # reading the body of a client gone: nobody left to answer
        finally:
            if answer.gone and not answer.complete:
                answer.status = GONE
            seconds = time.perf_counter() - started
            self.record(scope, rid, answer, seconds, state.get("sparql"))

    def record(
        self,
        scope: Scope,
        rid: str,
        answer: Answer,
        seconds: float,
        sparql: dict[str, object] | None,
    ) -> None:
        kind = family(scope["path"], self.root)
        metrics.child(metrics.REQUESTS, kind, str(answer.status), answer.media or "none").inc()
        metrics.child(metrics.REQUEST_SECONDS, kind).observe(seconds)
        fields: dict[str, object] = {
            "request_id": rid,
            "method": scope["method"],
            "path": scope["path"],
            "status": answer.status,
            "ms": round(seconds * 1000, 1),
            "bytes": answer.bytes,
            "client": (scope.get("client") or ("-",))[0],
        }
        if sparql is not None:
            text = sparql.pop("text", None)
            fields.update(sparql)
            if log.isEnabledFor(logging.DEBUG):
                fields["query"] = text
        log.info(
            "%s %s %s %s ms %s bytes",
            scope["method"],
            scope["path"],
            answer.status,
            fields["ms"],
            answer.bytes,
            extra={"fields": fields},
        )
