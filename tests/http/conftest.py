"""The http tier: the app in process over the one small build the session makes (the repository's
three practices), and that build's store and files. No server process and no port: httpx's
ASGITransport calls the app directly, and its lifespan runs (the query workers start and stop
with it). What needs uvicorn itself (bounds on a request's head, worker processes, the switch to
a new build, fair use across processes) is in tests/system/."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from fastapi import FastAPI

from practicegraph.builder.outcome import Outcome
from practicegraph.core.settings import PREFIX, BuildSettings, ServeSettings
from practicegraph.web.app import create_app
from tests.conftest import SERVER_ENV

LIMITS = {name.removeprefix(PREFIX).lower(): value for name, value in SERVER_ENV.items()}
"""The same limits the system tier's server runs with (a short SPARQL timeout, few rows)."""


T = TypeVar("T")


class InProcess(httpx.BaseTransport):
    """httpx's ASGITransport made synchronous: an event loop in a thread of its own runs the app
    and its lifespan, so the tests keep the plain httpx.Client they use against a server."""

    def __init__(self, app: FastAPI) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.asgi = httpx.ASGITransport(app=app)
        self.lifespan = app.router.lifespan_context(app)
        self.run(self.lifespan.__aenter__())

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()

        async def answer() -> httpx.Response:
            response = await self.asgi.handle_async_request(request)
            body = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=body)

        return self.run(answer())

    def close(self) -> None:
        self.run(self.lifespan.__aexit__(None, None, None))
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@contextmanager
def in_process(settings: BuildSettings, **overrides: Any) -> Iterator[httpx.Client]:
    """A client of the app serving the project's current build, with serve settings changed."""
    serving = ServeSettings(**{"project_dir": settings.project_dir, **LIMITS, **overrides})
    transport = InProcess(create_app(serving))
    with httpx.Client(transport=transport, base_url="http://127.0.0.1:8000") as client:
        yield client


@pytest.fixture(scope="session")
def app(built: tuple[BuildSettings, Outcome, Path]) -> Iterator[httpx.Client]:
    with in_process(built[0]) as client:
        yield client


@pytest.fixture
def http(app: httpx.Client) -> httpx.Client:
    return app
