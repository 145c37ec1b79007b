"""Negotiated responses for RDF resources: one format registry, headers every answer carries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pyoxigraph
from fastapi import Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.templating import Jinja2Templates

from practicegraph.core.formats import (
    BY_MEDIA_TYPE,
    JSON_LD,
    RDF_MEDIA,
    About,
    RdfMedia,
    serialize_triples,
)
from practicegraph.web.render.negotiation import negotiated
from practicegraph.web.served_build import ServedBuild

HTML = "text/html"
JSON = "application/json"
OFFERED = (HTML, *(media.media_type for media in RDF_MEDIA), JSON)
"""Server preference: a person's browser first, then Turtle; application/json gets JSON-LD."""
BUILD_SCOPED = "public, max-age=300"
"""How long a cache may keep what only the next build changes (dumps, fragments): minutes."""
SUFFIXES = {"html": HTML, **{media.suffix: media.media_type for media in RDF_MEDIA}}


@dataclass(frozen=True)
class Format:
    """What a request asked for: a media type, and whether a URL suffix named it."""

    media_type: str
    by_suffix: bool

    @property
    def rdf(self) -> RdfMedia | None:
        return JSON_LD if self.media_type == JSON else BY_MEDIA_TYPE.get(self.media_type)


def split_suffix(path: str) -> tuple[str, str | None]:
    """`praktijk/x.ttl` → (`praktijk/x`, `text/turtle`); paths without a known suffix unchanged."""
    stem, dot, suffix = path.rpartition(".")
    if dot and suffix in SUFFIXES and "/" not in suffix:
        return stem, SUFFIXES[suffix]
    return path, None


def negotiate(request: Request, suffix_media: str | None) -> Format | None:
    """By URL suffix, else by the `_mediatype` parameter (for links, as conneg by profile
    has it), else by Accept."""
    if suffix_media is not None:
        return Format(suffix_media, True)
    asked = request.query_params.get("_mediatype")
    if asked is not None:
        named = negotiated(asked, OFFERED)
        return Format(named, True) if named is not None else None
    chosen = negotiated(request.headers.get("accept"), OFFERED)
    return Format(chosen, False) if chosen is not None else None


def uri(url: str) -> str:
    """An IRI as a URI (RFC 3987, 3.1): what is not ASCII, and what may not stand in a URI, is
    percent-encoded as UTF-8; so it is a valid header value (Link, Content-Location)."""
    return quote(url, safe="/:?#[]@!$&'()*+,;=%~")


def formats(url: str) -> list[dict[str, str]]:
    """Every format of this document with its suffix URL: for the Link header and the page."""
    url = uri(url)
    found = [{"media_type": HTML, "label": "HTML", "href": f"{url}.html"}]
    found += [
        {"media_type": m.media_type, "label": m.label, "href": f"{url}.{m.suffix}"}
        for m in RDF_MEDIA
    ]
    return found


def alternates(url: str) -> str:
    """Link header: every format of this document, by its suffix URL."""
    return ", ".join(
        f'<{f["href"]}>; rel="alternate"; type="{f["media_type"]}"' for f in formats(url)
    )


def headers(url: str, chosen: Format | None) -> dict[str, str]:
    result = {"Vary": "Accept", "Link": alternates(url)}
    if chosen is not None and not chosen.by_suffix:
        suffix = (
            "html" if chosen.media_type == HTML else (chosen.rdf.suffix if chosen.rdf else None)
        )
        if suffix is not None:
            result["Content-Location"] = f"{uri(url)}.{suffix}"
    return result


def not_acceptable(url: str) -> Response:
    offered = ", ".join(OFFERED)
    return PlainTextResponse(
        f"406 Not Acceptable: this resource is offered as {offered}\n",
        status_code=406,
        headers={**headers(url, None), "Accept": offered},
    )


def rdf_response(
    triples: list[pyoxigraph.Triple],
    chosen: Format,
    published: ServedBuild,
    url: str,
    status: int = 200,
    root: str | None = None,
    context: tuple[dict[str, Any], str] | None = None,
) -> Response:
    """The triples in the chosen RDF format; as the document of `root` where one is given; its
    JSON-LD with another `context` (the context, its URL) where a profile has its own."""
    media = chosen.rdf
    assert media is not None
    about = About(root, published.minted) if root is not None else None
    terms, terms_url = context or (published.context, published.context_url)
    body = serialize_triples(triples, media, published.prefixes, terms, terms_url, about)
    return Response(
        body,
        status_code=status,
        media_type=None,
        headers={
            **headers(url, chosen),
            "Content-Type": media.content_type,
        },
    )


def not_found_rdf(iri: str, chosen: Format, published: ServedBuild, url: str) -> Response:
    """A 404 in the negotiated format: an empty graph, with the reason where the format allows."""
    media = chosen.rdf
    assert media is not None
    if media is JSON_LD:
        body = f'{{"@context": "{published.context_url}", "@graph": []}}\n'.encode()
    elif media.suffix in ("ttl", "nt"):
        body = f"# 404 Not Found: <{iri}> is not described in this dataset\n".encode()
    else:
        body = serialize_triples([], media, {}, published.context, published.context_url)
    return Response(
        body, status_code=404, headers={**headers(url, chosen), "Content-Type": media.content_type}
    )


def html_response(
    templates: Jinja2Templates,
    request: Request,
    name: str,
    context: dict[str, object],
    url: str | None = None,
    chosen: Format | None = None,
    status: int = 200,
) -> HTMLResponse:
    extra = headers(url, chosen) if url is not None else {"Vary": "Accept"}
    response = templates.TemplateResponse(request, name, context, status_code=status, headers=extra)
    assert isinstance(response, HTMLResponse)
    return response
