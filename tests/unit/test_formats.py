"""The JSON-LD writer: whatever the graph, its output parses back, with the published context,
into the same graph; and it reads as words where the context has them. Turtle declares the
prefixes its IRIs use, and only those."""

from __future__ import annotations

import json

import pyoxigraph
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from practicegraph.builder.generate.context import context
from practicegraph.core import turtle
from practicegraph.core.compactor import Compactor, _order, graph_document
from practicegraph.core.formats import (
    JSON_LD,
    TURTLE,
    About,
    compactor_for,
    serialize_triples,
    used_prefixes,
)
from practicegraph.core.vocab import Minted

BASE = "http://localhost:8000/"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
PREFIXES = f"""@prefix pg: <{BASE}ns/praktijk#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix schema: <http://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
CASES = {
    "words": f'<{BASE}id/praktijk/a> a pg:Practice ; dct:title "Titel"@nl, "Title"@en ; '
    'dct:identifier "a" ; pg:referenceDate "2025-01-01"^^xsd:date .',
    "lists": '<http://example.org/p> pg:goals ("een"@nl "twee"@en 3) ; pg:challenges () .',
    "two lists": "ex:p pg:goals (1 2), (3) .",
    "blank nodes": "ex:p ex:q [ ex:r [ ex:s 1 ] ] . _:shared ex:t 1 . ex:a ex:u _:shared . "
    "ex:b ex:u _:shared .",
    "a cycle of blank nodes": "_:x ex:next _:y . _:y ex:next _:x .",
    "mismatched coercions": 'ex:p schema:position "x" ; pg:referenceDate "2025"^^xsd:gYear ; '
    'dct:source "not an IRI" ; pg:municipality _:m . _:m rdfs:label "M" .',
    "no term": 'ex:p ex:plain "string" ; ex:nl "tekst"@nl ; ex:typed "1"^^xsd:decimal ; '
    "ex:iri ex:o ; rdf:type _:t .",
    "ill-typed numbers": 'ex:p ex:n "5\\n"^^xsd:integer, "true\\n"^^xsd:boolean .',
    "a literal list item and a broken list": "ex:p pg:goals _:l . _:l rdf:first 1 ; "
    "rdf:rest _:l2 ; ex:extra 2 . _:l2 rdf:first 2 ; rdf:rest rdf:nil .",
}


def minted_context() -> dict[str, object]:
    return context(Minted(BASE))


def parsed_back(written: dict[str, object]) -> Graph:
    written = {**written, "@context": minted_context()["@context"]}
    quads = pyoxigraph.parse(json.dumps(written), format=pyoxigraph.RdfFormat.JSON_LD)
    return Graph().parse(data="\n".join(f"{q.triple} ." for q in quads), format="nt")


@pytest.mark.parametrize("name", sorted(CASES))
def test_json_ld_parses_back_into_the_same_graph(name: str) -> None:
    turtle = PREFIXES + CASES[name]
    triples = [q.triple for q in pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE)]
    written = graph_document(Compactor(minted_context()), triples, f"{BASE}context/v1.jsonld")
    expected = Graph().parse(data=turtle, format="turtle")
    assert isomorphic(parsed_back(written), expected), json.dumps(written, indent=1)


def test_json_ld_reads_as_words() -> None:
    turtle = PREFIXES + CASES["words"] + CASES["lists"]
    triples = [q.triple for q in pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE)]
    nodes = graph_document(Compactor(minted_context()), triples, "")["@graph"]
    practice, other = nodes[1], nodes[0]
    assert practice["id"] == "praktijk:a"
    assert practice["type"] == "Practice"
    assert practice["title"] == {"en": "Title", "nl": "Titel"}, "a language map"
    assert practice["identifier"] == "a", "a plain string under a term without language"
    assert practice["referenceDate"] == "2025-01-01", "the term's type says it is a date"
    assert other["goals"] == [
        "een",
        {"@value": "twee", "@language": "en"},
        {"@value": "3", "@type": "xsd:integer"},
    ]


def test_framed_json_ld_writes_only_safe_integers_as_numbers() -> None:
    """A JSON number past 2^53 is rounded by most readers (I-JSON), and a digit Python reads
    as one ("²") is no integer: both stay typed strings, and nothing fails on them."""
    root = f"{BASE}id/praktijk/a"
    turtle = PREFIXES + (
        f'<{root}> a pg:Practice ; dct:title "a" . '
        f"ex:i1 dct:source <{root}> ; schema:position 7 . "
        f"ex:i2 dct:source <{root}> ; schema:position 9007199254740993 . "
        f'ex:i3 dct:source <{root}> ; schema:position "²"^^xsd:integer . '
        f'ex:i4 dct:source <{root}> ; schema:position "{"9" * 5000}"^^xsd:integer .'
    )
    triples = [q.triple for q in pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE)]
    minted = Minted(BASE)
    body = serialize_triples(
        triples, JSON_LD, {}, minted_context(), f"{BASE}context/v1.jsonld", About(root, minted)
    )
    written = json.loads(body)
    positions = [part.get("position") for part in written["initiatives"]]
    assert 7 in positions
    assert not any(isinstance(p, int) and p > 2**53 for p in positions), positions
    expected = Graph().parse(data=turtle, format="turtle")
    assert isomorphic(parsed_back(written), expected)


def test_the_prefixes_used_are_those_some_iri_starts_with() -> None:
    prefixes = {
        "ex": "http://example.org/",
        "exa": "http://example.org/a/",
        "exb": "http://example.org/b#",
        "other": "http://other.org/",
        "z": "urn:z:",
    }
    cases: list[set[str]] = [
        set(),
        {"http://example.org/"},
        {"http://example.org/a/1", "http://example.org/b"},
        {"http://example.org/b#x", "urn:z:", "http://other.org"},
        {"http://example.org/a", "http://example.org/a/"},
    ]
    for iris in cases:
        naive = {p: ns for p, ns in prefixes.items() if any(i.startswith(ns) for i in iris)}
        assert used_prefixes(prefixes, iris) == naive, iris


@pytest.mark.parametrize("depth", [300, 2000])
@pytest.mark.parametrize("framed", [False, True], ids=["graph", "framed"])
def test_json_ld_of_deeply_nested_blank_nodes_is_written_and_parses_back(
    depth: int, framed: bool
) -> None:
    """A CONSTRUCT can nest blank nodes as deep as its query is long (`[ ex:p [ ex:p …`): a
    JSON writer refuses past 254 levels of nesting, and Python recursion past some hundreds. So
    blank nodes deeper than a bound are written by their identifier, and the graph is the same."""
    root = f"{BASE}id/praktijk/a"
    turtle = PREFIXES + f"<{root}> ex:p " + "[ ex:p " * depth + "1" + " ]" * depth + " ."
    triples = [q.triple for q in pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE)]
    about = About(root, Minted(BASE)) if framed else None
    body = serialize_triples(
        triples, JSON_LD, {}, minted_context(), f"{BASE}context/v1.jsonld", about
    )
    written = {**json.loads(body), "@context": minted_context()["@context"]}
    found = [
        q.triple for q in pyoxigraph.parse(json.dumps(written), format=pyoxigraph.RdfFormat.JSON_LD)
    ]
    assert len(found) == len(triples)
    following = {t.subject: t for t in found}
    assert len(following) == len(found), "one triple from each node"
    node = pyoxigraph.NamedNode(root)
    for _ in range(depth):
        node = following[node].object
        assert isinstance(node, pyoxigraph.BlankNode)
    assert following[node].object == pyoxigraph.Literal(
        "1", datatype=pyoxigraph.NamedNode(XSD_INTEGER)
    )


def test_a_long_list_stays_one_json_array() -> None:
    """The bound on nesting counts blank nodes in one another, not the items of a list."""
    items = " ".join(f'"{n}"' for n in range(500))
    turtle = PREFIXES + f"ex:p pg:goals ({items}) ."
    triples = [q.triple for q in pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE)]
    written = graph_document(Compactor(minted_context()), triples, "")
    goals = written["@graph"][0]["goals"]
    assert [item["@value"] for item in goals] == [str(n) for n in range(500)]


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_documents_turtle_parses_back_into_the_same_graph(name: str) -> None:
    """The readable writer nests blank nodes under the one subject that uses each; a blank node
    that no IRI leads to (a cycle of them) has no such subject, and must not be left out."""
    turtle = PREFIXES + CASES[name]
    triples = [q.triple for q in pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE)]
    about = About(f"{BASE}id/praktijk/a", Minted(BASE))
    prefixes = {"ex": "http://example.org/"}
    body = serialize_triples(triples, TURTLE, prefixes, minted_context(), "", about)
    expected = Graph().parse(data=turtle, format="turtle")
    assert isomorphic(Graph().parse(data=body, format="turtle"), expected), body.decode()


def test_framed_json_ld_writes_a_boolean_as_a_number_never() -> None:
    """ "1" is a boolean's lexical form as well as an integer's: written as the number 1 under a
    term without a type, it read back as an integer."""
    root = f"{BASE}id/praktijk/a"
    turtle = PREFIXES + (
        f'<{root}> a pg:Practice ; dct:identifier "1"^^xsd:boolean ; ex:b "0"^^xsd:boolean ; '
        'pg:truncated "true"^^xsd:boolean ; schema:position "1"^^xsd:boolean .'
    )
    triples = [q.triple for q in pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE)]
    body = serialize_triples(triples, JSON_LD, {}, minted_context(), "", About(root, Minted(BASE)))
    expected = Graph().parse(data=turtle, format="turtle")
    assert isomorphic(parsed_back(json.loads(body)), expected), body.decode()


def test_long_iris_are_written_but_never_remembered() -> None:
    """The writers remember how the IRIs that recur are written; a query's answer of long
    made-up IRIs must not grow that memory (a query worker past its memory bound restarts)."""
    minted = Minted(BASE)
    long = [f"http://example.org/{'x' * 5000}/{n}" for n in range(50)]
    triples = [
        pyoxigraph.Triple(
            pyoxigraph.NamedNode(iri),
            pyoxigraph.NamedNode(iri + "p"),
            pyoxigraph.Literal("v", datatype=pyoxigraph.NamedNode(iri + "d")),
        )
        for iri in long
    ]
    compactor = Compactor(minted_context())
    written = graph_document(compactor, triples, f"{BASE}context/v1.jsonld")
    expected = Graph().parse(data="\n".join(f"{t} ." for t in triples), format="nt")
    assert isomorphic(parsed_back(written), expected)
    assert all(len(iri) <= 512 for iri, _vocab in compactor.compacted)
    assert all(len(shape[0]) <= 512 for shape in compactor.literal_shapes)
    body = serialize_triples(
        triples, TURTLE, {}, minted_context(), f"{BASE}context/v1.jsonld", About(long[0], minted)
    )
    assert isomorphic(Graph().parse(data=body, format="turtle"), expected)
    for names in (turtle.names(BASE, (), False), turtle.names(BASE, (), True)):
        assert all(len(iri) <= 512 for iri in names.known)


def test_framed_json_ld_embeds_a_resource_linked_twice_alike_in_any_order() -> None:
    """A place that is both an initiative's lead municipality and one of its municipalities is
    embedded at its first use: the same one whatever order the store gives the triples in (the
    store on disk and its copy in memory give them in different orders)."""
    root = f"{BASE}id/praktijk/a"
    turtle = PREFIXES + (
        f'<{root}> a pg:Practice ; dct:title "a" . '
        f"ex:i1 dct:source <{root}> ; pg:municipality ex:m, ex:n ; pg:leadMunicipality ex:m . "
        'ex:m rdfs:label "M" . ex:n rdfs:label "N" ; ex:next ex:m .'
    )
    triples = [q.triple for q in pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE)]
    context_url, about = f"{BASE}context/v1.jsonld", About(root, Minted(BASE))
    written = {
        serialize_triples(order, JSON_LD, {}, minted_context(), context_url, about)
        for order in (triples, triples[::-1], sorted(triples, key=str))
    }
    assert len(written) == 1, written
    expected = Graph().parse(data=turtle, format="turtle")
    assert isomorphic(parsed_back(json.loads(written.pop())), expected)


def test_a_turtle_string_escapes_what_the_table_escapes_and_nothing_else() -> None:
    """The quick path (no character to escape) and the table agree for every character of the
    first planes Turtle treats apart, alone and inside a text."""
    for code in [*range(0x300), 0x2028, 0xFEFF, 0x1F600]:
        for text in (chr(code), f"ab{chr(code)}cd"):
            assert turtle.quoted(text) == '"' + text.translate(turtle.ESCAPES) + '"'


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@given(st.lists(JSON_VALUES, min_size=2, max_size=6))
def test_values_sort_as_their_json_with_sorted_keys(values: list[object]) -> None:
    """Several values of a property are written in the order of `json.dumps(sort_keys=True)`;
    the quicker key (orjson's bytes) gives the same order, so the documents stay the same."""
    by_json = sorted(values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    assert sorted(values, key=_order) == by_json


def test_a_context_equal_to_another_gets_its_compactor() -> None:
    """Compactors are found by the context object first, then by its text: an equal context in
    another object (a dump's, made afresh) shares the compactor and its memory."""
    first, second = minted_context(), minted_context()
    assert first is not second
    assert compactor_for(first) is compactor_for(second) is compactor_for(first)
