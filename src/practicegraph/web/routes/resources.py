"""Cool URIs: a thing (urls.ID) answers 303 to its description (urls.DOC); descriptions, the
vocabularies (urls.NS) and the named graphs (urls.GRAPH) negotiate their format."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial

import pyoxigraph
from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from practicegraph.core import urls
from practicegraph.web.render import ontology, responses
from practicegraph.web.render.documents import Documents

EXAMPLE_KEY = "praktijk/opvoedingsondersteuning"
ONTOLOGY_GRAPH = "ontology/praktijk"
REDIRECTS_GRAPH = "redirects"


def path_example(example: str) -> dict[str, object]:
    """OpenAPI: the `path` parameter of a route, with an example that resolves."""
    return {"parameters": [{"name": "path", "in": "path", "required": True, "example": example}]}


MovedTo = Callable[[str, str, str, str, Request], Response | None]
"""Where an IRI moved, as a 301 answer: (iri, family, path, stem, request) → None if it did not."""


def router(documents: Documents) -> APIRouter:
    routes = APIRouter(tags=["resources"])
    moved_to = redirects(documents)
    add_identify(routes, documents, moved_to)
    add_describe(routes, documents, moved_to)
    add_vocabulary(routes, documents)
    add_graph(routes, documents)
    return routes


def redirects(documents: Documents) -> MovedTo:
    """The 301 answer for an IRI that moved, shared so /id/ and /doc/ follow one table."""
    published, store = documents.published, documents.store
    root, minted = published.root, published.minted

    @cache
    def moved() -> dict[str, str]:
        """Old IRI → new (data/redirects.csv, as the build published it), read once, on first
        use: a remote store answers only once the app has started."""
        return {
            t.subject.value: t.object.value
            for t in store.graph(str(minted.graph(REDIRECTS_GRAPH)))
            if isinstance(t.subject, pyoxigraph.NamedNode)
            and isinstance(t.object, pyoxigraph.NamedNode)
        }

    def moved_to(iri: str, family: str, path: str, stem: str, request: Request) -> Response | None:
        new = moved().get(iri)
        if not new:
            return None
        query = f"?{request.url.query}" if request.url.query else ""
        key = new.removeprefix(minted.things)
        return RedirectResponse(f"{root}/{family}{key}{path[len(stem) :]}{query}", 301)

    return moved_to


def add_identify(routes: APIRouter, documents: Documents, moved_to: MovedTo) -> None:
    """/id/…: a thing is not a document, so it answers 303 to its description; a withdrawn one
    answers 410 with its tombstone, as its description does."""
    published = documents.published
    root, minted = published.root, published.minted
    store = documents.store

    @routes.api_route(
        urls.route(urls.ID + "{path:path}"),
        methods=["GET", "HEAD"],
        status_code=303,
        summary="A thing: 303 See Other to its description",
        responses={
            303: {"description": f"Location: {root}/{urls.DOC}{EXAMPLE_KEY}"},
            301: {"description": "the IRI moved (data/redirects.csv): Location the new one"},
            404: {"description": "unknown"},
            410: {"description": "withdrawn: the tombstone"},
        },
        openapi_extra=path_example(EXAMPLE_KEY),
    )
    def identify(path: str, request: Request) -> Response:
        stem, suffix_media = responses.split_suffix(path)
        iri = minted.things + stem
        if (elsewhere := moved_to(iri, urls.ID, path, stem, request)) is not None:
            return elsewhere
        found = store.describe(iri)
        if not found or documents.tombstone(iri, found) is not None:  # unknown, or withdrawn
            return documents.answer(
                request, iri, f"{root}/{urls.DOC}{stem}", suffix_media, lambda: found, False
            )
        return RedirectResponse(f"{root}/{urls.DOC}{path}", status_code=303)


def add_describe(routes: APIRouter, documents: Documents, moved_to: MovedTo) -> None:
    """/doc/…: a thing's description in the negotiated format, paged when long."""
    published = documents.published
    root, minted = published.root, published.minted

    @routes.api_route(
        urls.route(urls.DOC + "{path:path}"),
        methods=["GET", "HEAD"],
        summary="The description of a thing, in the negotiated format",
        description="Accept: text/html, text/turtle, application/ld+json, application/n-triples, "
        "application/rdf+xml; or a suffix .html, .ttl, .jsonld, .nt, .rdf.",
        openapi_extra=path_example(f"{EXAMPLE_KEY}.ttl"),
    )
    def describe(path: str, request: Request, page: int = Query(1, ge=1, le=100_000)) -> Response:
        stem, suffix_media = responses.split_suffix(path)
        iri = minted.things + stem
        if (elsewhere := moved_to(iri, urls.DOC, path, stem, request)) is not None:
            return elsewhere
        more = False

        def description_page() -> list[pyoxigraph.Triple]:
            nonlocal more
            found, more = documents.description_page(iri, page)
            return found

        url = f"{root}/{urls.DOC}{stem}"
        own = partial(documents.store.describe, iri)
        answer = documents.answer(
            request, iri, url, suffix_media, description_page, True, for_people=own
        )
        if page > 1 and "content-location" in answer.headers:
            answer.headers["Content-Location"] += f"?page={page}"
        if more:
            following = responses.uri(f"{root}/{urls.DOC}{path}?page={page + 1}")
            answer.headers.append("Link", f'<{following}>; rel="next"')
        return answer


def add_vocabulary(routes: APIRouter, documents: Documents) -> None:
    """/ns/…: the ontology or the shapes; the ontology's HTML lists every term."""
    published = documents.published
    root, minted = published.root, published.minted
    store = documents.store

    @routes.api_route(
        urls.route(urls.NS + "{path:path}"),
        methods=["GET", "HEAD"],
        summary="The ontology or the shapes, with every term they define",
        openapi_extra=path_example("praktijk"),
    )
    def vocabulary(path: str, request: Request) -> Response:
        stem, suffix_media = responses.split_suffix(path)
        iri = str(minted.iri(urls.NS + stem))
        url = f"{root}/{urls.NS}{stem}"
        chosen = responses.negotiate(request, suffix_media)
        if stem == "praktijk" and chosen is not None and chosen.media_type == responses.HTML:
            context = ontology.ontology_page_context(
                iri, store.graph(str(minted.graph(ONTOLOGY_GRAPH))), published
            )
            return documents.html(request, "ontology.html", context, url, chosen)
        return documents.answer(request, iri, url, suffix_media, lambda: store.describe(iri), True)


def add_graph(routes: APIRouter, documents: Documents) -> None:
    """/graph/…: one source file's triples, as its named graph."""
    published = documents.published
    root, minted = published.root, published.minted
    store = documents.store

    @routes.api_route(
        urls.route(urls.GRAPH + "{path:path}"),
        methods=["GET", "HEAD"],
        summary="The triples of one named graph (one per source file)",
        openapi_extra=path_example("data/practices/opvoedingsondersteuning.ttl"),
        description=f"A graph's name is {{base}}{urls.GRAPH} + the path of its source file "
        "without suffix.",
    )
    def graph(path: str, request: Request) -> Response:
        stem, suffix_media = responses.split_suffix(path)
        iri = str(minted.graph(stem))
        return documents.answer(
            request,
            iri,
            f"{root}/{urls.GRAPH}{stem}",
            suffix_media,
            lambda: store.graph(iri),
            False,
            True,
        )
