"""The practice finder: search and facets where every state is a plain, shareable URL; the
same list as CSV or JSON (`praktijken.csv?…`, as `doc/….ttl`, or by Accept), and its facet
filters as a SPARQL query opened in the editor."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.templating import Jinja2Templates

from practicegraph.core import urls
from practicegraph.finder.as_sparql import same_list
from practicegraph.finder.fields import FACETS
from practicegraph.finder.search import PracticeIndex, Results
from practicegraph.web.render import finder_data, responses
from practicegraph.web.render.negotiation import choose
from practicegraph.web.served_build import ServedBuild

FACET_TITLES = {
    "provincie": "Provincie",
    "gemeente": "Gemeente",
    "doelgroep": "Doelgroep",
    "beleidsdomein": "Beleidsdomein",
    "categorie": "Categorie",
}
OFFERED = (responses.HTML, finder_data.CSV, finder_data.JSON)
SHOWN_VALUES = 8
"""Values per facet shown at once; the rest sit behind a disclosure that needs no script."""

State = list[tuple[str, str]]
MOST_CHOSEN = 20
"""Facet values one finder URL may choose: more than a person picks, and each link on the page
carries them all, so a long list was an answer a hundred times the size of its request."""


def chosen(index: PracticeIndex, request: Request) -> dict[str, list[str]]:
    """The facet values asked for that the index knows, each once: an unknown value (an old or a
    mistyped link) is ignored, and a repeated one counted once."""
    return {
        facet: [
            v for v in dict.fromkeys(request.query_params.getlist(facet)) if v in index.iris[facet]
        ]
        for facet in FACETS
    }


def href(path: str, state: State) -> str:
    return f"{path}?{urlencode(state)}" if state else path


def toggled(state: State, facet: str, value: str) -> State:
    """The state with one facet value added or removed; paging starts over."""
    kept = [(k, v) for k, v in state if k != "pagina"]
    if (facet, value) in kept:
        return [pair for pair in kept if pair != (facet, value)]
    return [*kept, (facet, value)]


def facet_links(results: Results, state: State, path: str) -> list[dict[str, Any]]:
    """Every facet's values, each a link that adds or removes it: filtering needs no script."""
    return [
        {
            "name": facet,
            "title": FACET_TITLES[facet],
            "values": [
                {
                    "label": v.label,
                    "count": v.count,
                    "chosen": v.chosen,
                    "href": href(path, toggled(state, facet, v.value)),
                }
                for v in results.facets[facet]
            ],
        }
        for facet in FACET_TITLES
    ]


def chosen_links(index: PracticeIndex, state: State, path: str) -> list[dict[str, str]]:
    """The chosen facet values the index knows, each a link that removes it."""
    return [
        {"label": index.label(facet, iri), "href": href(path, toggled(state, facet, value))}
        for facet, value in state
        if facet in FACETS
        for iri in [index.iris[facet].get(value)]
        if iri is not None
    ]


def page_links(pages: int, state: State, path: str) -> list[dict[str, Any]]:
    """A link per page of results; the first has no page number, so it is the plain URL."""
    return [
        {"number": n, "href": href(path, [*state, ("pagina", str(n))] if n > 1 else state)}
        for n in range(1, pages + 1)
    ]


def data_links(
    published: ServedBuild, index: PracticeIndex, q: str, state: State
) -> dict[str, str]:
    """The same list as CSV and JSON, and its filters as a query in the SPARQL editor."""
    kept = [(k, v) for k, v in state if k != "pagina"]
    filters = {facet: [v for k, v in kept if k == facet] for facet in FACETS}
    query = same_list(index.chosen_iris(filters), published.minted)
    links = {s: href(published.url(urls.PRACTICES) + f".{s}", kept) for s in finder_data.SUFFIXES}
    return {**links, "sparql": href(published.url(urls.SPARQL), [("query", query)])}


def page(
    finder: tuple[ServedBuild, PracticeIndex, Jinja2Templates],
    request: Request,
    q: str,
    pagina: int,
    filters: dict[str, list[str]],
) -> Response:
    """The finder's page: one page of results, the facets, the links to the list as data."""
    published, index, templates = finder
    path = published.url(urls.PRACTICES)
    results = index.search(q, filters, pagina)
    state: State = [("q", q)] if q else []
    state += [(facet, value) for facet, values in filters.items() for value in values]
    context = {
        "root": published.root,
        "title": "Praktijken zoeken",
        "q": q,
        "results": results,
        "links": {p.iri: published.local(p.iri) or p.iri for p in results.practices},
        "facets": facet_links(results, state, path),
        "chosen": chosen_links(index, state, path),
        "pages": page_links(results.pages, state, path),
        "shown_values": SHOWN_VALUES,
        "hidden_state": [(k, v) for k, v in state if k != "q"],
        "data": data_links(published, index, q, state),
    }
    return responses.html_response(templates, request, "practices.html", context)


def router(published: ServedBuild, index: PracticeIndex, templates: Jinja2Templates) -> APIRouter:
    routes = APIRouter(tags=["site"])

    def answer(request: Request, q: str, pagina: int, media: str | None) -> Response:
        filters = chosen(index, request)
        if sum(len(values) for values in filters.values()) > MOST_CHOSEN:
            return PlainTextResponse(
                f"400 Bad Request: at most {MOST_CHOSEN} facet values at once\n", 400
            )
        if media is None:
            offered = ", ".join(OFFERED)
            return PlainTextResponse(f"406 Not Acceptable: offered as {offered}\n", 406)
        if media == responses.HTML:
            return page((published, index, templates), request, q, pagina, filters)
        body = finder_data.body(media, index.found(q, filters), q, filters)
        content_type = f"{media}; charset=utf-8" if media == finder_data.CSV else media
        return Response(body, headers={"Content-Type": content_type, "Vary": "Accept"})

    @routes.api_route(
        urls.route(urls.PRACTICES),
        methods=["GET", "HEAD"],
        response_class=HTMLResponse,
        summary="Find practices: Dutch full text and facets, paged; CSV and JSON by Accept,"
        " by format=csv|json (for links people click) or by the suffix .csv, .json",
        responses={200: {"content": {finder_data.CSV: {}, finder_data.JSON: {}}}},
    )
    def find(
        request: Request,
        q: str = Query("", max_length=200, description="words, all must match"),
        pagina: int = Query(1, ge=1, le=100_000),
        chosen: str | None = Query(
            None,
            alias="format",
            pattern="^(csv|json)$",
            description="csv or json: the list as data, whatever Accept says",
        ),
    ) -> Response:
        if chosen is not None:
            return answer(request, q, pagina, finder_data.SUFFIXES[chosen])
        return answer(request, q, pagina, choose(request.headers.get("accept"), OFFERED))

    @routes.api_route(
        urls.route(urls.PRACTICES) + ".{suffix}", methods=["GET", "HEAD"], include_in_schema=False
    )
    def find_as(
        request: Request,
        suffix: str,
        q: str = Query("", max_length=200),
        pagina: int = Query(1, ge=1, le=100_000),
    ) -> Response:
        media = finder_data.SUFFIXES.get(suffix)
        if media is None:
            return PlainTextResponse("404 Not Found: offered as .csv, .json\n", 404)
        return answer(request, q, pagina, media)

    return routes
