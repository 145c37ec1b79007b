"""Fair use of the SPARQL endpoint and of the pattern fragments, each with bounds of its own: on
the requests one client address has running and waiting, and on all of them, per server
process. Past either, a request is refused at once with 429 Too Many Requests and a
Retry-After (what the LDES primer and harvesters expect on overload), instead of waiting
behind a crowd. Resource pages, dumps and the event stream never come here: they are not
queued behind either at all."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

T = TypeVar("T")


@dataclass
class Admission:
    per_client: int
    overall: int
    held: Counter[str] = field(default_factory=Counter)
    """Queries running or waiting, by client address (the event loop is the only writer)."""

    def enter(self, client: str) -> str | None:
        """None if the query may run (it then holds a place until `leave`), else why not."""
        if self.held[client] >= self.per_client:
            return f"a client may have {self.per_client} queries running or waiting at once"
        if sum(self.held.values()) >= self.overall:
            return f"{self.overall} queries are running or waiting already"
        self.held[client] += 1
        return None

    def leave(self, client: str) -> None:
        self.held[client] -= 1
        if self.held[client] <= 0:
            del self.held[client]


@dataclass
class Turns:
    """Blocking work in the thread pool, `overall` at once and each client's one at a time, so
    that another client waits for one piece of a crowd's work, not for all of it. A pattern
    lookup holds the GIL: one client's sixteen at once (`wrk -c16`) slowed every other route
    to 700 ms."""

    overall: int
    lanes: dict[str, asyncio.Lock] = field(default_factory=dict)
    waiting: Counter[str] = field(default_factory=Counter)
    """Work waiting or running, by client: a lane is dropped with its last (the event loop is
    the only writer)."""
    running: asyncio.Semaphore = field(init=False)

    def __post_init__(self) -> None:
        self.running = asyncio.Semaphore(self.overall)

    async def run(self, client: str, work: Callable[[], T]) -> T:
        lane = self.lanes.setdefault(client, asyncio.Lock())
        self.waiting[client] += 1
        try:
            async with lane, self.running:
                return await run_in_threadpool(work)
        finally:
            self.waiting[client] -= 1
            if self.waiting[client] <= 0:
                del self.waiting[client], self.lanes[client]
