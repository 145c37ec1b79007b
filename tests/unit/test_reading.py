"""Reading reference files strictly: a broken line is named by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from practicegraph.core.reading import SourceError, parse_ntriples, parse_turtle

GOOD = '<https://example.org/a> <https://example.org/p> "één"@nl .\n'


def test_a_code_list_is_read_with_its_terms(tmp_path: Path) -> None:
    path = tmp_path / "list.nt"
    path.write_text(GOOD, encoding="utf-8")
    graph = parse_ntriples(path)
    assert set(graph) == {
        (
            URIRef("https://example.org/a"),
            URIRef("https://example.org/p"),
            Literal("één", lang="nl"),
        )
    }


def test_a_broken_line_of_a_code_list_is_named(tmp_path: Path) -> None:
    path = tmp_path / "list.nt"
    path.write_text(GOOD + GOOD + "<https://example.org/b> <p> .\n", encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        parse_ntriples(path)
    assert (raised.value.path, raised.value.line) == (path, 3)
    assert "N-Triples syntax error" in str(raised.value)


@pytest.mark.parametrize(
    "statement",
    [
        "ex:a ex:says <<( ex:b ex:p ex:c )>> .",
        "<< ex:b ex:p ex:c >> ex:source ex:a .",
        "ex:b ex:p ex:c {| ex:source ex:a |} .",
    ],
    ids=["triple term", "reifier", "annotation"],
)
def test_an_rdf_1_2_triple_term_is_an_error_with_its_line(tmp_path: Path, statement: str) -> None:
    """rdflib holds no triple terms: the file is named with the line, not a traceback."""
    path = tmp_path / "star.ttl"
    path.write_text(f"@prefix ex: <https://example.org/> .\nex:a ex:p ex:o .\n{statement}\n")
    with pytest.raises(SourceError) as raised:
        parse_turtle(path, "https://example.org/")
    assert (raised.value.path, raised.value.line) == (path, 3)
    assert "RDF 1.2 triple terms" in str(raised.value)
