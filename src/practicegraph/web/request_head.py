"""A request's head (request line and headers) bounded in size and in time, at the protocol,
before the app sees anything.

uvicorn's httptools protocol keeps reading a request line or a header line for as long as the
client sends it (an unfinished 20 MB header line costs about 20 MB of memory), and waits for a
head for ever (a client that sends one byte a second holds a connection for good). `BoundedHead`
counts the bytes of each head as they arrive and answers 414 or 431 once past the caps, and 408
when the head is not complete within the timeout; then it closes the connection. `serve` gives
it to uvicorn as the HTTP protocol (`http=`).

A refusal is written, the sending side shut, and what the client still sends read and dropped
for a moment before closing ("lingering close", as nginx does): closing with unread data would
make the kernel reset the connection, and the client might lose the answer that says why.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from practicegraph.core import metrics
from practicegraph.core.settings import ServeSettings

log = logging.getLogger("practicegraph.access")
LINGER = 2.0
"""Seconds a refused connection is read (and what comes dropped) before it is closed."""
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


class BoundedHead(HttpToolsProtocol):
    """uvicorn's httptools protocol, with each request's head capped in bytes and seconds.

    The bytes are counted per chunk read, before the parser buffers them: a head is refused at
    most one read (256 KiB) past its cap, however long the line the client is sending.
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

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()  # a connection that never sends a head is held no longer than one that does

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.refused:
            return  # lingering: read and dropped
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
