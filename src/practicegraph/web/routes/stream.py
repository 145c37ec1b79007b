"""The Linked Data Event Stream: its root and pages, as the build wrote them; closed pages are
immutable, the root and the newest page are polled."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from practicegraph.core import urls
from practicegraph.core.build_folder import (
    LDES,
    LDES_PAGES,
    LDES_POLLING_SECONDS,
    LDES_ROOT,
    ldes_page,
)
from practicegraph.core.memo import Budgeted
from practicegraph.web.render import responses
from practicegraph.web.render.documents import Documents

PARSED_BYTES = 8 << 20
"""Bytes of stream files a process keeps parsed (their triples take about twice as much): the
newest page, polled, and a page asked in a second format are not parsed again, while a
harvester that reads every page once leaves no more than this. Counted in pages, 256 held 117 MB
a process at 628k triples; a page is answered from the response caches once rendered."""
PARSED: Budgeted[Path, tuple[list[pyoxigraph.Triple], str]] = Budgeted(PARSED_BYTES)
"""By the file's path, which names its build: a build's files never change."""


def read_stream_file(file: Path) -> tuple[list[pyoxigraph.Triple], str]:
    """A page's triples and digest."""
    text = file.read_bytes()
    triples = [
        quad.triple for quad in pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.N_TRIPLES)
    ]
    return triples, hashlib.sha256(text).hexdigest()


def stream_file(file: Path) -> tuple[list[pyoxigraph.Triple], str]:
    """A page's triples and digest, parsed once while they are among the last kept."""
    kept = PARSED.get(file)
    if kept is not None:
        return kept
    return PARSED.keep(file, read_stream_file(file), file.stat().st_size)


def count_pages(folder: Path) -> int:
    """How many pages the build wrote; a build without a stream has none."""
    pages_file = folder / LDES / LDES_PAGES
    if not pages_file.is_file():
        return 0
    count: int = json.loads(pages_file.read_text(encoding="utf-8"))["pages"]
    return count


NIS = re.compile(r"[0-9]{5}")
"""A municipality's code, as the municipality view names its parts."""


def numbered(text: str) -> bool:
    """A page number as the build writes it: ASCII digits, no leading zero, a few of them (a
    longer one names no page, and makes a file name the system refuses)."""
    return text.isascii() and text.isdigit() and len(text) <= 9 and str(int(text)) == text


def entity_tag(digest: str, kind: str) -> str:
    """The page's digest and its format's: each format of a page is its own representation."""
    return f'"{digest[:24]}-{hashlib.sha256(kind.encode()).hexdigest()[:8]}"'


def cache_control(last: bool) -> str:
    """Closed pages never change; the newest is polled."""
    return (
        "public, max-age=31536000, immutable"
        if not last
        else f"public, max-age={LDES_POLLING_SECONDS}"
    )


def router(documents: Documents) -> APIRouter:
    routes = APIRouter(tags=["resources"])
    published = documents.published
    root = published.root

    def stream_document(request: Request, name: str, path: str, last: bool) -> Response:
        """A page of the event stream: closed pages are immutable, the newest is polled."""
        stem, suffix_media = responses.split_suffix(path)
        file = published.folder / LDES / name
        if stem != path.split(".", 1)[0] or not file.is_file():
            return PlainTextResponse("Not Found", status_code=404)
        triples, digest = stream_file(file)
        iri = published.base + stem
        response = documents.answer(
            request, iri, f"{root}/{stem}", suffix_media, lambda: triples, False, True
        )
        if response.status_code != 200:
            return response
        etag = entity_tag(digest, str(response.headers.get("content-type")))
        cache = cache_control(last)
        if etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers={"ETag": etag, "Cache-Control": cache})
        response.headers["ETag"] = etag
        response.headers["Cache-Control"] = cache
        return response

    page_count = count_pages(published.folder)

    @routes.api_route(
        urls.route(urls.STREAM),
        methods=["GET", "HEAD"],
        summary="The Linked Data Event Stream of practices and local initiatives (its root)",
    )
    def stream(request: Request) -> Response:
        return stream_document(request, LDES_ROOT, urls.STREAM, True)

    @routes.api_route(
        urls.route(urls.stream_page("{page}")),
        methods=["GET", "HEAD"],
        summary="One page of the event stream; every page but the newest is immutable",
    )
    def stream_page(page: str, request: Request) -> Response:
        number = page.split(".", 1)[0]
        if not numbered(number):
            return PlainTextResponse("Not Found", status_code=404)
        last = int(number) == page_count - 1
        return stream_document(request, ldes_page(int(number)), urls.stream_page(page), last)

    add_views(routes, stream_document)
    return routes


VIEWS = (urls.STREAM_LATEST_VIEW, urls.STREAM_PLACE_VIEW)


def add_views(routes: APIRouter, stream_document: Callable[..., Response]) -> None:
    """The roots and pages of the stream's other views (builder/freeze/ldes/views.py): made
    anew by each build, so every one of them is polled."""

    @routes.api_route(
        urls.route(urls.stream_view("{view}")),
        methods=["GET", "HEAD"],
        summary="The root of another view of the event stream: latest (each entity's newest"
        " member) or by-municipality",
    )
    def stream_view(view: str, request: Request) -> Response:
        name = view.split(".", 1)[0]
        if name not in VIEWS:
            return PlainTextResponse("Not Found", status_code=404)
        return stream_document(request, f"{name}/{LDES_ROOT}", urls.stream_view(view), True)

    @routes.api_route(
        urls.route(urls.stream_view("{part:path}/" + urls.PAGE + "{page}")),
        methods=["GET", "HEAD"],
        summary="A page of another view: latest/page/{n}, by-municipality/{nis}/page/{n};"
        " remade by each build",
    )
    def view_page(part: str, page: str, request: Request) -> Response:
        number = page.split(".", 1)[0]
        view, _, place = part.partition("/")
        fits = view == urls.STREAM_LATEST_VIEW and not place
        fits |= view == urls.STREAM_PLACE_VIEW and NIS.fullmatch(place) is not None
        if not (fits and numbered(number)):
            return PlainTextResponse("Not Found", status_code=404)
        name = f"{part}/{ldes_page(int(number))}"
        return stream_document(request, name, urls.stream_view(f"{part}/{urls.PAGE}{page}"), True)
