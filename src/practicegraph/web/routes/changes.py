"""What changed, for people and feed readers: /wijzigingen lists per day the practices added,
updated, moved and withdrawn; /wijzigingen.atom is the same as an Atom feed (RFC 4287), one
entry per change. Both are made from the build's changes.json, which the build makes from the
event stream."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from functools import cache
from itertools import groupby

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from practicegraph.core import urls
from practicegraph.core.changes import Change, read
from practicegraph.web.render import responses
from practicegraph.web.served_build import ServedBuild

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 100
"""The newest changes the feed holds; the page lists them all."""
WORDS = {
    "added": "Toegevoegd",
    "updated": "Bijgewerkt",
    "moved": "Verhuisd",
    "withdrawn": "Ingetrokken",
}
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
FEED_TITLE = "Wijzigingen in de goede praktijken"


def day_of(change: Change) -> str:
    moment = datetime.fromisoformat(change.time)
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def feed(changes: list[Change], published: ServedBuild) -> bytes:
    """The Atom document: a feed id and self link of our own, an entry per change, with the
    member's IRI as its id (it never changes) and the practice's page as its link."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "nl"})

    def add(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> None:
        element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
        element.text = text

    newest = changes[0].time if changes else published.manifest.created
    add(root, "id", published.minted.iri(urls.CHANGES_FEED))
    add(root, "title", FEED_TITLE)
    add(root, "updated", newest)
    add(root, "link", rel="self", href=published.minted.iri(urls.CHANGES_FEED))
    add(root, "link", rel="alternate", type="text/html", href=published.minted.iri(urls.CHANGES))
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    add(author, "name", "practicegraph")
    for change in changes[:FEED_ENTRIES]:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        add(entry, "id", change.id)
        add(entry, "title", f"{WORDS[change.kind]}: {change.title or change.entity}")
        add(entry, "updated", change.time)
        target = (change.moved_to or change.entity).removeprefix(published.base)
        page = published.minted.iri(urls.document_of(target))
        add(entry, "link", rel="alternate", type="text/html", href=page)
        summary = f"{WORDS[change.kind]} op {day_of(change)}"
        if change.moved_to:
            summary += f"; nu {change.moved_to}"
        add(entry, "summary", summary)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


def router(published: ServedBuild, templates: Jinja2Templates) -> APIRouter:
    routes = APIRouter(tags=["site"])

    @cache
    def listed() -> list[Change]:
        return read(published.folder)

    @routes.api_route(
        urls.route(urls.CHANGES),
        methods=["GET", "HEAD"],
        response_class=HTMLResponse,
        summary="What changed: practices added, updated, moved and withdrawn, per day",
    )
    def page(request: Request) -> HTMLResponse:
        days = [(day, list(group)) for day, group in groupby(listed(), key=day_of)]
        context = {
            "root": published.root,
            "title": "Wijzigingen",
            "days": days,
            "words": WORDS,
            "feed": f"{published.root}/{urls.CHANGES_FEED}",
            "document": lambda iri: published.url(
                urls.document_of(iri.removeprefix(published.base))
            ),
        }
        return responses.html_response(templates, request, "wijzigingen.html", context)

    @routes.api_route(
        urls.route(urls.CHANGES_FEED),
        methods=["GET", "HEAD"],
        summary="What changed, as an Atom feed (RFC 4287)",
    )
    def atom() -> Response:
        return Response(feed(listed(), published), media_type="application/atom+xml")

    return routes
