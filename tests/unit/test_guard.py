"""The SERVICE, FROM and query-form detector: no SERVICE the engine would run is missed."""

from __future__ import annotations

import pytest

from practicegraph.store.guard import (
    answers_with_triples,
    code_only,
    names_its_dataset,
    uses_service,
)

SERVICE_TABLE = [
    ("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", True),
    ("select * where { service<http://x/>{?s ?p ?o} }", True),
    ("SELECT * WHERE { SERVICE SILENT <http://x/> { ?s ?p ?o } }", True),
    ("SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }", True),
    ("SELECT * WHERE { \\u0053ERVICE <http://x/> {} }", True),
    ('SELECT * WHERE { ?s ?p ?o # "\n SERVICE <http://x/> {} }', True),
    ("SELECT * WHERE { ?s ?p '''\n''' . SERVICE <http://x/> {} }", True),
    ("SELECT * WHERE { ?a ?b ?c FILTER(?a<?b) SERVICE<http://e/> {} }", True),
    ('SELECT * WHERE { ?s ?p "SERVICE" }', False),
    ("SELECT * WHERE { ?s ?p 'a SERVICE b' }", False),
    ("SELECT * WHERE { ?s ?p ?o } # SERVICE", False),
    ("SELECT ?SERVICE WHERE { ?SERVICE ?p ex:SERVICE }", False),
    ("SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }", False),
]


@pytest.mark.parametrize(("query", "expected"), SERVICE_TABLE)
def test_service_detection(query: str, expected: bool) -> None:
    assert uses_service(query) is expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * FROM <http://x/> WHERE { ?s ?p ?o }", True),
        ("SELECT * from named <http://x/> WHERE { GRAPH ?g { ?s ?p ?o } }", True),
        ('SELECT * WHERE { ?s ?p "FROM" }', False),
        ("SELECT ?from WHERE { ?from ?p ?o }", False),
    ],
)
def test_dataset_clause_detection(query: str, expected: bool) -> None:
    assert names_its_dataset(query) is expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", True),
        ("PREFIX select: <http://x/> BASE <http://y/> describe <z>", True),
        ("construct WHERE { ?s a ?c }", True),
        (
            "CONSTRUCT { ?s ?p ?n } WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } } }",
            True,
        ),
        ("# CONSTRUCT\nSELECT * WHERE { ?s ?p 'CONSTRUCT' }", False),
        ("SELECT ?construct WHERE { ?construct ?p <http://x/DESCRIBE> }", False),
        ("ASK { ?s ?p ?o }", False),
    ],
)
def test_query_form_detection(query: str, expected: bool) -> None:
    """Which format a remote store is asked to answer in."""
    assert answers_with_triples(query) is expected


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ('"a\\' * 5_000, " \\"),
        ("'''" + "a''" * 5_000, " "),
        ('SELECT "open\nASK', "SELECT  \nASK"),
        ("a" * 20_000, "a" * 20_000),
        ("ex:" + "a" * 20_000 + " SELECT", "  SELECT"),
    ],
    ids=["open-string", "open-long-string", "string-ends-at-the-line", "one-word", "long-name"],
)
def test_every_character_is_read_once(query: str, code: str) -> None:
    """A string without its closing quote runs to the end of its line (or, long, of the query),
    and a word is one token: sought again from each character, 20,000 characters of these took
    the server process a second and more (the parser refuses such a query anyway)."""
    assert code_only(query) == code
