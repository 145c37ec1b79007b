"""What search engines read first: robots.txt, and a sitemap of every practice and municipality
page, paged as the sitemap protocol wants (at most `sitemap_size` URLs a file, an index above)."""

from __future__ import annotations

from functools import cache
from xml.sax.saxutils import escape

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse, Response

from practicegraph.core import urls
from practicegraph.store.base import Store
from practicegraph.web.served_build import ServedBuild

SITEMAPS = "http://www.sitemaps.org/schemas/sitemap/0.9"
EVERY = 10_000_000
"""More pages than a build holds: the sitemap lists them all."""


def router(published: ServedBuild, store: Store, size: int) -> APIRouter:
    routes = APIRouter(tags=["site"])
    base, minted = published.base, published.minted

    @cache
    def pages() -> list[str]:
        """The address of every practice's and municipality's page, practices first."""
        found = []
        for kind in (minted.pg.Practice, minted.pg.Municipality):
            iris = sorted(store.instances(str(kind), EVERY))
            found += [minted.document_url(iri) for iri in iris if iri.startswith(minted.things)]
        return found

    def xml(text: str) -> Response:
        body = '<?xml version="1.0" encoding="UTF-8"?>\n' + text
        return Response(
            body, media_type="application/xml", headers={"Cache-Control": "public, max-age=3600"}
        )

    @routes.get(urls.route(urls.ROBOTS), response_class=PlainTextResponse, summary="For crawlers")
    def robots() -> PlainTextResponse:
        return PlainTextResponse(
            "User-agent: *\n"
            f"Disallow: {published.url(urls.SPARQL)}\n"  # for people and programs, not crawlers
            f"Disallow: {published.url(urls.DUMPS)}\n"
            f"Sitemap: {base}{urls.SITEMAP}\n"
        )

    @routes.get(
        urls.route(urls.SITEMAP), summary="The sitemap index: one sitemap per page of addresses"
    )
    def index() -> Response:
        count = max(1, -(-len(pages()) // size))
        entries = "".join(
            f"<sitemap><loc>{escape(f'{base}{urls.SITEMAPS}{n}.xml')}</loc></sitemap>\n"
            for n in range(1, count + 1)
        )
        return xml(f'<sitemapindex xmlns="{SITEMAPS}">\n{entries}</sitemapindex>\n')

    @routes.get(urls.route(urls.SITEMAPS + "{number}.xml"), summary="One page of the sitemap")
    def sitemap(number: int) -> Response:
        chosen = pages()[(number - 1) * size : number * size] if number >= 1 else []
        if not chosen and number != 1:
            return PlainTextResponse("404 Not Found: no such sitemap page\n", status_code=404)
        entries = "".join(f"<url><loc>{escape(url)}</loc></url>\n" for url in chosen)
        return xml(f'<urlset xmlns="{SITEMAPS}">\n{entries}</urlset>\n')

    return routes
