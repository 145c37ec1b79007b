"""Named queries as APIs (Datasette's canned queries): each file of queries/ at
`queries/{name}`, a page for people and its answer as data, with typed parameters.

The answer is the SPARQL endpoint's own (`Endpoint.answer`: the same bounds, fair use, workers
and serialisers); this module only binds the parameters and picks the format: by suffix
(`queries/{name}.csv`, as `doc/….ttl`), else by Accept. A build answers the same until the
next, so each answer carries an ETag made of the build, the bound query and the format.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from practicegraph.core import urls
from practicegraph.core.formats import RDF_MEDIA, RESULTS_MEDIA
from practicegraph.web.examples import Example
from practicegraph.web.parameters import ParameterError, bind
from practicegraph.web.render import responses
from practicegraph.web.render.negotiation import choose
from practicegraph.web.routes.sparql import Endpoint, text
from practicegraph.web.routes.stream import entity_tag

TABLE_SUFFIXES = {"csv": "text/csv", "json": "application/sparql-results+json"}
"""What a SELECT's links name; Accept may ask for any results format."""
TRIPLE_SUFFIXES = {media.suffix: media.media_type for media in RDF_MEDIA}
TABLE_ALIASES = {responses.JSON: "application/sparql-results+json"}
TRIPLE_ALIASES = {responses.JSON: "application/ld+json"}
"""`application/json` asks a SELECT for SPARQL JSON, a CONSTRUCT for JSON-LD."""


def suffixes(example: Example) -> dict[str, str]:
    """The formats a query's links name, by suffix."""
    return TRIPLE_SUFFIXES if example.gives_triples else TABLE_SUFFIXES


def offers(example: Example) -> tuple[str, ...]:
    """What Accept chooses among: its page first, then its answer's formats."""
    answers = TRIPLE_SUFFIXES.values() if example.gives_triples else RESULTS_MEDIA
    return (responses.HTML, *answers, responses.JSON)


class NamedQueries:
    """The routes' shared work: bind, choose a format, answer (or 304), or show the page."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self.published = endpoint.published

    def address(
        self, example: Example, suffix: str = "", given: dict[str, str] | None = None
    ) -> str:
        path = self.published.url(urls.QUERIES + example.name) + (f".{suffix}" if suffix else "")
        return f"{path}?{urlencode(given)}" if given else path

    async def serve(self, request: Request, example: Example, suffix: str | None) -> Response:
        given = {
            p.name: request.query_params[p.name]
            for p in example.parameters
            if p.name in request.query_params
        }
        try:
            query = bind(example.text, example.parameters, given, self.published.minted)
        except ParameterError as error:
            return text(400, f"Bad Request: {error}")
        if suffix is not None:
            media: str | None = suffixes(example).get(suffix)
            if media is None:
                return text(
                    404, "Not Found: this query is offered as " + ", ".join(suffixes(example))
                )
        else:
            media = choose(request.headers.get("accept"), offers(example))
            if media is None:
                return text(406, "Not Acceptable: offered as " + ", ".join(offers(example)))
        media = (TRIPLE_ALIASES if example.gives_triples else TABLE_ALIASES).get(media, media)
        build = self.published.manifest.build
        digest = hashlib.sha256(f"{build}\n{example.name}\n{query}".encode()).hexdigest()
        etag = entity_tag(digest, media)
        vary = {"Vary": "Accept", "ETag": etag}
        if etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=vary)
        if media == responses.HTML:
            response: Response = self.page(request, example, given, query)
        else:
            response = await self.endpoint.answer(request, query, [], [], accept=media)
        if response.status_code == 200:
            response.headers.update(vary)
        return response

    def page(
        self, request: Request, example: Example, given: dict[str, str], query: str
    ) -> Response:
        """What the query answers, its parameters as a form, its text, its answer's links."""
        context = {
            "root": self.published.root,
            "title": example.title,
            "example": example,
            "query": query,
            "values": {p.name: given.get(p.name, p.default) for p in example.parameters},
            "action": self.address(example),
            "formats": [
                {"suffix": suffix.upper(), "href": self.address(example, suffix, given)}
                for suffix in suffixes(example)
            ],
            "editor": f"{self.endpoint.path}?{urlencode({'query': query})}",
        }
        return responses.html_response(self.endpoint.templates, request, "query.html", context)


def operation(example: Example) -> dict[str, object]:
    """Its OpenAPI operation's parameters and answers: one operation per named query."""
    return {
        "parameters": [
            {
                "name": p.name,
                "in": "query",
                "required": False,
                "description": p.label or p.says,
                "schema": p.schema(),
            }
            for p in example.parameters
        ],
        "responses": {"200": {"content": {media: {} for media in offers(example)}}},
    }


def router(endpoint: Endpoint) -> APIRouter:
    routes = APIRouter(tags=["queries"])
    named = NamedQueries(endpoint)
    for example in endpoint.examples:
        add(routes, named, example)
    return routes


def add(routes: APIRouter, named: NamedQueries, example: Example) -> None:
    """The query's two routes: negotiated, and by suffix (left out of OpenAPI, named in its
    description, as a path parameter would make one operation of every format)."""
    path = urls.route(urls.QUERIES + example.name)
    listed = ", ".join(f"{path}.{suffix}" for suffix in suffixes(example))

    async def negotiated(request: Request) -> Response:
        return await named.serve(request, example, None)

    async def by_suffix(request: Request, suffix: str) -> Response:
        return await named.serve(request, example, suffix)

    routes.add_api_route(
        path,
        negotiated,
        methods=["GET", "HEAD"],
        summary=example.title_en,
        description=f"{example.description_en}\n\nAlso by suffix: {listed}.",
        operation_id="query_" + example.name.replace("-", "_"),
        openapi_extra=operation(example),
    )
    routes.add_api_route(
        path + ".{suffix}", by_suffix, methods=["GET", "HEAD"], include_in_schema=False
    )
