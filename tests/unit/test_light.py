"""The recogniser of queries that cannot run away: the two shapes it takes, and every near miss
(a query one step from them that could run away, or that the lexer and the engine could read
differently) named and sent to the pool."""

from __future__ import annotations

import pytest

from practicegraph.store.light import cannot_run_away

PREFIX = "PREFIX ex: <http://example.org/>\n"
RECOGNISED = {
    "DESCRIBE an IRI": "DESCRIBE <http://example.org/a>",
    "DESCRIBE a relative IRI": "DESCRIBE <id/praktijk/a>",
    "DESCRIBE a prefixed name": PREFIX + "describe ex:a",
    "DESCRIBE after BASE and PREFIX": "BASE <http://x/> PREFIX : <http://y/>\nDESCRIBE :a",
    "DESCRIBE with a comment": "# who is a?\nDESCRIBE <http://example.org/a> # that's all",
    "SELECT two variables": "SELECT ?p ?o WHERE { <http://example.org/a> ?p ?o }",
    "SELECT * without WHERE": "SELECT * { <http://example.org/a> ?p ?o }",
    "SELECT with $ variables": "SELECT $p { <http://example.org/a> $p ?o }",
    "SELECT with the dot": PREFIX + "SELECT ?o { ex:a ex:p ?o. }",
    "SELECT the type": PREFIX + "select ?c where { ex:a a ?c }",
    "SELECT a constant object": PREFIX + "SELECT ?p { ex:a ?p ex:b }",
    "SELECT a string object": 'SELECT ?p { <a> ?p "x \\"y\\"" }',
    "SELECT a language string": "SELECT ?p { <a> ?p 'x'@nl-BE }",
    "SELECT a typed string": PREFIX + 'SELECT ?p { <a> ?p "1"^^ex:int }',
    "SELECT a string holding braces": 'SELECT ?p { <a> ?p "} UNION { ?s ?p ?o" }',
    "SELECT with LIMIT": "SELECT * { <a> ?p ?o } LIMIT 10",
    "SELECT with OFFSET then LIMIT": "SELECT * { <a> ?p ?o } OFFSET 5 LIMIT 10",
    "SELECT with LIMIT then OFFSET": "SELECT * { <a> ?p ?o } LIMIT 10 OFFSET 5",
    "SELECT a comment hiding a second pattern": "SELECT * { <a> ?p ?o # . ?s ?p ?o\n}",
    "SELECT written tight": "SELECT*{<a>?p?o}LIMIT 1",
}
NEAR_MISSES = {
    "a variable subject": "SELECT * { ?s ?p ?o }",
    "a blank node subject": "SELECT * { _:b ?p ?o }",
    "an anonymous subject": "SELECT * { [] ?p ?o }",
    "a literal subject": 'SELECT * { "a" ?p ?o }',
    "two patterns": "SELECT * { <a> ?p ?o . <b> ?q ?r }",
    "two patterns after a dot": "SELECT * { <a> ?p ?o . ?o ?q ?r }",
    "a predicate list": "SELECT * { <a> ?p ?o ; ?q ?r }",
    "an object list": "SELECT * { <a> ?p ?o , ?r }",
    "FROM": "SELECT * FROM <http://g/> { <a> ?p ?o }",
    "FROM NAMED": "SELECT * FROM NAMED <http://g/> { <a> ?p ?o }",
    "DESCRIBE FROM": "DESCRIBE <a> FROM <http://g/>",
    "SERVICE": "SELECT * { SERVICE <http://x/> { <a> ?p ?o } }",
    "GRAPH": "SELECT * { GRAPH ?g { <a> ?p ?o } }",
    "FILTER": "SELECT * { <a> ?p ?o FILTER(?o) }",
    "OPTIONAL": "SELECT * { <a> ?p ?o OPTIONAL { ?o ?q ?r } }",
    "BIND": "SELECT * { <a> ?p ?o BIND(1 AS ?x) }",
    "VALUES": "SELECT * { <a> ?p ?o } VALUES ?o { 1 }",
    "a subquery": "SELECT * { { SELECT * { ?s ?p ?o } } }",
    "a nested group": "SELECT * { { <a> ?p ?o } }",
    "UNION": "SELECT * { { <a> ?p ?o } UNION { ?s ?p ?o } }",
    "a sequence path": "SELECT * { <a> <p>/<q> ?o }",
    "an alternative path": "SELECT * { <a> <p>|<q> ?o }",
    "an inverse path": "SELECT * { <a> ^<p> ?o }",
    "a repeated path": "SELECT * { <a> <p>* ?o }",
    "a negated path": "SELECT * { <a> !<p> ?o }",
    "DISTINCT": "SELECT DISTINCT ?o { <a> ?p ?o }",
    "ORDER BY": "SELECT * { <a> ?p ?o } ORDER BY ?o",
    "GROUP BY": "SELECT ?p { <a> ?p ?o } GROUP BY ?p",
    "an expression": "SELECT (COUNT(*) AS ?n) { <a> ?p ?o }",
    "LIMIT without a number": "SELECT * { <a> ?p ?o } LIMIT",
    "OFFSET without a number": "SELECT * { <a> ?p ?o } LIMIT 1 OFFSET",
    "two LIMITs": "SELECT * { <a> ?p ?o } LIMIT 1 LIMIT 2",
    "CONSTRUCT": "CONSTRUCT WHERE { <a> ?p ?o }",
    "ASK": "ASK { <a> ?p ?o }",
    "DESCRIBE with WHERE": "DESCRIBE ?s WHERE { ?s ?p ?o }",
    "DESCRIBE of two": "DESCRIBE <a> <b>",
    "DESCRIBE *": "DESCRIBE * { ?s ?p ?o }",
    "DESCRIBE of a variable": "DESCRIBE ?s",
    "a comment hiding the closing brace": "SELECT * { <a> ?p ?o # }\n. ?s ?p ?o }",
    "a comment hiding a group": "SELECT * { <a> ?p ?o } # } {\n{ ?s ?p ?o }",
    "a string hiding DESCRIBE": 'SELECT * { ?s ?p "DESCRIBE <a>" }',
    "a string that does not close": 'SELECT * { <a> ?p "x\\" }',
    "a long string": "SELECT * { <a> ?p '''x''' }",
    "an IRI that does not close": "SELECT * { <a ?p ?o }",
    "a \\u escape": "SELECT * { <a> ?p ?o \\u007D . ?s ?p ?o }",
    "a line separator in a comment": "SELECT * { <a> ?p ?o #\u2028 . ?s ?p ?o\n}",
    "a form feed": "SELECT * {\f<a> ?p ?o }",
    "a prefixed name with an escape": "SELECT * { ex:a\\.b ?p ?o }",
    "a variable with a hyphen": "SELECT * { <a> ?p-1 ?o }",
    "a number object": "SELECT * { <a> ?p 1 }",
    "a keyword in Unicode": "ſELECT * { <a> ?p ?o }",
    "PREFIX without its IRI": "PREFIX ex: DESCRIBE ex:a",
    "BASE without its IRI": "BASE DESCRIBE <a>",
    "an update": "INSERT DATA { <a> <p> <o> }",
    "nothing": "",
}


@pytest.mark.parametrize("query", RECOGNISED.values(), ids=RECOGNISED.keys())
def test_a_query_that_cannot_run_away_is_recognised(query: str) -> None:
    assert cannot_run_away(query)


@pytest.mark.parametrize("query", NEAR_MISSES.values(), ids=NEAR_MISSES.keys())
def test_a_near_miss_goes_to_the_pool(query: str) -> None:
    assert not cannot_run_away(query)
