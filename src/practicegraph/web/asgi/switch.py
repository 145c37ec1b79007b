"""Serve whichever build dist/current points at, without a restart.

A build is immutable and made current by one rename of dist/current. Before a request, at most
once a second, the server looks where dist/current points; when it points at a new build, the
app for that build is made and started beside the old one (in a thread: opening an index of a
million triples takes a moment), then requests go to it. Requests already running finish on
the build they began on; the old app is closed when its last one has. A build that cannot be
opened is reported once and the last one keeps serving.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from practicegraph.core.build_folder import CURRENT
from practicegraph.core.settings import ServeSettings

LOOK_EVERY = 1.0
"""Seconds between two looks at dist/current."""
log = logging.getLogger("practicegraph.switch")


@dataclass
class Served:
    """One build's app, its running lifespan, and how many requests it is answering."""

    target: Path
    app: FastAPI
    lifespan: AbstractAsyncContextManager[Any]
    active: int = 0
    retired: bool = False
    closed: bool = False

    async def close(self) -> None:
        if not self.closed:
            self.closed = True
            await self.lifespan.__aexit__(None, None, None)


class BuildSwitch:
    """The ASGI app uvicorn runs: the current build's FastAPI app, swapped when a build lands."""

    def __init__(self, settings: ServeSettings, make: Callable[[ServeSettings], FastAPI]) -> None:
        self.settings = settings
        self.make = make
        self.served: Served | None = None
        self.looked = 0.0
        self.refused: Path | None = None
        self.lock = asyncio.Lock()
        self.retiring: set[asyncio.Task[None]] = set()

    def target(self) -> Path:
        return (self.settings.dist / CURRENT).resolve()

    async def open(self) -> Served:
        app = await asyncio.to_thread(self.make, self.settings)
        lifespan = app.router.lifespan_context(app)
        await lifespan.__aenter__()
        return Served(app.state.build, app, lifespan)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.lifespan(receive, send)
            return
        if self.served is None:  # run without lifespan events (some test clients)
            self.served = await self.open()
        await self.look()
        served = self.served
        served.active += 1
        try:
            await served.app(scope, receive, send)
        finally:
            served.active -= 1
            if served.retired and served.active == 0:
                self.retire(served)

    async def lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    self.served = await self.open()
                except Exception as error:
                    await send({"type": "lifespan.startup.failed", "message": str(error)})
                    return
                log.info("serving build %s", self.served.target.name)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.served is not None:
                    await self.served.close()
                for task in list(self.retiring):
                    await task
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def look(self) -> None:
        """Swap in the build dist/current points at, if it is new and opens."""
        now = time.monotonic()
        if now - self.looked < LOOK_EVERY:
            return
        self.looked = now
        try:
            target = self.target()
        except OSError:
            return
        assert self.served is not None
        if target in (self.served.target, self.refused) or self.lock.locked():
            return  # nothing new, known not to open, or being opened for another request
        async with self.lock:
            if target == self.served.target:
                return
            try:
                fresh = await self.open()
            except Exception as error:
                serving = self.served.target
                log.error("cannot serve %s, still serving %s: %s", target, serving, error)
                self.refused = target
                return
            old, self.served = self.served, fresh
            log.info("now serving build %s", fresh.target.name)
            old.retired = True
            if old.active == 0:
                self.retire(old)

    def retire(self, served: Served) -> None:
        task = asyncio.get_running_loop().create_task(served.close())
        self.retiring.add(task)
        task.add_done_callback(self.retiring.discard)
