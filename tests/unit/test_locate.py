"""A finding points at the line where its focus node is described, not where it is named."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from practicegraph.builder.validate.locate import line_of

BASE = "http://localhost:8000/"
TURTLE = """\
@prefix dcat: <http://www.w3.org/ns/dcat#> .
# <catalog#b> a dcat:DataService .
<catalog> a dcat:Catalog ;
    dcat:service <catalog#a> ,
        <catalog#b> ;
    dcat:dataset <catalog#c> .

<catalog#a> a dcat:DataService .

<catalog#b> a dcat:DataService .
"""


def located(tmp_path: Path, fragment: str) -> int | None:
    path = tmp_path / "catalog.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    graph = Graph().parse(data=TURTLE, format="turtle", publicID=BASE)
    return line_of(path, URIRef(f"{BASE}catalog#{fragment}"), graph, BASE)


def test_an_object_list_wrapped_onto_its_own_line_is_not_the_subject(tmp_path: Path) -> None:
    assert located(tmp_path, "b") == 10


def test_a_subject_is_found_after_the_statement_before_it(tmp_path: Path) -> None:
    assert located(tmp_path, "a") == 8


def test_a_node_never_a_subject_is_found_where_it_is_first_named(tmp_path: Path) -> None:
    assert located(tmp_path, "c") == 6
