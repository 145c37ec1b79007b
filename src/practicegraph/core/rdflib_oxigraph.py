"""Terms between the build's graph type (rdflib) and the store's (pyoxigraph): the one
conversion between them."""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph
from rdflib import BNode, Node, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import XSD

XSD_STRING = str(XSD.string)


OxigraphTerm = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal


@lru_cache(maxsize=1 << 16)
def named(value: str) -> tuple[URIRef, pyoxigraph.NamedNode]:
    """An IRI in both forms, one object of each (most recur thousands of times)."""
    return URIRef(value), pyoxigraph.NamedNode(value)


def rdflib_term(node: OxigraphTerm | pyoxigraph.Triple | pyoxigraph.DefaultGraph) -> Node:
    """pyoxigraph → rdflib; IRIs are shared objects (most recur thousands of times)."""
    if isinstance(node, pyoxigraph.NamedNode):
        return named(node.value)[0]
    if isinstance(node, pyoxigraph.BlankNode):
        return BNode(node.value)
    if isinstance(node, pyoxigraph.Literal):
        if node.language:
            return RdfLiteral(node.value, lang=node.language)
        datatype = node.datatype.value
        return RdfLiteral(node.value, datatype=None if datatype == XSD_STRING else datatype)
    raise TypeError(f"not an RDF term: {node!r}")


def oxigraph_term(term: Node) -> OxigraphTerm:
    """rdflib → pyoxigraph: between the build's and the store's graph types."""
    if isinstance(term, URIRef):
        return named(str(term))[1]
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, RdfLiteral):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        datatype = named(str(term.datatype))[1] if term.datatype else None
        return pyoxigraph.Literal(str(term), datatype=datatype)
    raise TypeError(f"not an RDF term: {term!r}")


def oxigraph_triple(triple: tuple[Node, Node, Node]) -> pyoxigraph.Triple:
    """An rdflib triple as the store's."""
    subject, predicate, value = (oxigraph_term(term) for term in triple)
    return pyoxigraph.Triple(subject, predicate, value)  # type: ignore[arg-type]
