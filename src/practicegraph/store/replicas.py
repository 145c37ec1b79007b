"""Several replicas of one dataset behind the remote store: which one a request goes to, which
are left out, and one more try on another when one fails.

Health is a timer's, never a request's: every few seconds each replica is asked `ASK {}` over
a client of its own (`watch`); one that fails a check is left out until it passes one. A
request goes to the healthy replica with the fewest requests under way in this process, in
turn among equals. A request that failed for the replica's sake (it could not be reached, the
connection broke, it answered 5xx) is sent once more, to another healthy replica: every request
we send is a read, so sending it twice changes nothing. A 400 is the query's own fault and a
query that outran our deadline has spent it: neither is sent again.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

import httpx

from practicegraph.core import metrics
from practicegraph.store.base import QueryError

log = logging.getLogger("practicegraph.store")
T = TypeVar("T")
TRIES = 2
"""A request is sent to two replicas at most: a third failure in a row is an outage, and each
try costs the client time."""


def shown(url: str) -> str:
    """The URL without any credentials in it: what logs, metric labels and operators see."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


class RetryError(Exception):
    """A failure that is the replica's, not the request's; `answer` is the client's if no other
    replica answers, `cause` the operator's."""

    def __init__(self, answer: QueryError, cause: str) -> None:
        super().__init__(cause)
        self.answer = answer
        self.cause = cause


def broken(error: httpx.HTTPError) -> bool:
    """Whether the request failed with its connection (refused, reset, closed mid-answer, or not
    made in time), which another replica may well not share; a read that outran our deadline
    did not: the query may be what is slow."""
    return isinstance(error, httpx.NetworkError | httpx.RemoteProtocolError | httpx.ConnectTimeout)


@dataclass
class Replica:
    """One query endpoint, as this process sees it."""

    url: str
    label: str
    healthy: bool = True
    """Whether it passed its last health check (until the first, it is given the benefit)."""
    busy: int = 0
    error: str | None = None
    failed_at: float | None = None
    """When it last failed a check or a request (Unix time)."""


def problem(error: BaseException) -> str:
    """A failure in a line an operator can act on; the store's own text is in the log."""
    if isinstance(error, RetryError):
        return error.cause
    if isinstance(error, TimeoutError):
        return "no answer in time"
    if isinstance(error, QueryError):
        return error.message
    return f"{type(error).__name__}: {error}"[:300]


class Replicas:
    """The replicas of one remote store and this process's view of them."""

    def __init__(self, urls: list[str], every: float) -> None:
        self.all = [Replica(url, shown(url)) for url in urls]
        self.every = every
        self.turn = 0
        self.lock = threading.Lock()  # document requests run in threads, queries in the loop
        for replica in self.all:
            metrics.STORE_UP.labels(replica.label).set(1)

    def order(self) -> list[Replica]:
        """Whom to ask, best first: the healthy ones, the least busy first and in turn among
        equals; when none is healthy, all of them (one may have come back since its check)."""
        with self.lock:
            self.turn += 1
            n = len(self.all)
            ranked = sorted(range(n), key=lambda i: (self.all[i].busy, (i - self.turn) % n))
            candidates = [self.all[i] for i in ranked]
        return ([r for r in candidates if r.healthy] or candidates)[:TRIES]

    @contextmanager
    def busy(self, replica: Replica) -> Iterator[None]:
        with self.lock:
            replica.busy += 1
        metrics.STORE_REQUESTS.labels(replica.label).inc()
        try:
            yield
        finally:
            with self.lock:
                replica.busy -= 1

    def call(self, send: Callable[[Replica], T]) -> T:
        """`send` to a replica; when it raises RetryError, to the next one, once."""
        tried = self.order()
        for n, replica in enumerate(tried, 1):
            try:
                with self.busy(replica):
                    return send(replica)
            except RetryError as failure:
                self.failed(replica, failure, again=n < len(tried))
                if n == len(tried):
                    raise failure.answer from failure
        raise AssertionError("order() names one replica at least")

    async def call_async(self, send: Callable[[Replica], Awaitable[T]]) -> T:
        """As `call`, for a request made in the event loop."""
        tried = self.order()
        for n, replica in enumerate(tried, 1):
            try:
                with self.busy(replica):
                    return await send(replica)
            except RetryError as failure:
                self.failed(replica, failure, again=n < len(tried))
                if n == len(tried):
                    raise failure.answer from failure
        raise AssertionError("order() names one replica at least")

    def failed(self, replica: Replica, failure: RetryError, again: bool) -> None:
        """A request failed there: remembered for the operator; the check decides on health."""
        replica.error, replica.failed_at = failure.cause, time.time()
        if again:
            metrics.STORE_RETRIES.labels(replica.label).inc()
        log.warning(
            "store %s failed a request (%s)%s",
            replica.label,
            failure.cause,
            "; sent to another" if again else "",
        )

    async def watch(self, ask: Callable[[Replica], Awaitable[None]]) -> None:
        """Check every replica now and every `every` seconds after, until cancelled."""
        while True:
            await asyncio.gather(*(self.check(replica, ask) for replica in self.all))
            await asyncio.sleep(self.every)

    async def check(self, replica: Replica, ask: Callable[[Replica], Awaitable[None]]) -> None:
        """One health check: an answer within `every` seconds, or the replica is left out."""
        try:
            await asyncio.wait_for(ask(replica), self.every)
        except Exception as error:  # any failure is the verdict: out
            self.judged(replica, problem(error))
        else:
            self.judged(replica, None)

    def judged(self, replica: Replica, error: str | None) -> None:
        healthy = error is None
        if error is not None:
            replica.error, replica.failed_at = error, time.time()
        if healthy != replica.healthy:
            if healthy:
                log.info("store %s answers again: back in rotation", replica.label)
            else:
                log.warning("store %s failed its health check (%s): left out", replica.label, error)
        replica.healthy = healthy
        metrics.STORE_UP.labels(replica.label).set(healthy)
