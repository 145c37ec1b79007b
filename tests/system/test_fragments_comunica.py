"""A real Triple/Quad Pattern Fragments client, Comunica, answers the example queries from the
fragments alone, and its answers are the SPARQL endpoint's, row for row."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from practicegraph.builder.pipeline import build
from practicegraph.core.settings import BuildSettings
from practicegraph.web import examples
from tests.conftest import ROOT, copy_project, free_port, start
from tests.group_concat import concatenated, parts

COMUNICA = ROOT / "tests" / "comunica" / "node_modules" / ".bin" / "comunica-sparql"
EXAMPLES = examples.load(ROOT / "queries")
"""All of them: a join through a blank node (contact-addresses-per-province goes through an
initiative's contact point) works too, as fragments skolemise blank nodes."""
Row = frozenset[tuple[str, str, str, str]]
RETRIES = 5
"""Comunica's `--httpRetryCount`, as docs/urls-and-formats.md says to run it."""


def serving(folder: Path, environment: dict[str, str]) -> Iterator[str]:
    """The server over a build whose base is its own address: the controls' template must lead
    back to it."""
    project = copy_project(folder / "project")
    port = free_port()
    address = f"http://127.0.0.1:{port}/"
    outcome, built = build(BuildSettings(project_dir=project, base=address))
    assert built is not None, outcome.violations
    settings = {"PRACTICEGRAPH_BASE": address, **environment}
    process = start(project, port, settings, project.parent / "server.log")
    yield address
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serving(tmp_path_factory.mktemp("fragments"), {})


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server that lets a client have two fragments in flight: Comunica keeps more."""
    yield from serving(
        tmp_path_factory.mktemp("strict"), {"PRACTICEGRAPH_FRAGMENTS_CLIENT_LIMIT": "2"}
    )


def rows(body: str, query: str) -> set[Row]:
    """SPARQL JSON results as a set of rows, each a set of (variable, kind, value, lang or type);
    a GROUP_CONCAT's value as its sorted parts (tests/group_concat.py)."""
    bindings = json.loads(body)["results"]["bindings"]
    concatenations = concatenated(query)

    def value(name: str, text: str) -> str:
        return parts(text, concatenations[name]) if name in concatenations else text

    return {
        frozenset(
            (name, term["type"].replace("typed-literal", "literal"), value(name, term["value"]),
             term.get("xml:lang", term.get("datatype", "")))
            for name, term in row.items()
        )
        for row in bindings
    }  # fmt: skip


def run_comunica(base: str, query: str, retries: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            *(str(COMUNICA), base + "fragments", "--httpRetryCount", str(retries)),
            *("-t", "application/sparql-results+json", query),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def comunica(base: str, query: str) -> set[Row]:
    """As docs/urls-and-formats.md says to run it: a 429 (past fair use) is waited out."""
    result = run_comunica(base, query, RETRIES)
    assert result.returncode == 0, result.stderr[-2000:]
    return rows(result.stdout, query)


def endpoint(base: str, query: str) -> set[Row]:
    response = httpx.post(
        base + "sparql",
        content=query.encode(),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return rows(response.text, query)


def test_comunica_answers_the_examples_as_the_endpoint_does(base: str) -> None:
    """Some 35 s: Comunica asks some 2,400 fragments, most for the query over named graphs."""
    assert COMUNICA.exists(), "Comunica is installed by `make test` (npm in tests/comunica)"
    assert len(EXAMPLES) >= 8
    for example in EXAMPLES:
        query = example.text_for(base)
        expected = endpoint(base, query)
        assert expected, example.name
        assert comunica(base, query) == expected, example.name


def test_comunica_run_as_the_guide_says_waits_out_fair_use(strict: str) -> None:
    """Past a client's share of the fragments a request gets 429 with Retry-After: Comunica as
    the guide runs it retries as told and answers; without retries the query fails."""
    query = EXAMPLES[0].text_for(strict)
    refused = run_comunica(strict, query, 0)
    assert refused.returncode != 0
    assert "429" in refused.stderr
    assert comunica(strict, query) == endpoint(strict, query)
