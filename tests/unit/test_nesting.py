"""The depth pre-scan: brackets and unary `!` counted in the query's code, never in what it
quotes; every example query well within the default bound."""

from __future__ import annotations

import pytest

from practicegraph.core.settings import ServeSettings
from practicegraph.store.nesting import depth
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("query", "levels"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", 1),
        ("ASK {}", 1),
        ("SELECT * WHERE { { ?s ?p ?o } UNION { ?s ?p [ ?q ( 1 2 ) ] } }", 4),
        ("SELECT * WHERE { FILTER(!(!(?x))) }", 6),
        ("SELECT * WHERE { FILTER(!BOUND(?a) && !BOUND(?b) && !BOUND(?c)) }", 3),
        ("SELECT * WHERE { FILTER(?a != ?b && ?c != ?d) }", 2),
        ("SELECT * WHERE { ?s !<http://x/p> ?o FILTER(!!!true) }", 5),
        ("SELECT * WHERE { ?s ?p '{{{{(((' . ?s ?p \"[[[[!!!!\" }", 1),
        ("SELECT * WHERE { ?s ?p '''{{\n{{''' ; <http://x/(((> ?o } # {{{{{{", 1),
        ("SELECT * WHERE { ?s ?p ?o } }}}} {", 1),
        ("{" * 3_000 + "}" * 3_000, 3_000),
        ("ASK { FILTER(" + "!" * 9_900 + "true) }", 9_902),
        ("SELECT * WHERE { ?s ?p ?o " + "(" * 9_900, 9_901),
    ],
)
def test_depth(query: str, levels: int) -> None:
    assert depth(query) == levels


def test_every_example_query_nests_well_within_the_default_bound() -> None:
    examples = sorted((ROOT / "queries").glob("*.rq"))
    assert examples
    deepest = max(depth(example.read_text(encoding="utf-8")) for example in examples)
    assert deepest <= 8 < ServeSettings(project_dir=ROOT).sparql_max_depth == 64
