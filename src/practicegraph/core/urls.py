"""Every path the server answers, relative to the base, spelled once: the build mints its IRIs
from these (`vocab.Minted`), the routes declare them, the middlewares group requests by them.
A path renamed here moves the IRIs, the routes and the links together; spelled by hand in two
places, one of them would answer 404. `tests/unit/test_spelled_once.py` keeps it so.

The line: Python spells no path but through this module. The Jinja templates under
web/templates keep their `{{ root }}/…` links, as a page's markup reads them: a context helper
for each link would weigh more than the one word it names.
"""

from __future__ import annotations

from practicegraph.core.build_folder import CONTEXT_VERSION

ID = "id/"
"""Things (`{base}id/{kind}/{key}`): answers 303 See Other to their description."""
DOC = "doc/"
"""The description of a thing, in the negotiated format."""
NS = "ns/"
"""The ontology and the shapes, with their hash terms."""
GRAPH = "graph/"
"""One named graph per source file, and the generated ones."""
MUNICIPALITIES_GRAPH = "reference/municipalities"
"""The generated graph of every municipality code, its validity and its successor."""
LDES = "ldes"
"""The event streams' family."""
STREAM = f"{LDES}/practices"
"""The event stream of practices (its root)."""
PAGE = "page/"
"""A page of a chain of pages, numbered from 0: `{…}/page/{n}`."""
STREAM_PAGES = f"{STREAM}/{PAGE}"
"""The stream's pages (its time-ordered view), numbered from 0."""
STREAM_LATEST_VIEW = "latest"
"""The stream's view of each entity's newest member: `{STREAM}/latest`, its pages under it."""
STREAM_PLACE_VIEW = "by-municipality"
"""The stream's view by municipality: its root, then `{…}/{nis}/page/{n}` per municipality."""
SPARQL = "sparql"
FRAGMENTS = "fragments"
"""Triple (and quad) Pattern Fragments: the data matching one pattern, a page at a time."""
CATALOG = "catalog"
"""The DCAT-AP Vlaanderen catalog."""
VOID = ".well-known/void"
"""The VoID description (RFC 8615's well-known place)."""
WELL_KNOWN = ".well-known/"
GENID = f"{WELL_KNOWN}genid/"
"""Skolem IRIs (RDF 1.1, 3.5) that pattern fragments give blank nodes, so that a client can join
on them across pages; they name, they do not dereference."""
DOWNLOADS = "dumps"
"""The whole-dataset downloads: the build's dump files, mounted."""
DUMPS = f"{DOWNLOADS}/"
"""Their listing, and the prefix of each file's path."""
CONTEXTS = "context/"
CONTEXT = f"{CONTEXTS}{CONTEXT_VERSION}.jsonld"
"""The versioned JSON-LD context of the dataset."""
IPDC_CONTEXT = f"{CONTEXTS}ipdc/v1.jsonld"
"""The JSON-LD context of the ipdc profile."""
PRACTICES = "praktijken"
"""The finder: search and facets; its list as data at `praktijken.csv`, `praktijken.json`."""
QUERIES = "queries/"
"""The named queries of queries/, each an API: `queries/{name}`, `queries/{name}.csv`."""
PRIVACY = "privacy"
CHANGES = "wijzigingen"
"""What changed: the practices added, updated, moved and withdrawn, for people."""
CHANGES_FEED = f"{CHANGES}.atom"
"""The same as an Atom feed (RFC 4287)."""
HEALTHZ = "healthz"
READYZ = "readyz"
METRICS = "metrics"
ROBOTS = "robots.txt"
SITEMAP_FAMILY = "sitemap"
SITEMAP = f"{SITEMAP_FAMILY}.xml"
"""The sitemap index."""
SITEMAPS = f"{SITEMAP_FAMILY}/"
"""The sitemap's pages, numbered from 1."""
ASSETS = "assets/"
SITE_ASSETS = f"{ASSETS}site"
YASGUI_ASSETS = f"{ASSETS}yasgui"
OPENAPI = "openapi.json"

DOCUMENT_FAMILIES = (ID, DOC, NS, GRAPH, f"{LDES}/")
"""The families of linked-data documents: what a build answers the same until the next one."""


def route(path: str) -> str:
    """A route's declaration under the app's root: `route(DOC + "{path:path}")`."""
    return "/" + path


def stream_page(number: int | str) -> str:
    """The path of the event stream's page `number`."""
    return f"{STREAM_PAGES}{number}"


def stream_view(view: str) -> str:
    """The path of one of the stream's other views (or a part of one): `{STREAM}/{view}`."""
    return f"{STREAM}/{view}"


def document_of(path: str) -> str:
    """The description's path of a thing's path (`id/x` → `doc/x`); other paths unchanged."""
    return DOC + path.removeprefix(ID) if path.startswith(ID) else path
