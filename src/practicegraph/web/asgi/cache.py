"""Rendered responses kept in memory: a build never changes, so a document made once is the
document. An ASGI middleware in front of the app, so that a kept answer costs no routing,
negotiation or rendering.

Each app serves one build (a new build gets a new app, see `switch`), so nothing kept is ever
stale. The key is everything an answer depends on (`variant`): method, path, the query as the
app reads it, the media type and profiles negotiated from Accept and Accept-Profile, never the
headers as sent, and whether the request names an Origin (CORS headers). Conditional and range
requests pass through. The budget counts keys as well as answers; entries go least recently
used first when it is spent.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from practicegraph.core import metrics
from practicegraph.web.asgi.disk_cache import DiskCache
from practicegraph.web.asgi.variant import Key, Variants, size

SETTLED = (200, 301, 303, 410)
"""What a build's answer is for good; a store that failed (503) may answer next time. A 404 is
not kept: its path is the client's to choose, so unique missing paths (cheap to send) would fill
the budget and push out every answer worth keeping; a 404 costs the app little to give again."""
LARGEST = 1 << 20
"""Bytes: a larger body is answered but not kept (it would push out many small ones)."""
PASS = frozenset((b"if-none-match", b"if-modified-since", b"range", b"authorization"))
READ = frozenset({"page", "_profile", "_mediatype"})
"""The query parameters the cached routes read, each once: a request with any other is answered
but not kept, or unique query strings the app ignores (`?a=1`, `?a=2`…) would each be kept, in
memory and on disk, as copies of one document."""


@dataclass(frozen=True)
class Kept:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers)


class ResponseCache:
    """Least-recently-used responses of the paths under `prefixes`, within a byte budget."""

    def __init__(
        self,
        app: ASGIApp,
        budget: int,
        prefixes: tuple[str, ...],
        variants: Variants,
        disk: DiskCache | None = None,
    ) -> None:
        self.app = app
        self.budget = budget
        self.prefixes = prefixes
        self.variants = variants
        self.disk = disk
        self.used = 0
        self.entries: OrderedDict[Key, Kept] = OrderedDict()

    def key(self, scope: Scope) -> Key | None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return None
        on = self.budget > 0 or (self.disk is not None and self.disk.on)
        if not on or not scope["path"].startswith(self.prefixes):
            return None
        if any(name in PASS for name, _value in scope["headers"]):
            return None
        if scope["query_string"]:  # most requests have none
            names = [n for n, _v in parse_qsl(scope["query_string"].decode("latin-1"), True)]
            if len(set(names)) != len(names) or not READ.issuperset(names):
                return None
        return self.variants.key(scope)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self.key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        kept, where = self.entries.get(key), "hit"
        if kept is not None:
            self.entries.move_to_end(key)
        elif (written := self.disk.get(key) if self.disk is not None else None) is not None:
            kept, where = Kept(*written), "disk"
            self.remember(key, kept)
        metrics.child(metrics.CACHE, where if kept is not None else "miss").inc()
        if kept is not None:
            await send(
                {"type": "http.response.start", "status": kept.status, "headers": kept.headers}
            )
            await send({"type": "http.response.body", "body": kept.body})
            return
        started: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        self.keep(key, started, b"".join(chunks))

    def keep(self, key: Key, started: Message, body: bytes) -> None:
        if started.get("status") not in SETTLED or len(body) > LARGEST:
            return
        kept = Kept(started["status"], list(started.get("headers", [])), body)
        if self.disk is not None:
            self.disk.put(key, kept.status, kept.headers, kept.body)
        self.remember(key, kept)

    def remember(self, key: Key, kept: Kept) -> None:
        """Kept in this process too, least recently used out first past the budget."""
        if size(key) + kept.size > self.budget or key in self.entries:
            return
        self.entries[key] = kept
        self.used += size(key) + kept.size
        while self.used > self.budget:
            dropped_key, dropped = self.entries.popitem(last=False)
            self.used -= size(dropped_key) + dropped.size
