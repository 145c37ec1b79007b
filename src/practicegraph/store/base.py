"""What the web asks of a store, and the typed answers and failures it gets back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import pyoxigraph

from practicegraph.core.document_kinds import Growing

RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABELS = tuple(
    pyoxigraph.NamedNode(iri)
    for iri in (
        "http://www.w3.org/2004/02/skos/core#prefLabel",
        "http://www.w3.org/2000/01/rdf-schema#label",
        "http://purl.org/dc/terms/title",
        "http://xmlns.com/foaf/0.1/name",
        "http://schema.org/name",
    )
)
"""What a description adds of each resource it links to, so that links read as names."""


def classes(iri: str, triples: list[pyoxigraph.Triple]) -> set[str]:
    """The classes the triples give the resource."""
    node = pyoxigraph.NamedNode(iri)
    return {
        t.object.value
        for t in triples
        if t.subject == node
        and t.predicate == RDF_TYPE
        and isinstance(t.object, pyoxigraph.NamedNode)
    }


def named(iri: str) -> pyoxigraph.NamedNode | None:
    """The IRI as a term, or None when it is not a valid IRI (then nothing can describe it)."""
    try:
        return pyoxigraph.NamedNode(iri)
    except ValueError:
        return None


@dataclass(frozen=True)
class QueryJob:
    """One SPARQL request, with the formats the client accepts for each kind of answer."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    results_media: str | None = None
    """Chosen SPARQL results type for SELECT/ASK, or None when the client accepts none."""
    rdf_media: str | None = None
    """Chosen RDF type for CONSTRUCT/DESCRIBE, or None when the client accepts none."""
    base_iri: str | None = None
    """What relative IRIs of a query without BASE resolve against: the endpoint's own IRI, as
    RFC 3986 §5.1.3 takes the retrieval URI for the base, so `<ns/praktijk#>` works here."""


@dataclass(frozen=True)
class QueryAnswer:
    body: bytes
    media_type: str
    truncated_at: int | None = None
    """The row (or triple) limit the answer was cut at, or None when it is complete."""


Subject = pyoxigraph.NamedNode | pyoxigraph.BlankNode
Object = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal


@dataclass(frozen=True)
class QuadPattern:
    """What a pattern fragment asks for; None is a variable. The graph is a named graph, the
    default graph (the union of the named graphs, as SPARQL sees it here) or None: any named
    graph, each quad in its own."""

    subject: Subject | None = None
    predicate: pyoxigraph.NamedNode | None = None
    object: Object | None = None
    graph: pyoxigraph.NamedNode | pyoxigraph.DefaultGraph | None = None


@dataclass(frozen=True)
class Fragment:
    """One page of the quads that match a pattern, and how many match: counted up to `cap`, so
    that no request reads more than that to count (`total == cap` means at least so many)."""

    quads: list[pyoxigraph.Quad]
    total: int
    cap: int
    more: bool
    """Whether a next page exists."""


@dataclass
class QueryError(Exception):
    """A query the store will not or could not answer; `status` is the HTTP status it maps to."""

    status: int
    message: str
    offered: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


class Store(Protocol):
    """The read-only view of one build that the web app works against."""

    def describe(self, *iris: str) -> list[pyoxigraph.Triple]:
        """Concise bounded description (blank nodes followed) plus labels of what it links to;
        of several resources at once where a page needs them (one round trip to a remote store)."""
        ...

    def incoming(self, iri: str, limit: int, labelled: bool = True) -> list[pyoxigraph.Triple]:
        """Triples that point at the resource, at most `limit`, plus (if `labelled`) labels of
        their subjects."""
        ...

    def description_page(
        self, iri: str, shapes: Mapping[str, Growing], page: int, size: int
    ) -> tuple[list[pyoxigraph.Triple], bool]:
        """The resource's document (document_shapes): its description, and for a resource
        whose parts grow without bound, page `page` (from 1) of `size` parts in IRI order; and
        whether a next page exists. As few round trips as the store allows: one for most."""
        ...

    def labels(self, *iris: str) -> list[pyoxigraph.Triple]:
        """The names of the resources (LABELS), so that links to them read as words."""
        ...

    def graph(self, name: str) -> list[pyoxigraph.Triple]:
        """The triples of one named graph."""
        ...

    def graph_names(self) -> list[str]: ...

    def instances(self, class_iri: str, limit: int) -> list[str]:
        """IRIs typed with the class, at most `limit`."""
        ...

    def fragment(self, pattern: QuadPattern, page: int, size: int) -> Fragment:
        """Page `page` (from 1) of `size` quads that match the pattern, in the store's order."""
        ...

    async def query(self, job: QueryJob) -> QueryAnswer: ...

    async def ready(self) -> None:
        """Raise when the store cannot answer. Never behind public queries: a check that waited
        for them would let one client's runaway queries take every replica out of service."""
        ...

    def workers_alive(self) -> tuple[int, int] | None:
        """Query worker processes alive, of how many; None where the store runs none."""
        ...

    async def start(self) -> None: ...

    async def close(self) -> None: ...
