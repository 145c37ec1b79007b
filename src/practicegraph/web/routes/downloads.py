"""The dumps made at build time: a listing, and the files with ETag, Last-Modified, 304, Range."""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.types import Scope

from practicegraph.core import urls
from practicegraph.core.build_folder import DUMPS
from practicegraph.web.render import responses
from practicegraph.web.render.negotiation import choose
from practicegraph.web.served_build import ServedBuild

MEDIA_TYPES = {
    ".ttl": "text/turtle; charset=utf-8",
    ".nt": "application/n-triples; charset=utf-8",
    ".nq": "application/n-quads; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".gz": "application/gzip",
}


class DumpFiles(StaticFiles):
    """StaticFiles already does HEAD, ETag, Last-Modified, 304 and Range; we name the types."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        media_type = MEDIA_TYPES.get(Path(full_path).suffix)
        if media_type is not None and response.status_code != 304:
            response.headers["content-type"] = media_type
        response.headers["cache-control"] = responses.BUILD_SCOPED
        return response


def router(published: ServedBuild, templates: Jinja2Templates) -> APIRouter:
    routes = APIRouter(tags=["dumps"])

    def files() -> list[dict[str, object]]:
        return [
            {
                "name": name.removeprefix(urls.DUMPS),
                "href": published.url(name),
                **asdict(facts),
            }
            for name, facts in sorted(published.manifest.files.items())
        ]

    @routes.api_route(
        urls.route(urls.DUMPS),
        methods=["GET", "HEAD"],
        summary="The list of whole-dataset downloads, with sizes and SHA-256",
    )
    def listing(request: Request) -> Response:
        chosen = choose(request.headers.get("accept"), ("text/html", "application/json"))
        if chosen == "application/json":
            return JSONResponse(
                {"build": published.manifest.build, "files": files()}, headers={"Vary": "Accept"}
            )
        context: dict[str, object] = {
            "root": published.root,
            "title": "Downloads",
            "build": published.manifest.build,
            "files": files(),
        }
        response: HTMLResponse = responses.html_response(templates, request, "dumps.html", context)
        return response

    return routes


def mount(published: ServedBuild) -> DumpFiles:
    return DumpFiles(directory=published.folder / DUMPS)
