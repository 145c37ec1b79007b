"""Cool URIs: /id/… answers 303 to /doc/…; /doc/, /ns/ and /graph/ negotiate their format."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pyoxigraph
from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from practicegraph.finder.search import PracticeIndex
from practicegraph.layout import LDES, LDES_PAGES, LDES_POLLING_SECONDS, LDES_ROOT, ldes_page
from practicegraph.settings import ServeSettings
from practicegraph.store.base import Store
from practicegraph.web import ontology, pages, responses
from practicegraph.web.published import Published
from practicegraph.web.view import RDF_TYPE, PageBuilder

EXAMPLE_KEY = "praktijk/opvoedingsondersteuning"
ONTOLOGY_GRAPH = "graph/ontology/praktijk"


def path_example(example: str) -> dict[str, object]:
    """OpenAPI: the `path` parameter of a route, with an example that resolves."""
    return {"parameters": [{"name": "path", "in": "path", "required": True, "example": example}]}


def router(
    settings: ServeSettings,
    published: Published,
    store: Store,
    templates: Jinja2Templates,
    index: PracticeIndex,
) -> APIRouter:
    routes = APIRouter(tags=["resources"])
    root = published.root
    pg = published.minted.pg
    kinds = {str(pg.Practice): "practice", str(pg.Municipality): "municipality"}

    def special_page(
        iri: str, found: list[pyoxigraph.Triple]
    ) -> tuple[str, dict[str, object]] | None:
        """Practices and municipalities get pages laid out for people; the rest a table."""
        node = pyoxigraph.NamedNode(iri)
        typed = {
            kinds.get(t.object.value)
            for t in found
            if t.subject == node
            and t.predicate.value == RDF_TYPE
            and isinstance(t.object, pyoxigraph.NamedNode)
        }
        if "practice" in typed:
            return "practice.html", pages.practice_page(iri, found, store, published)
        if "municipality" in typed:
            return "municipality.html", pages.municipality_page(iri, found, store, published, index)
        return None

    def document(
        request: Request,
        iri: str,
        url: str,
        suffix_media: str | None,
        triples: Callable[[], list[pyoxigraph.Triple]],
        with_incoming: bool,
        every_subject: bool = False,
    ) -> Response:
        chosen = responses.negotiate(request, suffix_media)
        if chosen is None:
            return responses.not_acceptable(url)
        found = triples()
        if chosen.rdf is not None:
            if not found:
                return responses.not_found_rdf(iri, chosen, published, url)
            return responses.rdf_response(found, chosen, published, url)
        if not found:
            context: dict[str, object] = {
                "root": root,
                "title": "Niet gevonden",
                "message": f"{iri} is niet beschreven in deze dataset.",
            }
            return responses.html_response(
                templates, request, "error.html", context, url, chosen, 404
            )
        special = special_page(iri, found)
        if special is not None:
            name, special_context = special
            special_context |= {"root": root, "formats": responses.formats(url)}
            return responses.html_response(templates, request, name, special_context, url, chosen)
        incoming = store.incoming(iri, settings.incoming_limit) if with_incoming else []
        page = PageBuilder(found + incoming, published)
        subjects = sorted(
            {t.subject.value for t in found if isinstance(t.subject, pyoxigraph.NamedNode)}
        )
        members = [s for s in subjects if s != iri and (every_subject or s.startswith(iri + "#"))]
        sections = [page.section(s) for s in ([iri] if iri in subjects else []) + members]
        page_context: dict[str, object] = {
            "root": root,
            "title": sections[0].title if sections else iri,
            "sections": sections,
            "incoming": page.incoming(iri, incoming),
            "incoming_limit": settings.incoming_limit,
            "formats": responses.formats(url),
        }
        return responses.html_response(
            templates, request, "resource.html", page_context, url, chosen
        )

    @routes.api_route(
        "/id/{path:path}",
        methods=["GET", "HEAD"],
        status_code=303,
        summary="A thing: 303 See Other to its description",
        responses={
            303: {"description": f"Location: {root}/doc/{EXAMPLE_KEY}"},
            404: {"description": "unknown"},
        },
        openapi_extra=path_example(EXAMPLE_KEY),
    )
    def identify(path: str, request: Request) -> Response:
        stem, suffix_media = responses.split_suffix(path)
        iri = f"{published.base}id/{stem}"
        if not store.describe(iri):
            return document(request, iri, f"{root}/doc/{stem}", suffix_media, lambda: [], False)
        return RedirectResponse(f"{root}/doc/{path}", status_code=303)

    @routes.api_route(
        "/doc/{path:path}",
        methods=["GET", "HEAD"],
        summary="The description of a thing, in the negotiated format",
        description="Accept: text/html, text/turtle, application/ld+json, application/n-triples, "
        "application/rdf+xml; or a suffix .html, .ttl, .jsonld, .nt, .rdf.",
        openapi_extra=path_example(f"{EXAMPLE_KEY}.ttl"),
    )
    def describe(path: str, request: Request) -> Response:
        stem, suffix_media = responses.split_suffix(path)
        iri = f"{published.base}id/{stem}"
        return document(
            request, iri, f"{root}/doc/{stem}", suffix_media, lambda: store.describe(iri), True
        )

    @routes.api_route(
        "/ns/{path:path}",
        methods=["GET", "HEAD"],
        summary="The ontology or the shapes, with every term they define",
        openapi_extra=path_example("praktijk"),
    )
    def vocabulary(path: str, request: Request) -> Response:
        stem, suffix_media = responses.split_suffix(path)
        iri = f"{published.base}ns/{stem}"
        url = f"{root}/ns/{stem}"
        chosen = responses.negotiate(request, suffix_media)
        if stem == "praktijk" and chosen is not None and chosen.media_type == responses.HTML:
            context = ontology.document(
                iri, store.graph(published.base + ONTOLOGY_GRAPH), published
            )
            context |= {"root": root, "formats": responses.formats(url)}
            return responses.html_response(
                templates, request, "ontology.html", context, url, chosen
            )
        return document(request, iri, url, suffix_media, lambda: store.describe(iri), True)

    @routes.api_route(
        "/graph/{path:path}",
        methods=["GET", "HEAD"],
        summary="The triples of one named graph (one per source file)",
        openapi_extra=path_example("data/practices/opvoedingsondersteuning.ttl"),
        description="A graph's name is {base}graph/ + the path of its source file without suffix.",
    )
    def graph(path: str, request: Request) -> Response:
        stem, suffix_media = responses.split_suffix(path)
        iri = f"{published.base}graph/{stem}"
        return document(
            request,
            iri,
            f"{root}/graph/{stem}",
            suffix_media,
            lambda: store.graph(iri),
            False,
            True,
        )

    def description(name: str, path: str) -> Callable[[Request], Response]:
        """A document the build wrote about itself, at a fixed path, with or without suffix."""

        def serve(request: Request) -> Response:
            stem, suffix_media = responses.split_suffix(request.url.path.removeprefix(root + "/"))
            if stem != path:
                return PlainTextResponse("Not Found: no such format", status_code=404)
            return document(
                request,
                published.base + path,
                f"{root}/{path}",
                suffix_media,
                lambda: published.descriptions.get(name, []),
                False,
                True,
            )

        return serve

    @lru_cache(maxsize=256)
    def stream_file(file: Path) -> tuple[list[pyoxigraph.Triple], str]:
        """A page's triples and digest, read once: a build's files never change."""
        text = file.read_bytes()
        triples = [
            quad.triple for quad in pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.N_TRIPLES)
        ]
        return triples, hashlib.sha256(text).hexdigest()

    def stream_document(request: Request, name: str, path: str, last: bool) -> Response:
        """A page of the event stream: closed pages are immutable, the newest is polled."""
        stem, suffix_media = responses.split_suffix(path)
        file = published.folder / LDES / name
        if stem != path.split(".", 1)[0] or not file.is_file():
            return PlainTextResponse("Not Found", status_code=404)
        triples, digest = stream_file(file)
        iri = published.base + stem
        response = document(
            request, iri, f"{root}/{stem}", suffix_media, lambda: triples, False, True
        )
        if response.status_code != 200:
            return response
        kind = str(response.headers.get("content-type"))
        etag = f'"{digest[:24]}-{hashlib.sha256(kind.encode()).hexdigest()[:8]}"'
        cache = (
            "public, max-age=31536000, immutable"
            if not last
            else (f"public, max-age={LDES_POLLING_SECONDS}")
        )
        if etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers={"ETag": etag, "Cache-Control": cache})
        response.headers["ETag"] = etag
        response.headers["Cache-Control"] = cache
        return response

    pages_file = published.folder / LDES / LDES_PAGES
    page_count = (
        json.loads(pages_file.read_text(encoding="utf-8"))["pages"] if pages_file.is_file() else 0
    )

    @routes.api_route(
        "/ldes/practices",
        methods=["GET", "HEAD"],
        summary="The Linked Data Event Stream of practices and local initiatives (its root)",
    )
    def stream(request: Request) -> Response:
        return stream_document(request, LDES_ROOT, "ldes/practices", True)

    @routes.api_route(
        "/ldes/practices/page/{page}",
        methods=["GET", "HEAD"],
        summary="One page of the event stream; every page but the newest is immutable",
    )
    def stream_page(page: str, request: Request) -> Response:
        number = page.split(".", 1)[0]
        if not number.isdigit() or str(int(number)) != number:
            return PlainTextResponse("Not Found", status_code=404)
        last = int(number) == page_count - 1
        return stream_document(request, ldes_page(int(number)), f"ldes/practices/page/{page}", last)

    for name, path, summary in (
        ("catalog", "catalog", "The DCAT-AP Vlaanderen catalog: dataset, distributions, services"),
        ("void", ".well-known/void", "The VoID description: statistics, partitions, linksets"),
    ):
        for route in (f"/{path}", f"/{path}.{{suffix}}"):
            routes.add_api_route(
                route,
                description(name, path),
                methods=["GET", "HEAD"],
                summary=summary,
                include_in_schema=not route.endswith("}"),
            )

    return routes
