"""The SPARQL 1.1 Protocol, read-only: GET, POST form, POST sparql-query; a service description."""

from __future__ import annotations

import hashlib
import math
import re
import time
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from fastapi.templating import Jinja2Templates

from practicegraph.core import metrics, urls
from practicegraph.core.formats import RDF_MEDIA, RESULTS_MEDIA
from practicegraph.core.settings import ServeSettings
from practicegraph.store import nesting
from practicegraph.store.base import QueryError, QueryJob, Store
from practicegraph.store.guard import uses_service
from practicegraph.web.asgi.direct import Handler
from practicegraph.web.examples import Example
from practicegraph.web.fair_use import Admission
from practicegraph.web.render import responses
from practicegraph.web.render.negotiation import negotiated
from practicegraph.web.render.service_description import service_description
from practicegraph.web.served_build import ServedBuild

TRUNCATED = "X-SPARQL-Results-Truncated"
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
RDF_TYPES = tuple(media.media_type for media in RDF_MEDIA)
RESULTS_TYPES = tuple(RESULTS_MEDIA)
EXAMPLE = (
    "SELECT ?practice ?title WHERE { ?practice a ?type ; <http://purl.org/dc/terms/title> ?title }"
    " LIMIT 10"
)


def text(status: int, message: str, headers: dict[str, str] | None = None) -> PlainTextResponse:
    return PlainTextResponse(f"{status} {message}\n", status_code=status, headers=headers)


EDITOR_SCRIPT = "yasgui.min.js"
READ_ONLY = "Forbidden: this endpoint is read-only; SPARQL Update is not accepted"


@dataclass(frozen=True)
class Endpoint:
    """The SPARQL 1.1 Protocol over one store: what the GET and POST routes share."""

    settings: ServeSettings
    published: ServedBuild
    store: Store
    templates: Jinja2Templates
    examples: list[Example]
    admission: Admission

    @cached_property
    def path(self) -> str:
        return self.published.url(urls.SPARQL)

    @cached_property
    def iri(self) -> str:
        return str(self.published.minted.iri(urls.SPARQL))

    def too_large(self) -> Response:
        limit = self.settings.sparql_max_query_length
        return text(413, f"Content Too Large: queries are limited to {limit} characters")

    async def answer(
        self,
        request: Request,
        query: str,
        defaults: list[str],
        named: list[str],
        accept: str | None = None,
    ) -> Response:
        """One query, checked (length, SERVICE, depth, operators), run by the store, its answer
        as it came; its outcome counted and put in the request's state for its log line. The
        formats are the request's Accept unless `accept` names them (a named query's suffix)."""
        started = time.perf_counter()
        client = request.client.host if request.client else "-"
        refused = self.admission.enter(client)
        asked = accept if accept is not None else request.headers.get("accept")
        if refused is None:
            try:
                response, outcome = await self.outcome(query, defaults, named, asked)
            finally:
                self.admission.leave(client)
        else:
            wait = str(math.ceil(self.settings.sparql_timeout))
            response = text(429, f"Too Many Requests: {refused}", {"Retry-After": wait})
            outcome = "refused"
        metrics.child(metrics.QUERIES, outcome).inc()
        metrics.QUERY_SECONDS.observe(time.perf_counter() - started)
        request.state.sparql = {
            "query_hash": hashlib.sha256(query.encode("utf-8", "replace")).hexdigest()[:16],
            "query_length": len(query),
            "outcome": outcome,
            "text": query,
        }
        return response

    async def outcome(
        self, query: str, defaults: list[str], named: list[str], accept: str | None
    ) -> tuple[Response, str]:
        if len(query) > self.settings.sparql_max_query_length:
            return self.too_large(), "refused"
        if uses_service(query):
            message = "Forbidden: SERVICE (federated query) is not allowed on this endpoint"
            return text(403, message), "refused"
        levels, most = nesting.depth(query), self.settings.sparql_max_depth
        if levels > most:
            message = (
                f"Bad Request: the query nests {levels} levels deep; at most {most} are allowed"
            )
            return text(400, message), "refused"
        chained, allowed = nesting.operators(query), self.settings.sparql_max_operators
        if chained > allowed:
            message = (
                f"Bad Request: the query holds {chained} operators and UNION, MINUS or OPTIONAL"
                f" keywords; at most {allowed} are allowed"
            )
            return text(400, message), "refused"
        job = QueryJob(
            query,
            tuple(defaults),
            tuple(named),
            results_media=negotiated(accept, RESULTS_TYPES),
            rdf_media=negotiated(accept, RDF_TYPES),
            base_iri=self.iri,
        )
        try:
            result = await self.store.query(job)
        except QueryError as failure:
            extra = {"Accept": ", ".join(failure.offered)} if failure.offered else {}
            reason = {400: "Bad Request", 406: "Not Acceptable", 503: "Service Unavailable"}.get(
                failure.status, "Error"
            )
            if failure.status < 500:
                outcome = "refused"
            else:
                outcome = "timed_out" if "longer than" in failure.message else "failed"
            return text(failure.status, f"{reason}: {failure.message}", extra), outcome
        media = result.media_type
        content_type = (
            f"{media}; charset=utf-8"
            if media.startswith("text/") or media.endswith("xml")
            else media
        )
        headers = {"Vary": "Accept", "Content-Type": content_type}
        if result.truncated_at is not None:
            headers[TRUNCATED] = str(result.truncated_at)
        outcome = "answered" if result.truncated_at is None else "truncated"
        return Response(result.body, headers=headers), outcome

    def describe_service(self, request: Request, query: str | None = None) -> Response:
        """The endpoint without a query: its page for people, its service description as RDF;
        with a `query` a browser asked for as a page, the editor holding that query."""
        chosen = responses.negotiate(request, None)
        if chosen is None:
            return responses.not_acceptable(self.path)
        if chosen.rdf is None:
            context = {
                "root": self.published.root,
                "title": "SPARQL",
                "endpoint": self.path,
                "base": self.published.base,
                "timeout": f"{self.settings.sparql_timeout:g}",
                "max_rows": self.settings.sparql_max_rows,
                "examples": self.examples,
                "editor": (self.settings.yasgui_dir / EDITOR_SCRIPT).is_file(),
                "given": query,
            }
            return responses.html_response(self.templates, request, "sparql.html", context)
        triples = service_description(self.published, self.store, self.iri, self.examples)
        response = responses.rdf_response(triples, chosen, self.published, self.path)
        del response.headers["link"]
        del response.headers["content-location"]
        return response

    async def body(self, request: Request) -> bytes | None:
        """The request body, or None once it is longer than any query allowed could be."""
        limit = self.settings.sparql_max_query_length * 4 + 4096
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                return None
        return body

    # GET, HEAD and POST: the routes' functions (no docstrings: the OpenAPI description has none)

    async def get(self, request: Request) -> Response:
        # a query in the URL; without one, the service description
        values = parse_qs(url_query(request), keep_blank_values=True)
        if "update" in values:
            return text(403, READ_ONLY)
        queries, defaults, named = arguments(values)
        if len(queries) > 1:
            return text(400, "Bad Request: give exactly one query parameter")
        if not queries:
            return self.describe_service(request)
        if wants_page(request.headers.get("accept")):
            return self.describe_service(request, queries[0])
        return await self.answer(request, queries[0], defaults, named)

    async def post(self, request: Request) -> Response:
        # a query form-encoded in the body, or the body a query
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == UPDATE:
            return text(403, READ_ONLY)
        body = await self.body(request)
        if body is None:
            return self.too_large()
        try:
            decoded = body.decode("utf-8")
        except UnicodeDecodeError:
            return text(400, "Bad Request: the body is not UTF-8")
        if media == FORM:
            values = parse_qs(decoded, keep_blank_values=True)
            if "update" in values:
                return text(403, READ_ONLY)
            queries, defaults, named = arguments(values)
            if len(queries) != 1:
                return text(400, "Bad Request: give exactly one query parameter")
            return await self.answer(request, queries[0], defaults, named)
        if media == QUERY:
            url_values = parse_qs(url_query(request), keep_blank_values=True)
            _queries, defaults, named = arguments(url_values)
            return await self.answer(request, decoded, defaults, named)
        return text(
            415,
            f"Unsupported Media Type: POST {FORM} or {QUERY}",
            {"Accept-Post": f"{FORM}, {QUERY}"},
        )


