"""A source graph that keeps the store's terms beside rdflib's: oxigraph parses a file, rdflib
holds it for linking and the rules, and the SHACL engine and the build's store take the
oxigraph terms the parser made instead of converting each triple back (about 5 µs a triple,
twice: most of what a build spent between parser and store)."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

import pyoxigraph
from rdflib import BNode, Graph, Node
from rdflib import Literal as RdfLiteral
from rdflib.namespace import XSD
from rdflib.plugins.stores.memory import SimpleMemory

from practicegraph.core.rdflib_oxigraph import (
    XSD_STRING,
    OxigraphTerm,
    named,
    oxigraph_term,
    rdflib_term,
)

OxigraphTriple = tuple[OxigraphTerm, OxigraphTerm, OxigraphTerm]
Triple = tuple[Node, Node, Node]
Pattern = tuple[Node | None, Node | None, Node | None]


class TwinMemory(SimpleMemory):
    """rdflib's plainest memory store, with the same triples as oxigraph terms: what was
    parsed, then what was added, converted as it comes; what was removed (a withheld contact)
    is taken out of the twin before anyone reads it. The twin may name a triple twice; stores
    keep it once. Changes and reads hold a lock: two threads reading a twin while removals are
    pending must not bring a removed triple back."""

    def __init__(self) -> None:
        super().__init__()
        self.kept: list[OxigraphTriple] = []
        self.removed: set[OxigraphTriple] = set()
        self.lock = threading.Lock()

    def parsed(self, triple: Triple, terms: OxigraphTriple, graph: Graph) -> None:
        """Add a triple with the terms it was parsed from (by the parser, before anyone else
        holds the graph: no lock)."""
        super().add(triple, graph)
        self.kept.append(terms)

    def add(self, triple: Triple, context: Graph, quoted: bool = False) -> None:
        subject, predicate, value = triple
        terms = (oxigraph_term(subject), oxigraph_term(predicate), oxigraph_term(value))
        with self.lock:
            super().add(triple, context, quoted)
            if self.removed:
                self.removed.discard(terms)  # added again: its earlier place in the twin holds
            self.kept.append(terms)

    def remove(self, triple_pattern: Pattern, context: Graph | None = None) -> None:
        with self.lock:
            gone = [triple for triple, _contexts in super().triples(triple_pattern, context)]
            super().remove(triple_pattern, context)
            for triple, terms in zip(gone, converted(gone), strict=True):
                if not self.holds_as(triple):
                    self.removed.add(terms)

    def holds_as(self, triple: Triple) -> bool:
        """Whether the graph still holds another triple that is this one as oxigraph's: rdflib
        tells "x" from "x"^^xsd:string, oxigraph does not."""
        subject, predicate, value = triple
        if not isinstance(value, RdfLiteral) or value.language:
            return False
        if value.datatype is None:
            other = RdfLiteral(str(value), datatype=XSD.string)
        elif value.datatype == XSD.string:
            other = RdfLiteral(str(value))
        else:
            return False
        return any(True for _ in super().triples((subject, predicate, other)))

    @property
    def twin(self) -> list[OxigraphTriple]:
        """The graph's triples as the oxigraph terms they were parsed or added as: a copy, which
        later changes to the graph leave as it was."""
        with self.lock:
            if self.removed:
                self.kept = [terms for terms in self.kept if terms not in self.removed]
                self.removed = set()
            return list(self.kept)


def parsed_graph() -> tuple[Graph, TwinMemory]:
    """An empty source graph with its twin: no contexts (a source file is one graph), and the
    file's own prefixes, not rdflib's thirty."""
    store = TwinMemory()
    return Graph(store=store, bind_namespaces="none"), store


def both(node: OxigraphTerm) -> tuple[Node, OxigraphTerm]:
    """A parsed term as rdflib's, and as oxigraph's term of that rdflib term: rdflib writes some
    typed literals in their canonical form ("01"^^xsd:integer as "1"), and the build has always
    published what rdflib holds. (`rdflib_term` inlined: this runs three times a triple.)"""
    kind = type(node)
    if kind is pyoxigraph.NamedNode:
        return named(node.value)
    if kind is pyoxigraph.BlankNode:
        return BNode(node.value), node
    if kind is pyoxigraph.Literal:
        value, language = node.value, node.language  # type: ignore[union-attr]
        if language:  # rdflib has no base direction ("x"@ar--rtl): the build holds it without
            term = RdfLiteral(value, lang=language)
            return term, (oxigraph_term(term) if getattr(node, "direction", None) else node)
        datatype = node.datatype.value  # type: ignore[union-attr]
        if datatype == XSD_STRING:
            return RdfLiteral(value), node
        term = RdfLiteral(value, datatype=datatype)
        return term, (node if str(term) == value else oxigraph_term(term))
    return rdflib_term(node), node  # raises: no RDF term


def oxigraph_triples(graph: Graph) -> Iterable[OxigraphTriple]:
    """The graph's triples as oxigraph terms: its twin where it has one, else converted."""
    store = graph.store
    if isinstance(store, TwinMemory):
        return store.twin
    return converted(graph)


def converted(triples: Iterable[Triple]) -> Iterator[OxigraphTriple]:
    for subject, predicate, value in triples:
        yield oxigraph_term(subject), oxigraph_term(predicate), oxigraph_term(value)
