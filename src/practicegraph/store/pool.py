"""A few worker processes that run SPARQL queries, each killed and replaced at its deadline or
past its memory bound.

pyoxigraph has no query timeout and cannot be interrupted from another thread, so a hostile
query is contained the only way that frees its CPU and memory: its process is killed. One
request may cost one worker, never the server; other requests keep their own workers meanwhile.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from practicegraph.core import metrics
from practicegraph.store.base import QueryAnswer, QueryError, QueryJob
from practicegraph.store.execute import Limits, execute
from practicegraph.store.held import held
from practicegraph.store.memory import resident_mb

_SPAWN = multiprocessing.get_context("spawn")


WATCH_EVERY = 0.05
"""Seconds between two looks at a busy worker's resident memory: a query that builds a large
result grows some 50 MB a second on a loaded machine, so it is stopped a few MB past its bound."""

NICE = 19
"""Added to a query worker's niceness once it is ready (Linux: 19 is the lowest priority, a CPU
weight of 15 against a server process's 1024)."""


def serve(store_path: str, limits: Limits, copy_mb: int, connection: Connection) -> None:
    """Worker main loop: open the frozen store once (or copy it, see `held`), then answer jobs
    until EOF. It starts at the server's priority (a worker starved while starting would leave
    queries waiting), then answers at the lowest: a query that takes the CPU for its whole time
    limit must not slow the pages, dumps and event stream the server process answers
    meanwhile."""
    store = held(store_path, copy_mb)
    os.nice(NICE)
    connection.send(("ready", None))
    while True:
        try:
            job = connection.recv()
        except (EOFError, KeyboardInterrupt):
            return
        try:
            connection.send(("ok", execute(store, job, limits)))
        except QueryError as failure:
            connection.send(("failed", failure))
        except (
            Exception
        ) as error:  # an engine bug: log it here, tell the client without a traceback
            traceback.print_exc()
            message = f"the query engine failed: {type(error).__name__}"
            connection.send(("failed", QueryError(500, message)))


@dataclass(eq=False)
class Worker:
    process: BaseProcess
    connection: Connection


class MemoryBoundError(Exception):
    """A worker held more resident memory than its bound while it ran a query."""


