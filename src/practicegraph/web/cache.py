"""Rendered responses kept in memory: a build never changes, so a page made once is the page.

Each app serves one build (a new build gets a new app, see `switch`), so nothing here is ever
stale; entries are dropped least recently used first when the byte budget is spent.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from fastapi.responses import Response

SETTLED = (200, 404)
"""What a build's answer is for good; a store that failed (503) may answer next time."""
LARGEST = 1 << 20
"""Bytes: a larger body is answered but not kept (it would push out many small ones)."""


@dataclass(frozen=True)
class Kept:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def response(self) -> Response:
        return Response(self.body, self.status, dict(self.headers))


class ResponseCache:
    """Least-recently-used responses, by a key that names everything they depend on."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.entries: OrderedDict[Hashable, Kept] = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], Response]) -> Response:
        kept = self.entries.get(key)
        if kept is not None:
            self.entries.move_to_end(key)
            return kept.response()
        response = make()
        body = getattr(response, "body", None)
        settled = response.status_code in SETTLED
        if settled and isinstance(body, bytes) and len(body) <= min(LARGEST, self.budget):
            headers = tuple((k, v) for k, v in response.headers.items() if k != "content-length")
            self.entries[key] = Kept(response.status_code, headers, body)
            self.used += len(body)
            while self.used > self.budget:
                _key, dropped = self.entries.popitem(last=False)
                self.used -= len(dropped.body)
        return response
