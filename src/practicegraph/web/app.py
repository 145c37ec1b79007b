"""`create_app(settings)`: the only way to an app. It opens one finished build, read-only;
`from_environment()` puts it behind the switch that follows dist/current."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from practicegraph import __version__
from practicegraph.core import heap, metrics, urls
from practicegraph.core.build_folder import RENDERED
from practicegraph.core.settings import HANDOFF, ServeSettings
from practicegraph.finder.search import PracticeIndex
from practicegraph.store.base import QueryError, Store
from practicegraph.store.embedded import EmbeddedStore
from practicegraph.store.execute import Limits
from practicegraph.store.remote import RemoteStore
from practicegraph.web import examples, openapi
from practicegraph.web.asgi.access import AccessLog
from practicegraph.web.asgi.cache import ResponseCache
from practicegraph.web.asgi.direct import Direct, Handler
from practicegraph.web.asgi.disk_cache import DiskCache
from practicegraph.web.asgi.malformed import RejectMalformed
from practicegraph.web.asgi.security import SecurityHeaders
from practicegraph.web.asgi.switch import BuildSwitch
from practicegraph.web.asgi.variant import Variants
from practicegraph.web.collector import frozen
from practicegraph.web.fair_use import Admission
from practicegraph.web.render import ipdc_context, profiles, responses, templating
from practicegraph.web.render.documents import Documents
from practicegraph.web.routes import (
    browse,
    catalog,
    changes,
    crawlers,
    downloads,
    fragments,
    health,
    home,
    queries,
    resources,
    sparql,
    stream,
)
from practicegraph.web.served_build import ServedBuild

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
"""The site's own scripts: none inline, so that the Content-Security-Policy forbids inline ones."""
EXPOSED = ["Link", "Content-Location", "ETag", "Last-Modified", sparql.TRUNCATED]


def backend_for(settings: ServeSettings, published: ServedBuild) -> Store:
    """The remote store (its replicas) if configured, else the build's embedded store."""
    limits = Limits(
        settings.sparql_max_rows, published.prefixes, published.context, published.context_url
    )
    if settings.store:
        return RemoteStore(
            settings.store,
            published.folder,
            limits,
            settings.sparql_timeout,
            settings.sparql_worker_memory_mb,
            settings.store_check_seconds,
        )
    return EmbeddedStore(
        published.folder,
        limits,
        settings.sparql_workers,
        settings.sparql_timeout,
        settings.sparql_worker_memory_mb,
        copy_mb=settings.sparql_copy_budget_mb,
        own_copy_mb=settings.store_copy_mb,
    )


def create_app(settings: ServeSettings, store: Store | None = None) -> FastAPI:
    published = ServedBuild.open(settings)
    backend = store if store is not None else backend_for(settings, published)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await backend.start()
        try:
            yield
        finally:
            await backend.close()

    app = FastAPI(
        title="practicegraph",
        version=__version__,
        description="Good practices of Flemish local governments as linked open data: "
        "Cool URIs with "
        "content negotiation, dumps and a read-only SPARQL 1.1 endpoint.",
        lifespan=lifespan,
        # its telemetry is the access log and the Prometheus metrics: FastAPI's OpenTelemetry
        # hooks, unconfigured, asked the global providers on every request all the same
        telemetry={"tracing": False, "metrics": False, "logs": False},
        docs_url=None,
        redoc_url=None,
        openapi_url=published.url(urls.OPENAPI),
    )
    answer_errors(app)
    direct = add_routes(app, settings, published, backend)
    app.add_middleware(Direct, routes=direct, errors=app.exception_handlers)  # inside every other
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_credentials=False,
        allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
        allow_headers=["Accept", "Content-Type"],
        expose_headers=EXPOSED,
        max_age=86400,
    )
    app.state.build = published.folder
    kept = tuple(published.url(family) for family in urls.DOCUMENT_FAMILIES)
    variants = Variants(
        responses.OFFERED, frozenset(p.iri(published.minted) for p in profiles.PROFILES)
    )
    app.add_middleware(
        ResponseCache,
        budget=settings.response_cache_mb << 20,
        prefixes=kept,
        variants=variants,
        disk=DiskCache(published.folder / RENDERED, settings.render_cache_mb << 20),
    )
    app.add_middleware(RejectMalformed)  # before the cache, CORS and routing
    app.add_middleware(SecurityHeaders, https=published.base.startswith("https:"))
    app.add_middleware(AccessLog, root=published.root)  # outermost: every answer logged
    metrics.serving(published.manifest.build, published.manifest.triples)
    if not isinstance(backend, RemoteStore):  # its own store: it always holds the build
        metrics.STORE_AGREES.set(1)

    openapi.install(app)
    heap.give_back()  # what reading the build's files freed: 22 MB a worker at 628k triples
    return app