class QueryPool:
    """`size` workers over one store; `run` waits at most `timeout` seconds for an answer, and
    stops a query whose worker holds more than `memory_mb` megabytes. Each worker copies a
    store that fits in `copy_mb` megabytes into its memory (see `held`)."""

    def __init__(
        self,
        store_path: Path,
        limits: Limits,
        size: int,
        timeout: float,
        memory_mb: int,
        *,
        copy_mb: int = 0,
    ) -> None:
        self.store_path = store_path
        self.limits = limits
        self.copy_mb = copy_mb
        self.size = size
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.replacing = 0
        """Workers killed for their query whose successors are not started yet."""
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.workers: set[Worker] = set()
        self.waiters = ThreadPoolExecutor(max_workers=size, thread_name_prefix="sparql-wait")

    def _spawn(self) -> Worker:
        parent, child = _SPAWN.Pipe()
        process = _SPAWN.Process(
            target=serve,
            args=(str(self.store_path), self.limits, self.copy_mb, child),
            daemon=True,
            name="practicegraph-sparql",
        )
        process.start()
        child.close()
        worker = Worker(process, parent)
        self.workers.add(worker)
        return worker

    async def _ready(self, worker: Worker) -> None:
        """Wait for a new worker to have opened the store, then make it available."""
        loop = asyncio.get_running_loop()
        ready = await loop.run_in_executor(None, worker.connection.poll, 30)
        if not ready:
            raise RuntimeError("a SPARQL worker did not start within 30 s")
        worker.connection.recv()
        self.idle.put_nowait(worker)

    async def start(self) -> None:
        await asyncio.gather(*(self._ready(self._spawn()) for _ in range(self.size)))

    def _kill(self, worker: Worker) -> None:
        self.workers.discard(worker)
        worker.process.kill()
        worker.process.join(5)
        worker.connection.close()

    async def _replace(self, worker: Worker) -> None:
        """Kill and start in a thread: waiting for a process to end or begin must not hold up
        the event loop that answers every other request."""
        loop = asyncio.get_running_loop()
        self.replacing += 1
        try:
            await loop.run_in_executor(None, self._kill, worker)
            successor = await loop.run_in_executor(None, self._spawn)
        finally:
            self.replacing -= 1
        await self._ready(successor)

    def _exchange(self, worker: Worker, job: QueryJob, timeout: float) -> tuple[str, object]:
        """Send a job and wait for its answer, in a thread: a blocking poll is the portable wait
        (it works the same under asyncio's and uvloop's event loops). Between polls, the
        worker's resident memory is read: past the bound, the query is over."""
        worker.connection.send(job)
        deadline = time.monotonic() + timeout
        while not worker.connection.poll(min(WATCH_EVERY, max(0.0, deadline - time.monotonic()))):
            if time.monotonic() >= deadline:
                raise TimeoutError
            held = resident_mb(worker.process.pid or 0)
            if held is not None and held > self.memory_mb:
                raise MemoryBoundError
        message: tuple[str, object] = worker.connection.recv()
        return message

    async def _alive(self, deadline: float) -> Worker:
        """An idle worker whose process lives: one that died while idle (killed from outside,
        out of memory) is replaced first, so that a query that had nothing to do with it does
        not fail."""
        loop = asyncio.get_running_loop()
        for _attempt in range(self.size + 1):
            try:
                worker = await asyncio.wait_for(self.idle.get(), max(0.0, deadline - loop.time()))
            except TimeoutError as error:
                message = f"all query workers stayed busy for {self.timeout:g} s"
                raise QueryError(503, message) from error
            if worker.process.is_alive():
                return worker
            metrics.WORKER_RESTARTS.inc()
            await self._replace(worker)
        raise QueryError(503, "the query workers could not be started")

    async def run(self, job: QueryJob) -> QueryAnswer:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        worker = await self._alive(deadline)
        remaining = max(0.0, deadline - loop.time())
        try:
            kind, payload = await loop.run_in_executor(
                self.waiters, self._exchange, worker, job, remaining
            )
        except TimeoutError as error:
            metrics.WORKER_RESTARTS.inc()
            await self._replace(worker)
            message = f"query stopped: it ran longer than the {self.timeout:g} s limit"
            raise QueryError(503, message) from error
        except MemoryBoundError as error:
            metrics.WORKER_RESTARTS.inc()
            await self._replace(worker)
            message = f"query stopped: it used more than {self.memory_mb} MB"
            raise QueryError(503, message) from error
        except (EOFError, OSError) as error:
            metrics.WORKER_RESTARTS.inc()
            await self._replace(worker)
            raise QueryError(503, "the query engine failed on this query") from error
        except asyncio.CancelledError:  # the client went away: free the CPU all the same
            await asyncio.shield(self._replace(worker))
            raise
        self.idle.put_nowait(worker)
        if kind == "failed":
            assert isinstance(payload, QueryError)
            raise payload
        assert isinstance(payload, QueryAnswer)
        return payload

    def alive(self) -> int:
        """Workers alive, one being replaced counted: a worker killed for its query is the pool
        doing its job, and readiness must not fail for it (a client whose queries are stopped
        again and again would otherwise take the replica out of its load balancer)."""
        alive = sum(worker.process.is_alive() for worker in tuple(self.workers))
        return min(self.size, alive + self.replacing)

    async def close(self) -> None:
        """Idle workers are asked to end (their end of the pipe closes, so they exit as processes
        do, flushing what they hold); one that does not within a second is killed."""
        for worker in list(self.workers):
            worker.connection.close()
            worker.process.join(1)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(5)
            self.workers.discard(worker)
        self.waiters.shutdown(wait=False, cancel_futures=True)
