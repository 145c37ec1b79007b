"""A source file past max_source_mb, or a literal past max_literal_kb, is refused before it is
parsed, naming the file (and the literal's line): they would otherwise take minutes and
gigabytes to validate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph

from practicegraph.core.bounds import check_literals, tokens
from practicegraph.core.reading import SourceError
from tests.conftest import cli

TITLE = "<http://purl.org/dc/terms/title>"


def test_a_file_past_max_source_mb_refuses_the_build_naming_it(project: Path) -> None:
    big = project / "data" / "big.ttl"
    line = f'<id/big/{"x" * 40}> {TITLE} "{"tekst " * 20}"@nl .\n'.encode()
    big.write_bytes(line * (25 * 1024 * 1024 // len(line) + 1))
    refused = cli(project, "build")
    assert refused.returncode == 1
    text = " ".join(refused.stderr.split())
    assert f"{big}: the file is 25.0 MB, more than max_source_mb allows (20 MB)" in text
    assert not (project / "dist" / "current").exists()


def test_a_literal_past_max_literal_kb_refuses_the_build_naming_file_and_line(
    project: Path,
) -> None:
    long = project / "data" / "long.ttl"
    long.write_bytes(
        b"# a practice's text, pasted in by mistake\n"
        + f'<id/lang> {TITLE} "kort"@nl ;\n'.encode()
        + f'    {TITLE} "{"woord " * (15 * 1024 * 1024 // 6)}"@nl .\n'.encode()
    )
    refused = cli(project, "validate", "--format", "json")
    assert refused.returncode == 1
    error = json.loads(refused.stdout)["error"]
    assert (error["file"], error["line"]) == (str(long), 3)
    assert (
        "a literal or IRI of 15360 KB, more than max_literal_kb allows (256 KB)"
        in (error["message"])
    )


TURTLE = b"""@prefix ex: <http://example.org/it's#> .  # it's a comment with a "quote
ex:a ex:b 'it\\'s' , "say \\"hi\\"" , '''one
two''' , \"\"\"long "quoted" ""\"\"\" ;
    ex:c ex:it\\'s .
ex:d ex:e "LONG" .
"""


def test_the_scan_finds_every_string_and_iri_whole() -> None:
    parsed = Graph().parse(data=TURTLE, format="turtle")
    assert {str(o) for o in parsed.objects()} >= {"it's", 'say "hi"', 'long "quoted" ""'}
    found = [TURTLE[start:end] for start, end in tokens(TURTLE)]
    assert found == [
        b"<http://example.org/it's#>",
        b"'it\\'s'",
        b'"say \\"hi\\""',
        b"'''one\ntwo'''",
        b'"""long "quoted" """""',
        b'"LONG"',
    ]


def test_the_literal_past_the_bound_is_named_by_its_line() -> None:
    text = TURTLE.replace(b"LONG", b"x" * 2048)
    with pytest.raises(SourceError) as refused:
        check_literals(Path("x.ttl"), text, 1)
    assert refused.value.line == 5
    check_literals(Path("x.ttl"), text, 3)  # within the bound