def context_route(document: dict[str, object]) -> Callable[[], Response]:
    """A JSON-LD context, served as it is, kept a day by caches (a version never changes)."""

    def serve_context() -> Response:
        return JSONResponse(
            document,
            media_type="application/ld+json",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    return serve_context


def add_routes(
    app: FastAPI, settings: ServeSettings, published: ServedBuild, backend: Store
) -> dict[tuple[str, str], Handler]:
    """Every family of URLs under the base's path; returns the routes answered without the
    router (the SPARQL endpoint's)."""
    root = published.root
    templates = templating.templates(TEMPLATES)

    contexts = (
        (urls.CONTEXT, published.context, "The versioned JSON-LD context of the dataset"),
        (urls.IPDC_CONTEXT, ipdc_context.DOCUMENT, "The JSON-LD context of the ipdc profile"),
    )
    for path, document, summary in contexts:
        app.add_api_route(
            published.url(path),
            context_route(document),
            methods=["GET", "HEAD"],
            tags=["site"],
            summary=summary,
        )

    app.include_router(health.router(settings, published, backend), prefix=root)
    index = PracticeIndex.open(published.folder)
    app.include_router(home.router(published, backend, templates, index), prefix=root)
    app.include_router(browse.router(published, index, templates), prefix=root)
    app.include_router(changes.router(published, templates), prefix=root)
    app.include_router(crawlers.router(published, backend, settings.sitemap_size), prefix=root)
    documents = Documents(
        published, backend, templates, index, settings.incoming_limit, settings.page_size
    )
    for family in (resources, stream, catalog):
        app.include_router(family.router(documents), prefix=root)
    shown = examples.load(settings.queries_dir) if settings.queries_dir.is_dir() else []
    fair = Admission(settings.sparql_client_limit, settings.sparql_queue_limit)
    endpoint = sparql.Endpoint(settings, published, backend, templates, shown, fair)
    app.include_router(sparql.router(endpoint), prefix=root)
    app.include_router(queries.router(endpoint), prefix=root)
    shared = Admission(settings.fragments_client_limit, settings.fragments_queue_limit)
    served = fragments.Fragments(published, backend, shared, settings.fragments_max_offset)
    app.include_router(fragments.router(served), prefix=root)
    app.mount(published.url(urls.SITE_ASSETS), StaticFiles(directory=STATIC), name="site-assets")
    if settings.yasgui_dir.is_dir():
        app.mount(
            published.url(urls.YASGUI_ASSETS),
            StaticFiles(directory=settings.yasgui_dir),
            name="yasgui",
        )
    app.include_router(downloads.router(published, templates), prefix=root)
    app.mount(published.url(urls.DOWNLOADS), downloads.mount(published), name="dumps")
    return sparql.direct_routes(endpoint)


def answer_errors(app: FastAPI) -> None:
    """Errors as short plain text: the status and what went wrong, never a traceback."""

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, error: HTTPException) -> Response:
        return PlainTextResponse(
            f"{error.status_code} {error.detail}\n",
            status_code=error.status_code,
            headers=getattr(error, "headers", None),
        )

    @app.exception_handler(QueryError)
    async def store_failed(_request: Request, error: QueryError) -> Response:
        """A remote store that is down or refuses: the page says so, with the store's status."""
        return PlainTextResponse(f"{error.status} {error.message}\n", status_code=error.status)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, error: RequestValidationError) -> Response:
        """Which parameter is wrong and how, in words: not the validator's internals."""
        wrong = "; ".join(
            f"{e['loc'][-1]}: {str(e['msg']).lower()}" for e in error.errors() if e.get("loc")
        )
        return PlainTextResponse(f"400 Bad Request: {wrong}\n", status_code=400)


def from_environment() -> BuildSwitch:
    """uvicorn's factory `practicegraph.web.app:from_environment`: the app of the current build,
    and of each build that becomes current while it runs. `practicegraph serve` hands the
    settings it validated to every worker process whole, as JSON in one variable; without it
    (uvicorn started by hand) they are read as `serve` reads them. The process's free heap is
    given back now and again while it serves."""
    heap.keep_giving_back()
    handed = os.environ.get(HANDOFF)
    settings = (
        ServeSettings.model_validate_json(handed) if handed is not None else ServeSettings.load()
    )
    return BuildSwitch(settings, frozen(create_app))
