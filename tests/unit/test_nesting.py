"""The pre-scan: brackets and unary `!` (depth), operators and chaining keywords (operators),
counted in the query's code, never in what it quotes; every example query well within the
default bounds."""

from __future__ import annotations

import pytest

from practicegraph.core.settings import ServeSettings
from practicegraph.store.nesting import depth, operators
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


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", 1),
        ("ASK {}", 0),
        ("SELECT (1+2-3*4/5 AS ?x) {}", 4),
        ("ASK { FILTER(?a || ?b && ?c = ?d && ?e != ?f || ?g < 1 || ?g > 2) }", 9),
        ("ASK { FILTER(?a <= 1 && ?b >= 2) }", 3),
        ("ASK { ?s <http://x/a>/<http://x/b>|^<http://x/c> ?o }", 3),
        ("ASK { ?s ex:a/ex:b ?o }", 1),
        ("ASK { {} UNION {} MINUS {} OPTIONAL {} }", 3),
        ("ask { {} union {} minus {} optional {} }", 3),
        ("ASK { ?s ?p '1+1*1/1 UNION' . ?s <http://x/a+b> \"x||y\" } # 1+1", 0),
        ("ASK { ?s ?p ?minus . ?s ?p ex:union . ?s ?p ?optional }", 0),
        ("SELECT (1" + "+1" * 9_920 + " AS ?x) {}", 9_920),
        ("SELECT (2" + "*2" * 7_500 + " AS ?x) {}", 7_500),
        ("SELECT * {" + "MINUS{}" * 2_840 + "}", 2_841),
        ("ASK { ?s ?p 1, 2 ; ?q 3 }", 2),
        ("SELECT * { ?s ?p " + ",".join(["1"] * 9_000) + " }", 9_000),
    ],
)
def test_operators(query: str, count: int) -> None:
    assert operators(query) == count


def test_every_example_query_holds_few_operators_for_the_default_bound() -> None:
    examples = sorted((ROOT / "queries").glob("*.rq"))
    most = max(operators(example.read_text(encoding="utf-8")) for example in examples)
    assert most <= 16 < ServeSettings(project_dir=ROOT).sparql_max_operators == 500
