"""Engines' SPARQL JSON made standard: what Virtuoso 7 wrote in the remote-store tests, read as
the standard means it, and a standard answer left byte for byte as it came."""

from __future__ import annotations

import pyoxigraph

from practicegraph.store.results import standard

VIRTUOSO_ROWS = b"""{ "head": { "link": [], "vars": ["s", "b", "n", "t"] },
  "results": { "distinct": false, "ordered": true, "bindings": [
    { "s": { "type": "uri", "value": "http://x/a" },
      "b": { "type": "bnode", "value": "nodeID://b10016" },
      "n": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer",
             "value": "3" },
      "t": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#boolean",
             "value": "1" } },
    { "s": { "type": "uri", "value": "http://x/b" },
      "b": { "type": "bnode", "value": "nodeID://b10016" },
      "t": { "type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#boolean",
             "value": "0" } } ] } }"""

VIRTUOSO_ASK = b"""{ "head": { "link": [], "vars": ["__ASK_RETVAL"] },
  "results": { "distinct": false, "ordered": true, "bindings": [
    { "__ASK_RETVAL": { "type": "typed-literal",
      "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "0" }} ] } }"""

XSD = "http://www.w3.org/2001/XMLSchema#"


def parsed(body: bytes) -> pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean:
    return pyoxigraph.parse_query_results(body, format=pyoxigraph.QueryResultsFormat.JSON)


def test_virtuoso_rows_read_as_the_standard_means_them() -> None:
    solutions = parsed(standard(VIRTUOSO_ROWS))
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    first, second = list(solutions)
    assert isinstance(first["b"], pyoxigraph.BlankNode)
    assert first["b"] == second["b"], "one label, one blank node"
    assert first["n"] == pyoxigraph.Literal("3", datatype=pyoxigraph.NamedNode(XSD + "integer"))
    boolean = pyoxigraph.NamedNode(XSD + "boolean")
    assert first["t"] == pyoxigraph.Literal("true", datatype=boolean)
    assert second["t"] == pyoxigraph.Literal("false", datatype=boolean)


def test_an_ask_written_as_a_table_is_a_boolean() -> None:
    answer = parsed(standard(VIRTUOSO_ASK))
    assert isinstance(answer, pyoxigraph.QueryBoolean)
    assert bool(answer) is False


def test_a_standard_answer_is_left_as_it_came() -> None:
    body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"bnode","value":"b0"}}]}}'
    assert standard(body) is body
    assert standard(b"not json, with nodeID://") == b"not json, with nodeID://"
