"""Triple Pattern Fragments, and Quad Pattern Fragments with `graph`: the served build's quads
that match one pattern, a page of `PAGE_SIZE` at a time, for clients that should not send
SPARQL (Comunica, link-traversal engines). The same quads SPARQL answers from: every named
graph, and their union as the default graph."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from practicegraph.core import urls
from practicegraph.core.formats import JSON_LD, N_QUADS, N_TRIPLES, TRIG, TURTLE
from practicegraph.store.base import Store
from practicegraph.web import patterns
from practicegraph.web.fair_use import Admission, Turns
from practicegraph.web.render import fragments, responses
from practicegraph.web.render.negotiation import choose
from practicegraph.web.served_build import ServedBuild

PAGE_SIZE = 100
"""Quads a page holds, as the Linked Data Fragments server pages."""
FORMATS = {media.media_type: media for media in (TRIG, N_QUADS, TURTLE, JSON_LD, N_TRIPLES)}
"""TriG first: the data and the metadata apart, each quad in its graph, as the spec prefers."""
QUERY_SAFE = "/:?@!$&'()*+,;=%~"
"""What a query string may hold as it is (RFC 3986); the rest is percent-encoded, so that the
page's IRI, which is the URL it was asked at, is an IRI whatever a client sent."""
BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
"""A `%` that starts no percent-escape: lenient decoding reads it as itself, but an IRI holds
none, and the page's IRI is the query string as asked."""
TERM = {"in": "query", "required": False, "schema": {"type": "string"}}
PARAMETERS = [
    {"name": "subject", **TERM, "example": "http://localhost:8000/id/gemeente/71022"},
    {"name": "predicate", **TERM, "example": "http://www.w3.org/2000/01/rdf-schema#label"},
    {"name": "object", **TERM, "example": '"Hasselt"@nl'},
    {"name": "graph", **TERM, "example": patterns.DEFAULT_GRAPH},
    {"name": "page", "in": "query", "required": False, "schema": {"type": "integer"}},
]


def text(status: int, message: str, headers: dict[str, str] | None = None) -> PlainTextResponse:
    return PlainTextResponse(f"{status} {message}\n", status_code=status, headers=headers)


def page_query(raw: str) -> str:
    """The query string as the page's IRI: as asked, what an IRI cannot hold percent-encoded.
    A stray `%` is refused rather than encoded: `%2` could be read as the client meant it or as
    `%252`, and the page's IRI must be the URL the client asked for either way."""
    stray = BAD_ESCAPE.search(raw)
    if stray is not None:
        found = raw[stray.start() : stray.start() + 3]
        raise patterns.BadRequestError(
            f"the query string holds {found!r}, which is no percent-escape: a % starts one,"
            " with two hex digits after it; a % itself is written %25"
        )
    return quote(raw, safe=QUERY_SAFE)


def entity_tag(build: str, media: str, query: str) -> str:
    """The build and the request: a build never changes, so neither does its fragment."""
    digest = hashlib.sha256(f"{build}\n{media}\n{query}".encode()).hexdigest()
    return f'"{digest[:32]}"'


LOOKUPS_AT_ONCE = 2
"""Lookups running at once, all clients together: one per core of the server this was measured
on; a lookup holds the GIL, so more only slow the other routes."""
RETRY_AFTER = "1"
"""Seconds: a lookup takes at most some 700 ms (the deepest page of the union), so a client's
place frees within one."""


@dataclass(frozen=True)
class Fragments:
    """The route's state: the build, its store, and the fair-use bounds on the lookups."""

    published: ServedBuild
    store: Store
    admission: Admission
    max_offset: int
    turns: Turns = field(default_factory=lambda: Turns(LOOKUPS_AT_ONCE))

    async def answer(
        self, request: Request, asked: patterns.Asked, query: str, media: str
    ) -> Response:
        """The page, looked up and written in a thread in the client's turn; refused at once with
        a 429 past the client's share, or all clients'."""
        client = request.client.host if request.client else "-"
        refused = self.admission.enter(client)
        if refused is not None:
            return text(429, f"Too Many Requests: {refused}", {"Retry-After": RETRY_AFTER})
        try:
            return await self.turns.run(client, lambda: self.page(asked, query, media))
        finally:
            self.admission.leave(client)

    def too_deep(self, number: int) -> str:
        sparql = self.published.base + urls.SPARQL
        return (
            f"Bad Request: page {number} starts past the first {self.max_offset} matches, as"
            f" deep as fragments page (a page is read by skipping to it); ask {sparql} for more"
        )

    def page(self, asked: patterns.Asked, query: str, media: str) -> Response:
        found = self.store.fragment(asked.pattern, asked.page, PAGE_SIZE)
        if asked.page > 1 and not found.quads:
            return text(404, f"Not Found: page {asked.page} is past this fragment's last page")
        page = fragments.page_of(self.published, query, asked.page)
        body = fragments.body(self.published, page, found, PAGE_SIZE, FORMATS[media])
        return Response(body, media_type=FORMATS[media].content_type)


def router(served: Fragments) -> APIRouter:
    routes = APIRouter(tags=["fragments"])
    published = served.published

    @routes.api_route(
        urls.route(urls.FRAGMENTS),
        methods=["GET", "HEAD"],
        summary="Triple and Quad Pattern Fragments: the quads that match one pattern, paged",
        openapi_extra={"parameters": PARAMETERS},
    )
    async def fragment(request: Request) -> Response:
        media = choose(request.headers.get("accept"), tuple(FORMATS))
        if media is None:
            offered = ", ".join(FORMATS)
            return text(406, f"Not Acceptable: fragments are offered as {offered}")
        values = {key: request.query_params.getlist(key) for key in request.query_params}
        try:
            query = page_query(request.url.query)
            asked = patterns.read(values, published.base + urls.GENID)
        except patterns.BadRequestError as error:
            return text(400, f"Bad Request: {error}")
        etag = entity_tag(published.manifest.build, media, query)
        headers = {
            "ETag": etag,
            "Cache-Control": responses.BUILD_SCOPED,
            "Vary": "Accept",
        }
        if etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        if (asked.page - 1) * PAGE_SIZE >= served.max_offset:
            return text(400, served.too_deep(asked.page))
        response = await served.answer(request, asked, query, media)
        if response.status_code == 200:
            response.headers.update(headers)
        return response

    return routes
