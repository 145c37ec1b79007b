"""The frozen build: round trips through Turtle, JSON-LD and N-Quads, and links that resolve."""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from practicegraph.builder.outcome import Outcome
from practicegraph.builder.pipeline import build
from practicegraph.builder.validate.findings import union
from practicegraph.core.build_folder import CONTEXT_FILE, CURRENT
from practicegraph.core.settings import BuildSettings
from tests.conftest import ROOT
from tests.http.conftest import in_process
from tests.http.test_readme_tour import PRACTICES, titles

Built = tuple[BuildSettings, Outcome, Path]
QUADS = "dumps/dataset.nq"
TURTLE = "dumps/dataset.ttl"


def build_graph(outcome: Outcome) -> Graph:
    return union(outcome.graphs)


def test_turtle_dump_parses_back_to_the_build(built: Built) -> None:
    _settings, outcome, folder = built
    parsed = Graph().parse(folder / TURTLE, format="turtle")
    assert isomorphic(parsed, build_graph(outcome))


def rdflib_graph(triples: list[str]) -> Graph:
    """N-Triples lines parsed in one go, so that blank nodes keep their identity."""
    return Graph().parse(data="\n".join(triples), format="nt")


def test_json_ld_round_trip(built: Built) -> None:
    _settings, outcome, _folder = built
    graph = build_graph(outcome)
    text = graph.serialize(format="json-ld")
    parsed = pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.JSON_LD)
    assert isomorphic(rdflib_graph([f"{q.triple} ." for q in parsed]), graph)


@pytest.mark.parametrize("name", ["dataset.nq", "dataset.nt", "dataset.ttl", "dataset.jsonld"])
def test_gzipped_dumps_hold_the_same_bytes(built: Built, name: str) -> None:
    folder = built[2] / "dumps"
    assert gzip.decompress((folder / f"{name}.gz").read_bytes()) == (folder / name).read_bytes()


