"""What operators and orchestrators ask: does the process answer (/healthz), can it serve
(/readyz), how busy is it (/metrics). JSON and text, never cached, never queued.

The details of readiness and the metrics are an operator's: they are served only with the
bearer token PRACTICEGRAPH_OPERATOR_TOKEN (without one configured, /metrics is 404 and /readyz
says only whether it is ready and which part fails).
"""

from __future__ import annotations

import asyncio
import hmac
import time

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from practicegraph.core import build_mark, metrics, sync_record, urls
from practicegraph.core.build_folder import MANIFEST
from practicegraph.core.settings import ServeSettings
from practicegraph.store.base import Store
from practicegraph.store.remote import RemoteStore
from practicegraph.web.served_build import ServedBuild

READY_WITHIN = 1.0
"""Seconds the store has to answer a readiness check."""
NO_STORE = {"Cache-Control": "no-store"}


def operator(request: Request, settings: ServeSettings) -> bool:
    """Whether the request carries the operator's token (compared in constant time)."""
    if settings.operator_token is None:
        return False
    given = request.headers.get("authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {settings.operator_token}".encode())


async def agreement(store: RemoteStore, published: ServedBuild, lag: float) -> dict[str, object]:
    """Whether the store holds the build served: a remote store lags a build by the time its
    publish takes (`lag` is allowed, counted from when this process opened the build), and after
    a rollback or a failed publish it holds another until `practicegraph publish`."""
    serving = published.manifest.build
    problem: str | None = None
    held: str | None = None
    try:
        held = await asyncio.wait_for(
            store.held_build(build_mark.query(published.minted)), READY_WITHIN
        )
    except Exception as error:  # any failure is the answer: unknown, not in agreement
        problem = type(error).__name__
    metrics.STORE_AGREES.set(held == serving)
    waited = time.monotonic() - published.opened
    check: dict[str, object] = {"ok": held == serving or waited < lag, "serving": serving}
    check["store"] = held
    if held != serving:
        check["problem"] = problem or (
            f"the store holds build {held or '(none)'} while this server serves {serving}:"
            " `practicegraph publish` loads the served build into it"
        )
    return check


def router(settings: ServeSettings, published: ServedBuild, store: Store) -> APIRouter:
    routes = APIRouter(tags=["operations"])

    @routes.get(urls.route(urls.HEALTHZ), summary="Liveness: the process answers")
    def healthz() -> JSONResponse:
        return JSONResponse({"status": "ok"}, headers=NO_STORE)

    @routes.get(
        urls.route(urls.READYZ),
        summary="Readiness: the build is open, the store and workers answer",
    )
    async def readyz(request: Request) -> JSONResponse:
        checks: dict[str, dict[str, object]] = {}
        folder = published.folder
        checks["build"] = {
            "ok": (folder / MANIFEST).is_file(),
            "build": published.manifest.build,
        }
        started = time.perf_counter()
        try:
            await asyncio.wait_for(store.ready(), READY_WITHIN)
            store_ok, problem = True, None
        except Exception as error:  # any failure is the answer: not ready
            store_ok, problem = False, type(error).__name__
        checks["store"] = {
            "ok": store_ok,
            "ms": round((time.perf_counter() - started) * 1000, 1),
            **({"error": problem} if problem else {}),
        }
        if isinstance(store, RemoteStore):  # the embedded store is the build's own
            checks["published"] = await agreement(store, published, settings.store_lag)
        workers = store.workers_alive()
        if workers is not None:
            alive, size = workers
            checks["workers"] = {"ok": alive == size, "alive": alive, "of": size}
        failing = sorted(name for name, check in checks.items() if not check["ok"])
        body: dict[str, object] = {"status": "not ready" if failing else "ready"}
        if failing:
            body["failing"] = failing
        if operator(request, settings):
            body["checks"] = checks
        return JSONResponse(body, status_code=503 if failing else 200, headers=NO_STORE)

    @routes.get(urls.route(urls.METRICS), summary="Prometheus metrics (operator token)")
    async def scrape(request: Request) -> Response:
        if not operator(request, settings):
            return PlainTextResponse("404 Not Found\n", status_code=404)
        if isinstance(store, RemoteStore):
            await agreement(store, published, settings.store_lag)
        synced = sync_record.read(settings.state)
        body, media_type = metrics.exposition(published.manifest.created, synced)
        return Response(body, media_type=media_type, headers=NO_STORE)

    return routes
