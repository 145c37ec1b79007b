"""The event stream's fingerprints are kept by earlier builds: each term is written exactly as
`json.dumps(term.n3())` wrote it, however it is worked out now."""

from __future__ import annotations

import json

import pytest
from rdflib import Literal, Node, URIRef
from rdflib.namespace import XSD

from practicegraph.builder.freeze.ldes.digests import quoted

TERMS = [
    URIRef("https://example.org/id/praktijk/één"),
    URIRef("http://schema.org/name"),
    Literal("plain"),
    Literal('with "quotes" and \\ backslash'),
    Literal("two\nlines\r\tand a tab"),
    Literal('ends with a quote"\nand a line'),
    Literal("Ça va, 𝄞 \u2028"),
    Literal("Gent", lang="nl"),
    Literal("5", datatype=XSD.integer),
    Literal("2024-01-01", datatype=XSD.date),
    Literal("INF", datatype=XSD.double),
]


@pytest.mark.parametrize("term", TERMS)
def test_a_term_is_written_as_fingerprints_were_first_written(term: Node) -> None:
    assert quoted(term) == json.dumps(term.n3())
    assert quoted(term) == json.dumps(term.n3())  # and again, when remembered