def test_json_ld_dump_names_the_published_context_and_parses_back(built: Built) -> None:
    settings, outcome, folder = built
    document = json.loads((folder / "dumps/dataset.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == f"{settings.base}context/v1.jsonld"
    document["@context"] = json.loads((folder / CONTEXT_FILE).read_text(encoding="utf-8"))[
        "@context"
    ]
    parsed = pyoxigraph.parse(json.dumps(document), format=pyoxigraph.RdfFormat.JSON_LD)
    assert isomorphic(rdflib_graph([f"{q.triple} ." for q in parsed]), build_graph(outcome))


def test_n_quads_dump_keeps_one_named_graph_per_source(built: Built) -> None:
    _settings, outcome, folder = built
    by_graph: dict[str, list[str]] = {}
    for quad in pyoxigraph.parse(path=folder / QUADS, format=pyoxigraph.RdfFormat.N_QUADS):
        by_graph.setdefault(quad.graph_name.value, []).append(f"{quad.triple} .")
    kept = [source for source in outcome.graphs if len(source.graph)]  # N-Quads has no empty graph
    assert set(by_graph) == {str(source.name) for source in kept}
    for source in kept:
        assert isomorphic(rdflib_graph(by_graph[str(source.name)]), source.graph), source.path


def test_every_own_iri_used_as_object_is_described(store: pyoxigraph.Store, built: Built) -> None:
    base = built[0].base
    dangling = store.query(
        f"""
        PREFIX dcat: <http://www.w3.org/ns/dcat#>
        PREFIX void: <http://rdfs.org/ns/void#>
        SELECT DISTINCT ?o WHERE {{
            ?s ?p ?o . FILTER (isIRI(?o) && STRSTARTS(STR(?o), "{base}"))
            # web addresses of documents and services, fetched by the HTTP tests
            FILTER (?p NOT IN (dcat:accessURL, dcat:downloadURL, dcat:endpointURL,
                dcat:endpointDescription, dcat:landingPage, <http://xmlns.com/foaf/0.1/homepage>,
                void:dataDump, void:sparqlEndpoint, void:vocabulary))
            FILTER NOT EXISTS {{ ?o ?q ?x }}
        }}""",
        use_default_graph_as_union=True,
    )
    assert isinstance(dangling, pyoxigraph.QuerySolutions)
    assert list(dangling) == []
    used = store.query(
        f"""
        SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?s ?p ?o . FILTER (isIRI(?o) && STRSTARTS(STR(?o), "{base}")) }}""",
        use_default_graph_as_union=True,
    )
    assert isinstance(used, pyoxigraph.QuerySolutions)
    # municipalities, provinces, concepts, practice, initiatives …
    (count,) = used
    assert int(count[0].value) > 100


def test_another_base_mints_every_iri_under_it(project: Path) -> None:
    base = "https://data.example.org/praktijken/"
    settings = BuildSettings(project_dir=project, base=base)
    outcome, folder = build(settings)
    assert folder is not None, [f.message for f in outcome.violations]
    text = (settings.dist / CURRENT / QUADS).read_text(encoding="utf-8")
    assert "localhost" not in text
    assert f"<{base}id/praktijk/opvoedingsondersteuning>" in text
    assert f"<{base}ns/praktijk#Practice>" in text
    with in_process(settings, base=base) as client:
        assert set(titles(client, base)) == PRACTICES, "the README's tour query, unchanged"


def counts_on(store: pyoxigraph.Store, day: str) -> Counter[str]:
    rows = store.query(
        f"""
        PREFIX schema: <http://schema.org/>
        SELECT ?province (COUNT(?m) AS ?n) WHERE {{
            ?m a <http://localhost:8000/ns/praktijk#Municipality> ; schema:containedInPlace/<http://www.w3.org/2000/01/rdf-schema#label> ?province .
            OPTIONAL {{ ?m schema:startDate ?from }} OPTIONAL {{ ?m schema:endDate ?to }}
            FILTER ((!BOUND(?from) || ?from <= "{day}"^^<http://www.w3.org/2001/XMLSchema#date>)
                 && (!BOUND(?to) || ?to >= "{day}"^^<http://www.w3.org/2001/XMLSchema#date>))
        }} GROUP BY ?province""",
        use_default_graph_as_union=True,
    )
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    return Counter({row[0].value: int(row[1].value) for row in rows})


@pytest.mark.parametrize(("day", "total"), [("2024-12-31", 300), ("2025-01-01", 285)])
def test_municipalities_valid_on_a_day(store: pyoxigraph.Store, day: str, total: int) -> None:
    counts = counts_on(store, day)
    assert sum(counts.values()) == total
    with (ROOT / "data/reference/flemish-municipalities.csv").open(encoding="utf-8") as handle:
        expected = Counter(
            row["province_nl"]
            for row in csv.DictReader(handle)
            if (row["valid_from"] or "0000") <= day <= (row["valid_to"] or "9999")
        )
    assert counts == expected


def test_successors_and_predecessors(store: pyoxigraph.Store) -> None:
    rows = store.query(
        """
        PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?old WHERE { <http://localhost:8000/id/gemeente/71072> dct:replaces ?old }""",
        use_default_graph_as_union=True,
    )
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    old = {row[0].value for row in rows}
    assert old == {
        "http://localhost:8000/id/gemeente/71022",
        "http://localhost:8000/id/gemeente/73040",
    }


def test_province_codes_match_refnis() -> None:
    refnis = (ROOT / "data/reference/refnis2019.nt").read_text(encoding="utf-8")
    with (ROOT / "data/reference/flemish-provinces.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            pattern = rf'<http://vocab.belgif.be/auth/refnis2019/{row["nis_code"]}> <http://www.w3.org/2004/02/skos/core#prefLabel> "Provincie {re.escape(row["name_nl"])}"@nl'
            assert re.search(pattern, refnis), row


def test_nothing_reads_the_hand_over_folder() -> None:
    needle = "../" + "shared"
    for folder in ("src", "tests", "ontology", "shapes", "data"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {".py", ".ttl", ".csv", ".md", ".txt"}:
                assert needle not in path.read_text(encoding="utf-8", errors="ignore"), path
    for name in ("Makefile", ".ci/run", "pyproject.toml"):
        assert needle not in (ROOT / name).read_text(encoding="utf-8"), name
