"""Which variant of a document a request asks for, in the few values an answer depends on: the
key of the response cache.

A key made of the headers as sent lets a client choose how much memory it takes (a unique 1 MB
Accept header per request is a new 1 MB key). So the key holds what the app would negotiate
from them instead: the media type chosen among those offered (the app's own choice), the
profile IRIs the app knows in the order the client ranks them, and the query string parsed and
sorted. Two requests with the same key get the same answer; the key's size no longer depends on
the headers at all, and on the query string only up to the server's cap on a request line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from starlette.types import Scope

from practicegraph.web.render.negotiation import negotiated
from practicegraph.web.render.profiles import ranked

Key = tuple[str, str, str, str | None, tuple[str, ...] | None, bool]
"""Method, path, query (normalised), media type, profiles (None: none asked for), Origin sent."""
OVERHEAD = 400
"""Bytes a key and its entry cost besides their text (objects, the dict's slot), roughly."""


def first(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> str | None:
    """The first value of a header, as Starlette's `request.headers.get` reads it."""
    return next((value.decode("latin-1") for key, value in headers if key == name), None)


def normalised(query: bytes) -> str:
    """The query's parameters as the app reads them (Starlette's parsing), in a stable order:
    sorting by name keeps the order of a repeated parameter's values, which the app sees."""
    if not query:
        return ""
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


@dataclass(frozen=True)
class Variants:
    """The media types the cached routes offer and the profile IRIs the app knows."""

    offered: tuple[str, ...]
    profiles: frozenset[str] = frozenset()

    def key(self, scope: Scope) -> Key:
        headers = scope["headers"]
        chosen = negotiated(first(headers, b"accept"), self.offered)
        asked = first(headers, b"accept-profile")
        profiles = tuple(i for i in ranked(asked) if i in self.profiles) if asked else None
        origin = any(name == b"origin" for name, _value in headers)
        query = normalised(scope["query_string"])
        return scope["method"], scope["path"], query, chosen, profiles, origin


def size(key: Key) -> int:
    """Bytes the key holds, counted in the cache's budget."""
    _method, path, query, media, profiles, _origin = key
    texts = [path, query, media or "", *(profiles or ())]
    return OVERHEAD + sum(len(text) for text in texts)
