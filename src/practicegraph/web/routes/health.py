"""What operators and orchestrators ask: does the process answer (/healthz), can it serve
(/readyz), how busy is it (/metrics). JSON and text, never cached, never queued.

The details of readiness and the metrics are an operator's: they are served only with the
bearer token PRACTICEGRAPH_OPERATOR_TOKEN (without one configured, /metrics is 404 and /readyz
says only whether it is ready and which part fails). A bearer token that does not match is a 401,
so that a mistyped token is told apart from a public answer.
"""

from __future__ import annotations

import asyncio
import hmac
import time
from enum import Enum

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from practicegraph.core import metrics, sync_record, urls
from practicegraph.core.build_folder import MANIFEST
from practicegraph.core.settings import ServeSettings
from practicegraph.store.base import Store
from practicegraph.store.remote import RemoteStore
from practicegraph.web.served_build import ServedBuild
from practicegraph.web.store_survey import READY_WITHIN, survey

NO_STORE = {"Cache-Control": "no-store"}


def refused() -> Response:
    """A wrong token is told so, rather than answered as the public: a mistyped token in a
    probe or a scrape config shows at once."""
    return PlainTextResponse(
        "401 Unauthorized: the bearer token is not the operator's\n",
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"', **NO_STORE},
    )


class Caller(Enum):
    PUBLIC = "no bearer token, or no operator token configured"
    OPERATOR = "the operator's token"
    WRONG = "a bearer token that is not the operator's"


def caller(request: Request, settings: ServeSettings) -> Caller:
    """Who asks, by the bearer token (compared in constant time). Another scheme, such as a
    proxy's Basic credentials, is no claim to be the operator: public."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if settings.operator_token is None or scheme.lower() != "bearer":
        return Caller.PUBLIC
    if hmac.compare_digest(given.strip().encode(), settings.operator_token.encode()):
        return Caller.OPERATOR
    return Caller.WRONG


async def store_check(store: Store) -> dict[str, object]:
    """Whether the embedded store reads, within READY_WITHIN."""
    started = time.perf_counter()
    try:
        await asyncio.wait_for(store.ready(), READY_WITHIN)
        problem = None
    except Exception as error:  # any failure is the answer: not ready
        problem = type(error).__name__
    return {
        "ok": problem is None,
        "ms": round((time.perf_counter() - started) * 1000, 1),
        **({"error": problem} if problem else {}),
    }


def router(settings: ServeSettings, published: ServedBuild, store: Store) -> APIRouter:
    routes = APIRouter(tags=["operations"])

    @routes.get(urls.route(urls.HEALTHZ), summary="Liveness: the process answers")
    async def healthz() -> JSONResponse:
        # on the event loop, not in a thread: nothing to wait for, and the loop is what answers
        return JSONResponse({"status": "ok"}, headers=NO_STORE)

    @routes.get(
        urls.route(urls.READYZ),
        summary="Readiness: the build is open, the store (and any query workers) answer",
    )
    async def readyz(request: Request) -> Response:
        asking = caller(request, settings)
        if asking is Caller.WRONG:
            return refused()
        checks: dict[str, dict[str, object]] = {}
        folder = published.folder
        checks["build"] = {
            "ok": (folder / MANIFEST).is_file(),
            "build": published.manifest.build,
        }
        if isinstance(store, RemoteStore):  # each replica; the embedded store is the build's own
            checks["store"], checks["published"] = await survey(
                store, published, settings.store_lag
            )
        else:
            checks["store"] = await store_check(store)
        workers = store.workers_alive()
        if workers is not None:
            alive, size = workers
            checks["workers"] = {"ok": alive == size, "alive": alive, "of": size}
        failing = sorted(name for name, check in checks.items() if not check["ok"])
        body: dict[str, object] = {"status": "not ready" if failing else "ready"}
        if failing:
            body["failing"] = failing
        if asking is Caller.OPERATOR:
            body["checks"] = checks
        return JSONResponse(body, status_code=503 if failing else 200, headers=NO_STORE)

    @routes.get(urls.route(urls.METRICS), summary="Prometheus metrics (operator token)")
    async def scrape(request: Request) -> Response:
        asking = caller(request, settings)
        if asking is Caller.WRONG:
            return refused()
        if asking is Caller.PUBLIC:
            return PlainTextResponse("404 Not Found\n", status_code=404)
        if isinstance(store, RemoteStore):
            await survey(store, published, settings.store_lag)
        synced = sync_record.read(settings.state)
        body, media_type = metrics.exposition(published.manifest.created, synced)
        return Response(body, media_type=media_type, headers=NO_STORE)

    return routes
