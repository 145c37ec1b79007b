"""A source graph's twin: the oxigraph terms the build hands the SHACL engine and the store must
be exactly the rdflib graph's, converted, whatever was parsed, added or removed since."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.store import Store

from practicegraph.core.reading import parse_turtle_data
from practicegraph.core.twin_memory import TwinMemory, converted, oxigraph_triples

ODD = b"""@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
ex:s ex:p "01"^^xsd:integer, "1"^^xsd:boolean, "2020-01-01T00:00:00Z"^^xsd:dateTime,
    " 5 "^^xsd:int, "1E3"^^xsd:double, "abc"^^xsd:integer, "2020-1-1"^^xsd:date,
    "1.50"^^xsd:decimal, "x"^^xsd:string, "x", "x"@NL-be, "<b>x</b>"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#HTML> ;
  ex:q [ ex:r ex:o ; ex:n "Jan Janssens" ] , ex:o .
"""


def parsed() -> tuple[Graph, Store]:
    graph = parse_turtle_data(Path("odd.ttl"), ODD, "https://example.org/")
    return graph, graph.store


def test_the_twin_is_the_graph_converted_however_rdflib_wrote_a_literal() -> None:
    graph, store = parsed()
    assert isinstance(store, TwinMemory)
    twin = oxigraph_triples(graph)
    assert twin is store.twin  # the parser's terms, not a conversion
    assert set(twin) == set(converted(graph))
    values = {o for _s, _p, o in twin if isinstance(o, pyoxigraph.Literal)}
    integer = pyoxigraph.NamedNode(str(XSD.integer))
    assert pyoxigraph.Literal("1", datatype=integer) in values  # as rdflib holds it
    assert pyoxigraph.Literal("01", datatype=integer) not in values


def test_what_is_removed_leaves_the_twin_and_what_is_added_joins_it() -> None:
    graph, _store = parsed()
    card = next(o for o in graph.objects() if isinstance(o, BNode))
    name = Literal("Jan Janssens")
    graph.remove((card, None, None))  # as the personal-data rule takes a contact apart
    graph.add((card, URIRef("https://example.org/r"), URIRef("https://example.org/o")))
    twin = set(oxigraph_triples(graph))
    assert twin == set(converted(graph))
    assert all(o != pyoxigraph.Literal(str(name)) for _s, _p, o in twin)


def test_a_triple_removed_then_added_again_stays() -> None:
    graph, _store = parsed()
    triple = next(iter(graph))
    graph.remove(triple)
    graph.add(triple)
    assert set(oxigraph_triples(graph)) == set(converted(graph))
    graph.remove(triple)
    assert set(oxigraph_triples(graph)) == set(converted(graph))


def test_a_text_with_a_direction_is_held_as_rdflib_holds_it_and_removed_with_it() -> None:
    """rdflib drops a literal's base direction (RDF 1.2), so the store has always had the text
    without it; the twin must hold the same term, or the personal-data rule's removal of it
    would miss the parser's and the value would reach the store."""
    data = b'<https://example.org/s> <https://example.org/p> "Jan Janssens"@nl--ltr .'
    graph = parse_turtle_data(Path("direction.ttl"), data, "https://example.org/")
    assert set(oxigraph_triples(graph)) == set(converted(graph))
    graph.remove((None, None, Literal("Jan Janssens", lang="nl")))
    assert len(graph) == 0
    assert list(oxigraph_triples(graph)) == []
