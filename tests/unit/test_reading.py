"""Reading reference files strictly: a broken line is named by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from practicegraph.core.reading import SourceError, parse_ntriples

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
