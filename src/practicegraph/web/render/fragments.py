"""A pattern fragment's page as RDF: the matching quads, and in a graph of its own the metadata
and controls a Triple (or Quad) Pattern Fragments client reads: the dataset's `hydra:search`
form with its four mappings, the page's count and its first, previous and next pages."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote_plus

import pyoxigraph

from practicegraph.core import urls
from practicegraph.core.formats import N_QUADS, TRIG, RdfMedia, serialize_triples
from practicegraph.store.base import Fragment
from practicegraph.web.patterns import DEFAULT_GRAPH, POSITIONS
from practicegraph.web.served_build import ServedBuild

HYDRA = "http://www.w3.org/ns/hydra/core#"
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
FOAF = "http://xmlns.com/foaf/0.1/"
SD_GRAPH = "http://www.w3.org/ns/sparql-service-description#graph"
XSD_INTEGER = pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
PREFIXES = {"hydra": HYDRA, "void": VOID, "sd": SD, "foaf": FOAF}
PROPERTIES = {"subject": RDF + "subject", "predicate": RDF + "predicate"}
PROPERTIES |= {"object": RDF + "object", "graph": SD_GRAPH}
"""What each variable of the search form stands for (the QPF spec's mappings)."""


def node(iri: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(iri)


@dataclass(frozen=True)
class Page:
    """Where one page stands: the URL it was asked at, its fragment's first page, its number."""

    endpoint: str
    query: str
    """The query string as asked: a client matches the controls to the URL it asked for."""
    number: int

    @property
    def iri(self) -> str:
        return f"{self.endpoint}?{self.query}" if self.query else self.endpoint

    @property
    def fragment(self) -> str:
        """The fragment itself: the query without its page, which is its first page. A name is
        read decoded, as the framework reads it: `pa%67e=2` kept made `next` ask for two pages."""
        kept = "&".join(
            p for p in self.query.split("&") if p and unquote_plus(p.split("=")[0]) != "page"
        )
        return f"{self.endpoint}?{kept}" if kept else self.endpoint

    def numbered(self, number: int) -> str:
        if number == 1:
            return self.fragment
        joiner = "&" if "?" in self.fragment else "?"
        return f"{self.fragment}{joiner}page={number}"


def page_of(published: ServedBuild, query: str, number: int) -> Page:
    return Page(published.base + urls.FRAGMENTS, query, number)


def controls(page: Page) -> list[pyoxigraph.Triple]:
    """The dataset and its search form: every fragment's way to every other."""
    dataset, search = node(page.endpoint + "#dataset"), node(page.endpoint + "#search")
    template = page.endpoint + "{?" + ",".join(POSITIONS) + "}"
    found = [
        pyoxigraph.Triple(dataset, node(RDF + "type"), node(VOID + "Dataset")),
        pyoxigraph.Triple(dataset, node(RDF + "type"), node(HYDRA + "Collection")),
        pyoxigraph.Triple(dataset, node(HYDRA + "search"), search),
        pyoxigraph.Triple(dataset, node(SD + "defaultGraph"), node(DEFAULT_GRAPH)),
        pyoxigraph.Triple(search, node(HYDRA + "template"), pyoxigraph.Literal(template)),
        pyoxigraph.Triple(
            search, node(HYDRA + "variableRepresentation"), node(HYDRA + "ExplicitRepresentation")
        ),
    ]
    for name in POSITIONS:
        mapping = node(f"{page.endpoint}#{name}")
        found += [
            pyoxigraph.Triple(search, node(HYDRA + "mapping"), mapping),
            pyoxigraph.Triple(mapping, node(HYDRA + "variable"), pyoxigraph.Literal(name)),
            pyoxigraph.Triple(mapping, node(HYDRA + "property"), node(PROPERTIES[name])),
        ]
    return found


def metadata(page: Page, found: Fragment, size: int) -> list[pyoxigraph.Triple]:
    """The page in its collection: the dataset holds the fragment, the fragment the page (when
    it is not the first); how many match, counted up to the cap; its neighbours."""
    dataset, fragment, this = node(page.endpoint + "#dataset"), node(page.fragment), node(page.iri)
    count = pyoxigraph.Literal(str(found.total), datatype=XSD_INTEGER)
    triples = [pyoxigraph.Triple(dataset, node(VOID + "subset"), fragment)]
    if this != fragment:
        triples.append(pyoxigraph.Triple(fragment, node(VOID + "subset"), this))
    triples += [
        pyoxigraph.Triple(this, node(RDF + "type"), node(HYDRA + "PartialCollectionView")),
        pyoxigraph.Triple(this, node(HYDRA + "totalItems"), count),
        pyoxigraph.Triple(this, node(VOID + "triples"), count),
        pyoxigraph.Triple(
            this, node(HYDRA + "itemsPerPage"), pyoxigraph.Literal(str(size), datatype=XSD_INTEGER)
        ),
        pyoxigraph.Triple(this, node(HYDRA + "first"), fragment),
    ]
    if page.number > 1:
        previous = node(page.numbered(page.number - 1))
        triples.append(pyoxigraph.Triple(this, node(HYDRA + "previous"), previous))
    if found.more:
        following = node(page.numbered(page.number + 1))
        triples.append(pyoxigraph.Triple(this, node(HYDRA + "next"), following))
    return triples


def skolemised(quads: list[pyoxigraph.Quad], genid: str) -> list[pyoxigraph.Quad]:
    """Blank nodes as skolem IRIs: a client reads a blank node as local to the page it came on,
    so a join through one (an initiative's contact point and its address) found nothing."""

    def named(term: Any) -> Any:
        return node(genid + term.value) if isinstance(term, pyoxigraph.BlankNode) else term

    return [
        pyoxigraph.Quad(named(q.subject), q.predicate, named(q.object), q.graph_name) for q in quads
    ]


def body(published: ServedBuild, page: Page, found: Fragment, size: int, media: RdfMedia) -> bytes:
    """The page in `media`. With graphs (TriG, N-Quads) each quad stays in its graph and the
    metadata is in `{page}#metadata`, whose primary topic is the collection the page is a view
    of (what Comunica reads to tell metadata from data); in one graph, all of it together.
    Blank nodes are skolemised."""
    found = replace(found, quads=skolemised(found.quads, published.base + urls.GENID))
    this, fragment = node(page.iri), node(page.fragment)
    about = fragment if this != fragment else node(page.endpoint + "#dataset")
    described = metadata(page, found, size) + controls(page)
    if media in (TRIG, N_QUADS):
        graph = node(page.iri + "#metadata")
        meta = [pyoxigraph.Triple(graph, node(FOAF + "primaryTopic"), about), *described]
        quads = [
            *found.quads,
            *(pyoxigraph.Quad(t.subject, t.predicate, t.object, graph) for t in meta),
        ]
        if media is N_QUADS:
            return pyoxigraph.serialize(quads, format=media.oxigraph) or b""
        used = {t.value for q in quads for t in q if isinstance(t, pyoxigraph.NamedNode)}
        prefixes = {**published.prefixes, **PREFIXES}
        wanted = {p: ns for p, ns in prefixes.items() if any(i.startswith(ns) for i in used)}
        return pyoxigraph.serialize(quads, format=media.oxigraph, prefixes=wanted) or b""
    triples = list(dict.fromkeys([*(q.triple for q in found.quads), *described]))
    return serialize_triples(
        triples,
        media,
        {**published.prefixes, **PREFIXES},
        published.context,
        published.context_url,
    )
