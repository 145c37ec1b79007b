"""The practice finder: search and facets where every state is a plain, shareable URL."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from practicegraph.core import urls
from practicegraph.finder.fields import FACETS
from practicegraph.finder.search import PracticeIndex, Results
from practicegraph.web.render import responses
from practicegraph.web.served_build import ServedBuild

FACET_TITLES = {
    "provincie": "Provincie",
    "gemeente": "Gemeente",
    "doelgroep": "Doelgroep",
    "beleidsdomein": "Beleidsdomein",
    "categorie": "Categorie",
}
SHOWN_VALUES = 8
"""Values per facet shown at once; the rest sit behind a disclosure that needs no script."""

State = list[tuple[str, str]]


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


def router(published: ServedBuild, index: PracticeIndex, templates: Jinja2Templates) -> APIRouter:
    routes = APIRouter(tags=["site"])
    path = published.url(urls.PRACTICES)

    @routes.api_route(
        urls.route(urls.PRACTICES),
        methods=["GET", "HEAD"],
        response_class=HTMLResponse,
        summary="Find practices: Dutch full text and facets, paged",
    )
    def find(
        request: Request,
        q: str = Query("", max_length=200, description="words, all must match"),
        pagina: int = Query(1, ge=1, le=100_000),
    ) -> HTMLResponse:
        filters = {facet: request.query_params.getlist(facet) for facet in FACETS}
        results = index.search(q, filters, pagina)
        state: State = [("q", q)] if q else []
        state += [(facet, value) for facet, values in filters.items() for value in values]
        facets = facet_links(results, state, path)
        chosen = chosen_links(index, state, path)
        pages = page_links(results.pages, state, path)
        context = {
            "root": published.root,
            "title": "Praktijken zoeken",
            "q": q,
            "results": results,
            "links": {p.iri: published.local(p.iri) or p.iri for p in results.practices},
            "facets": facets,
            "chosen": chosen,
            "pages": pages,
            "shown_values": SHOWN_VALUES,
            "hidden_state": [(k, v) for k, v in state if k != "q"],
        }
        return responses.html_response(templates, request, "practices.html", context)

    return routes
