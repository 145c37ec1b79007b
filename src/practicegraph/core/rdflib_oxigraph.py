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
def iri(value: str) -> URIRef:
    """An IRI as rdflib's, one object for each (most recur thousands of times)."""
    return URIRef(value)


def rdflib_term(node: OxigraphTerm | pyoxigraph.Triple | pyoxigraph.DefaultGraph) -> Node:
    """pyoxigraph → rdflib; IRIs are shared objects (most recur thousands of times)."""
    if isinstance(node, pyoxigraph.NamedNode):
        return iri(node.value)
    if isinstance(node, pyoxigraph.BlankNode):
        return BNode(node.value)
    if isinstance(node, pyoxigraph.Literal):
        if node.language:
            return RdfLiteral(node.value, lang=node.language)
        datatype = node.datatype.value
        return RdfLiteral(node.value, datatype=None if datatype == XSD_STRING else datatype)
    raise TypeError(f"not an RDF term: {node!r}")


@lru_cache(maxsize=1 << 16)
def _named(value: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(value)


def oxigraph_term(term: Node) -> OxigraphTerm:
    """rdflib → pyoxigraph: between the build's and the store's graph types."""
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, RdfLiteral):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        datatype = _named(str(term.datatype)) if term.datatype else None
        return pyoxigraph.Literal(str(term), datatype=datatype)
    raise TypeError(f"not an RDF term: {term!r}")


def oxigraph_triple(triple: tuple[Node, Node, Node]) -> pyoxigraph.Triple:
    """An rdflib triple as the store's."""
    subject, predicate, value = (oxigraph_term(term) for term in triple)
    return pyoxigraph.Triple(subject, predicate, value)  # type: ignore[arg-type]
