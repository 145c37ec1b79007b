"""A request's head (request line and headers) bounded in size and in time, at the protocol,
before the app sees anything.

uvicorn's httptools protocol keeps reading a request line or a header line for as long as the
client sends it (an unfinished 20 MB header line costs about 20 MB of memory), and waits for a
head for ever (a client that sends one byte a second holds a connection for good). `BoundedHead`
counts the bytes of each head as they arrive and answers 414 or 431 once past the caps, and 408
when the head is not complete within the timeout; then it closes the connection. `serve` gives
it to uvicorn as the HTTP protocol (`http=`).

A client may pipeline: send request after request without reading an answer. uvicorn parses
all it has read and queues each request, and pauses reading only for the next read: one read of
256 KiB holds 7,000 requests of `GET /healthz`, about 1.8 KB of memory each once queued, and a
client that never reads its answers keeps them for good (20 connections of 512 KB took a server
from 363 to 928 MB). `BoundedHead` feeds the parser 2 KiB at a time, and stops once
`PIPELINE_AHEAD` requests wait behind the one being answered: what is left of the read is held
as bytes, reading paused, until the queue drains.

A refusal is written, the sending side shut, and what the client still sends read and dropped
for a moment before closing ("lingering close", as nginx does): closing with unread data would
make the kernel reset the connection, and the client might lose the answer that says why.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.flow_control import FlowControl
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from practicegraph.core import metrics
from practicegraph.core.settings import ServeSettings

log = logging.getLogger("practicegraph.access")
LINGER = 2.0
"""Seconds a refused connection is read (and what comes dropped) before it is closed."""
PIPELINE_AHEAD = 8
"""Pipelined requests a connection may have queued behind the one being answered; past them,
what the client sent is held unparsed and no more is read."""
SLICE = 2048
"""Bytes fed to the parser at a time, the queue looked at in between: a slice of the shortest
requests adds about a hundred to it, a few hundred KB at most."""
REASONS = {408: "Request Timeout", 414: "URI Too Long", 431: "Request Header Fields Too Large"}


@dataclass(frozen=True)
class Bounds:
    """The caps of one request's head: bytes of its target, of the whole head, and seconds."""

    request_line: int
    header_bytes: int
    timeout: float

    @classmethod
    def of(cls, settings: ServeSettings) -> Bounds:
        return cls(settings.max_request_line, settings.max_header_bytes, settings.header_timeout)


class HeldFlow(FlowControl):
    """uvicorn's flow control, that does not resume reading while the protocol holds requests:
    uvicorn resumes it as each answer completes, and as the app asks for a body."""

    def __init__(self, transport: asyncio.Transport, holding: Callable[[], bool]) -> None:
        super().__init__(transport)
        self.holding = holding

    def resume_reading(self) -> None:
        if not self.holding():
            super().resume_reading()


class BoundedHead(HttpToolsProtocol):
    """uvicorn's httptools protocol, with each request's head capped in bytes and seconds.

    The bytes are counted per slice fed to the parser, before it buffers them: a head is refused
    at most one slice (2 KiB) past its cap, however long the line the client is sending.
    """

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
        *,
        bounds: Bounds,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.bounds = bounds
        self.url = b""  # the parent sets it only once a request begins
        self.reading_head = True
        self.head_bytes = 0
        self.head_timer: asyncio.TimerHandle | None = None
        self.refused = False
        self.unparsed = b""  # what was read and not yet given to the parser ...
        self.fed = 0  # ... from this offset on

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.flow = HeldFlow(transport, self.holding)
        self._arm()  # a connection that never sends a head is held no longer than one that does

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def holding(self) -> bool:
        """Whether requests are held back: the queue is full, or bytes wait to be parsed."""
        return len(self.pipeline) >= PIPELINE_AHEAD or self.fed < len(self.unparsed)

    def data_received(self, data: bytes) -> None:
        if self.refused:
            return  # lingering: read and dropped
        if self.fed < len(self.unparsed):  # read while held (reading was paused): held too
            self.unparsed = self.unparsed[self.fed :] + data
            self.fed = 0
            self.flow.pause_reading()
            return
        self.unparsed, self.fed = data, 0
        self._feed()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # starts the next request queued, if any
        if self.transport.is_closing() or self.refused:
            return
        self._feed()
        if not self.holding():
            self.flow.resume_reading()

    def _feed(self) -> None:
        """Parse what was read a slice at a time until it is all parsed, or the queue is full
        (then reading is paused, and what is left held for `on_response_complete`)."""
        while self.fed < len(self.unparsed):
            if len(self.pipeline) >= PIPELINE_AHEAD:
                self.flow.pause_reading()
                return
            piece = self.unparsed[self.fed : self.fed + SLICE]
            self.fed += len(piece)
            self._parse(piece)
            if self.refused or self.transport.is_closing() or self.parser.should_upgrade():
                break  # what follows a refusal or an upgrade is not HTTP to parse
        self.unparsed, self.fed = b"", 0

    def _parse(self, data: bytes) -> None:
        if self.reading_head:
            self.head_bytes += len(data)
            self._arm()
        super().data_received(data)
        if self.refused or not self.reading_head or self.transport.is_closing():
            return
        self._refused_past_bounds()

    def on_headers_complete(self) -> None:
        if self.refused:
            return
        self.reading_head = False
        self._disarm()
        # a head that came whole in one read is measured here, as the parser read it
        self.head_bytes = len(self.url) + sum(len(n) + len(v) + 4 for n, v in self.headers)
        if not self._refused_past_bounds():
            self.head_bytes = 0
            super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if not self.refused:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if self.refused:
            return
        super().on_message_complete()
        self.reading_head = True  # what comes next is the next request's head

    def _refused_past_bounds(self) -> bool:
        """Refuse the head if its target or the whole of it is past its cap; whether it was."""
        line, head = self.bounds.request_line, self.bounds.header_bytes
        if len(self.url) > line:
            self._refuse(414, f"the request target is longer than {line} bytes")
        elif self.head_bytes > head:
            self._refuse(431, f"the request line and headers are longer than {head} bytes")
        return self.refused

    def _arm(self) -> None:
        if self.head_timer is None:
            self.head_timer = self.loop.call_later(self.bounds.timeout, self._timed_out)

    def _disarm(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None

    def _timed_out(self) -> None:
        self.head_timer = None
        if not self.reading_head or self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            self._arm()  # the next head came while an answer is still being sent: wait for it
            return
        if self.head_bytes == 0:
            self.transport.close()  # nothing asked, nothing to answer
            return
        self._refuse(408, f"the request's head did not arrive within {self.bounds.timeout:g} s")

    def _refuse(self, status: int, why: str) -> None:
        """Answer in words, shut the sending side, drop what still comes, close a moment later."""
        self.refused = True
        self._disarm()
        self._unset_keepalive_if_required()
        client = self.client[0] if self.client else "-"
        metrics.REQUESTS.labels("head", str(status), "none").inc()
        fields = {"status": status, "client": client, "bytes_read": self.head_bytes}
        log.info("%s refused: %s", status, why, extra={"fields": fields})
        if self.cycle is not None and not self.cycle.response_complete:
            self.transport.close()  # an answer is under way: no room for a second one
            return
        body = f"{status} {REASONS[status]}: {why}\n".encode()
        head = (
            f"HTTP/1.1 {status} {REASONS[status]}\r\n"
            "content-type: text/plain; charset=utf-8\r\n"
            f"content-length: {len(body)}\r\n"
            "connection: close\r\n\r\n"
        ).encode()
        self.transport.write(head + body)
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER, self.transport.close)
