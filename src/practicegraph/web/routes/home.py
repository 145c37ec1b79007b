"""The home page: what the dataset is, how big, and where to go next."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pyoxigraph
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from practicegraph.core import urls
from practicegraph.finder.search import PracticeIndex
from practicegraph.store.base import Store
from practicegraph.web.render import responses
from practicegraph.web.render.view import PageBuilder, Value
from practicegraph.web.served_build import ServedBuild

COUNTED = (
    ("praktijken", "Practice"),
    ("lokale initiatieven", "LocalInitiative"),
    ("gemeenten (sinds 2019)", "Municipality"),
    ("begrippen", None),
)
"""What the home page counts: a label, and the class of ours (or None: SKOS concepts)."""
LISTED = 50
NEWEST = 5
SKOS_CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
SKOS_SCHEME = "http://www.w3.org/2004/02/skos/core#ConceptScheme"
LICENSE = "http://purl.org/dc/terms/license"
VCARD_EMAIL = "http://www.w3.org/2006/vcard/ns#hasEmail"


def listed(store: Store, published: ServedBuild, class_iri: str) -> list[Value]:
    """Up to LISTED instances of a class, as links, by their label."""
    iris = store.instances(class_iri, LISTED)
    page = PageBuilder([t for iri in iris for t in store.describe(iri)], published)
    return sorted((page.iri_value(iri) for iri in iris), key=lambda v: v.text.casefold())


def stated(store: Store) -> Callable[[str, str], list[str]]:
    """What the build says of the dataset or its catalog (licence, contact, the rule for
    personal data): the pages state what holds, not a default. A build never changes, so
    each is asked once."""

    @cache
    def values(iri: str, predicate: str) -> list[str]:
        node, link = pyoxigraph.NamedNode(iri), pyoxigraph.NamedNode(predicate)
        return sorted(
            t.object.value
            for t in store.describe(iri)
            if t.subject == node
            and t.predicate == link
            and isinstance(t.object, pyoxigraph.NamedNode | pyoxigraph.Literal)
        )

    return values


def router(
    published: ServedBuild, store: Store, templates: Jinja2Templates, index: PracticeIndex
) -> APIRouter:
    routes = APIRouter(tags=["site"])
    values = stated(store)
    dataset = str(published.minted.dataset)

    @routes.api_route(
        "/",
        methods=["GET", "HEAD"],
        response_class=HTMLResponse,
        summary="Home page: what the dataset is, counts, links",
    )
    def home(request: Request) -> HTMLResponse:
        classes = published.manifest.classes
        counts = [
            (label, classes.get(str(published.minted.pg[name]) if name else SKOS_CONCEPT, 0))
            for label, name in COUNTED
        ]
        context = {
            "root": published.root,
            "title": "Goede praktijken van Vlaamse lokale besturen",
            "counts": counts,
            "triples": published.manifest.triples,
            "graphs": len(published.manifest.graphs),
            "build": published.manifest.build,
            "newest": [(p, published.local(p.iri)) for p in index.newest(NEWEST)],
            "schemes": listed(store, published, SKOS_SCHEME),
            "licences": values(dataset, LICENSE),
        }
        return responses.html_response(templates, request, "home.html", context)

    @routes.api_route(
        urls.route(urls.PRIVACY),
        methods=["GET", "HEAD"],
        response_class=HTMLResponse,
        summary="Which contact data is published, why, and how to ask for removal",
    )
    def privacy(request: Request) -> HTMLResponse:
        people = values(dataset, str(published.minted.pg.publishesPersonalContacts))
        mailboxes = values(f"{published.minted.iri(urls.CATALOG)}#contact", VCARD_EMAIL)
        context = {
            "root": published.root,
            "title": "Privacy",
            "people": people == ["true"],
            "contact": mailboxes[0].removeprefix("mailto:") if mailboxes else None,
        }
        return responses.html_response(templates, request, "privacy.html", context)

    return routes