UNSPLIT = re.compile(r"[\t\r\n#]")
"""What urlsplit removes from a URL (tab, CR, LF) or ends its query at (#)."""


def url_query(request: Request) -> str:
    """`request.url.query` without making the URL (Starlette joins and splits the whole URL to
    read it): the query string as sent, decoded as Starlette decodes it, unless it holds what
    urlsplit would change."""
    sent: str = request.scope.get("query_string", b"").decode()
    return request.url.query if UNSPLIT.search(sent) else sent


def arguments(values: dict[str, list[str]]) -> tuple[list[str], list[str], list[str]]:
    """The protocol's parameters: the queries, the default graphs, the named graphs."""
    return (
        values.get("query", []),
        values.get("default-graph-uri", []),
        values.get("named-graph-uri", []),
    )


def wants_page(accept: str | None) -> bool:
    """A browser following a link to `?query=…`: it prefers HTML to every answer format
    (`*/*` alone still gets the answer), so it gets the editor holding the query."""
    offered = (*RESULTS_MEDIA, *RDF_TYPES, responses.HTML)
    return negotiated(accept, offered) == responses.HTML


GET_PARAMETERS = [
    {
        "name": "query",
        "in": "query",
        "required": False,
        "schema": {"type": "string"},
        "example": EXAMPLE,
    },
    {
        "name": "default-graph-uri",
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string"}},
    },
    {
        "name": "named-graph-uri",
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string"}},
    },
]
POST_BODY = {
    "content": {
        QUERY: {"schema": {"type": "string"}, "example": EXAMPLE},
        FORM: {
            "schema": {"type": "object", "properties": {"query": {"type": "string"}}},
            "example": {"query": EXAMPLE},
        },
    }
}


def router(endpoint: Endpoint) -> APIRouter:
    routes = APIRouter(tags=["sparql"])
    routes.add_api_route(
        urls.route(urls.SPARQL),
        endpoint.get,
        methods=["GET", "HEAD"],
        summary="SPARQL 1.1 query via GET; without a query, the service description",
        openapi_extra={"parameters": GET_PARAMETERS},
    )
    routes.add_api_route(
        urls.route(urls.SPARQL),
        endpoint.post,
        methods=["POST"],
        summary="SPARQL 1.1 query via POST (form-encoded, or application/sparql-query)",
        openapi_extra={"requestBody": POST_BODY},
    )
    return routes


def direct_routes(endpoint: Endpoint) -> dict[tuple[str, str], Handler]:
    """The same handlers by method and path, for the layer that calls them without the router
    (asgi/direct.py): its routes and these are one set of functions."""
    return {
        ("GET", endpoint.path): endpoint.get,
        ("HEAD", endpoint.path): endpoint.get,
        ("POST", endpoint.path): endpoint.post,
    }
