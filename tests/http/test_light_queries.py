"""Queries that cannot run away are answered in the serving process, and exactly as the worker
pool answers them: status, headers and bytes, in every format, truncated or not. The near
misses never run here, and a query whose answer outgrows the serving process's budget (a
resource with a huge description, a blank-node closure) is answered by the pool."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph
import pytest

from practicegraph.builder.outcome import Outcome
from practicegraph.core.build_folder import DOCUMENTS, STORE
from practicegraph.core.settings import BuildSettings
from practicegraph.store import embedded, light
from practicegraph.store.base import QueryAnswer, QueryJob
from practicegraph.store.embedded import EmbeddedStore
from practicegraph.store.execute import Limits, execute
from tests.http.conftest import in_process

BASE = "http://localhost:8000/"
PRACTICE = f"<{BASE}id/praktijk/opvoedingsondersteuning>"
WITH_BLANK_NODES = f"<{BASE}id/initiatief/instroommeting-vilvoorde>"
PROLOGUE = f"PREFIX pg: <{BASE}ns/praktijk#>\nPREFIX dct: <http://purl.org/dc/terms/>\n"
SELECTS = [
    f"SELECT ?p ?o WHERE {{ {PRACTICE} ?p ?o }}",
    f"SELECT * {{ {WITH_BLANK_NODES} ?p ?o }}",
    f"SELECT ?o {{ {PRACTICE} dct:title ?o . }} LIMIT 1".replace("SELECT", PROLOGUE + "SELECT"),
    f"SELECT ?c {{ {PRACTICE} a ?c }} OFFSET 1 LIMIT 5",
    "SELECT ?p { <id/praktijk/opvoedingsondersteuning> ?p pg:Practice }".replace(
        "SELECT", PROLOGUE + "SELECT"
    ),
    "SELECT ?p { <id/praktijk/bestaat-niet> ?p ?o }",
    "SELECT ?p { " + PRACTICE + ' ?p "} UNION { ?s ?p ?o" }',
    f"SELECT * {{ <{BASE}ns/praktijk> ?p ?o }}",
]
DESCRIBES = [
    f"DESCRIBE {PRACTICE}",
    f"DESCRIBE {WITH_BLANK_NODES}",
    PROLOGUE + "DESCRIBE pg:Practice",
    "DESCRIBE <id/gemeente/71022>",
    "DESCRIBE <id/bestaat-niet>",
]
NEAR_MISSES = [
    f"SELECT * FROM <{BASE}graph/catalog> {{ {PRACTICE} ?p ?o }}",
    f"SELECT * {{ SERVICE <http://example.org/> {{ {PRACTICE} ?p ?o }} }}",
    "SELECT * { ?s a <ns/praktijk#Practice> }",
    f"SELECT * {{ {PRACTICE} ?p ?o . ?o ?q ?r }}",
    f"SELECT * {{ {PRACTICE} ?p ?o # }}\n. ?o ?q ?r }}",
    f'SELECT * {{ ?s ?p "DESCRIBE {PRACTICE}" }}',
    f"SELECT * {{ {PRACTICE} dct:title|pg:description ?o }}".replace("SELECT", PROLOGUE + "SELECT"),
    f"SELECT DISTINCT ?p {{ {PRACTICE} ?p ?o }}",
    f"DESCRIBE {PRACTICE} {WITH_BLANK_NODES}",
]
JSON_LD = "application/ld+json"
RESULTS = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "text/turtle",
]
RDF = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
VOLATILE = {"date", "x-request-id", "server-timing"}


class Spy:
    """`execute` as the serving process calls it: how often it ran there, at which limit."""

    def __init__(self) -> None:
        self.limits: list[int] = []
        self.execute = execute

    def __call__(self, store: pyoxigraph.Store, job: QueryJob, limits: Limits) -> QueryAnswer:
        self.limits.append(limits.max_rows)
        return self.execute(store, job, limits)


@pytest.fixture(scope="module")
def http(built: tuple[BuildSettings, Outcome, Path]) -> Iterator[httpx.Client]:
    """The pool and the serving process both reading the store on disk: a copy in memory (a
    worker's, or the serving process's own) answers the same rows, but in its own order
    (tests/system/test_pool.py)."""
    with in_process(built[0], sparql_worker_copy_mb=0, store_copy_mb=0) as client:
        yield client


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Spy:
    spy = Spy()
    monkeypatch.setattr(embedded, "execute", spy)
    return spy


def answer(http: httpx.Client, query: str, accept: str) -> tuple[int, dict[str, str], bytes]:
    response = http.post("/sparql", data={"query": query}, headers={"Accept": accept})
    headers = {k: v for k, v in response.headers.items() if k.lower() not in VOLATILE}
    return response.status_code, headers, response.content


def by_the_pool(
    http: httpx.Client, query: str, accept: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, dict[str, str], bytes]:
    with monkeypatch.context() as patch:
        patch.setattr(light, "cannot_run_away", lambda _query: False)
        return answer(http, query, accept)


def cases() -> Iterator[Any]:
    for query in SELECTS:
        for accept in RESULTS:
            yield pytest.param(query, accept, id=f"{query[-40:]} {accept}")
    for query in DESCRIBES:
        for accept in [*RDF, "application/sparql-results+json"]:
            yield pytest.param(query, accept, id=f"{query[-40:]} {accept}")


@pytest.mark.parametrize(("query", "accept"), list(cases()))
def test_a_light_query_answers_as_the_pool_does(
    http: httpx.Client, spy: Spy, monkeypatch: pytest.MonkeyPatch, query: str, accept: str
) -> None:
    here = answer(http, query, accept)
    assert spy.limits == [embedded.LIGHT_ROWS], "answered in the serving process, at its budget"
    pooled = by_the_pool(http, query, accept, monkeypatch)
    assert spy.limits == [embedded.LIGHT_ROWS], "and then by the pool"
    assert here == pooled


@pytest.mark.parametrize("query", NEAR_MISSES)
def test_a_near_miss_is_answered_by_the_pool_alone(
    http: httpx.Client, spy: Spy, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    accept = "text/turtle" if query.startswith("DESCRIBE") else RESULTS[0]
    assert answer(http, query, accept) == by_the_pool(http, query, accept, monkeypatch)
    assert spy.limits == []


@pytest.fixture(scope="module")
def small(built: tuple[BuildSettings, object, Path]) -> Iterator[httpx.Client]:
    """The app with a row limit smaller than the dataset's description (240 triples), its
    pool and itself reading the store on disk (see `http`: which rows are cut depends on the
    order)."""
    on_disk = {"sparql_worker_copy_mb": 0, "store_copy_mb": 0}
    with in_process(built[0], sparql_max_rows=100, **on_disk) as client:
        yield client


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        ("SELECT * { <id/dataset/practicegraph> ?p ?o }", RESULTS[0]),
        ("SELECT * { <id/dataset/practicegraph> ?p ?o }", "text/csv"),
        ("DESCRIBE <id/dataset/practicegraph>", "text/turtle"),
        ("DESCRIBE <id/dataset/practicegraph>", "application/ld+json"),
    ],
)
def test_a_truncated_answer_is_cut_where_the_pools_is(
    small: httpx.Client, spy: Spy, monkeypatch: pytest.MonkeyPatch, query: str, accept: str
) -> None:
    here = answer(small, query, accept)
    assert here[1].get("x-sparql-results-truncated") == "100", here[1]
    assert spy.limits == [100]
    assert here == by_the_pool(small, query, accept, monkeypatch)


def test_an_answer_past_the_budget_is_the_pools(
    http: httpx.Client, spy: Spy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embedded, "LIGHT_ROWS", 3)
    for query in (f"DESCRIBE {PRACTICE}", f"SELECT * {{ {PRACTICE} ?p ?o }}"):
        accept = "text/turtle" if query.startswith("DESCRIBE") else RESULTS[0]
        status, headers, body = answer(http, query, accept)
        assert spy.limits[-1] == 3, "tried here first, at the budget"
        assert (status, "x-sparql-results-truncated" in headers) == (200, False)
        assert (status, headers, body) == by_the_pool(http, query, accept, monkeypatch)


HUB = pyoxigraph.NamedNode("http://example.org/hub")
LOOP = pyoxigraph.NamedNode("http://example.org/loop")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder whose data an attacker would pick: a resource with 20,000 triples, each
    to a blank node of its own, and one whose blank nodes point at each other in a loop."""
    folder = tmp_path_factory.mktemp("hostile")
    store = pyoxigraph.Store(str(folder / STORE))
    graph = pyoxigraph.NamedNode("http://example.org/graph")
    link = pyoxigraph.NamedNode("http://example.org/link")
    store.extend(
        pyoxigraph.Quad(HUB, link, pyoxigraph.BlankNode(f"b{n}"), graph) for n in range(20_000)
    )
    store.extend(
        pyoxigraph.Quad(pyoxigraph.BlankNode(f"b{n}"), link, pyoxigraph.Literal(str(n)), graph)
        for n in range(20_000)
    )
    first, second = pyoxigraph.BlankNode("first"), pyoxigraph.BlankNode("second")
    for subject, target in ((LOOP, first), (first, second), (second, first), (first, first)):
        store.add(pyoxigraph.Quad(subject, link, target, graph))
    store.flush()
    del store
    (folder / DOCUMENTS).write_text("{}", encoding="utf-8")
    return folder


async def both_ways(folder: Path, queries: list[str]) -> list[tuple[QueryAnswer, QueryAnswer]]:
    store = EmbeddedStore(folder, Limits(5_000, {}, {}, ""), 1, 30.0, 2048)
    await store.start()
    try:
        answers = []
        for query in queries:
            job = QueryJob(query, results_media=RESULTS[0], rdf_media="application/n-triples")
            answers.append((await store.query(job), await store.pool.run(job)))
        return answers
    finally:
        await store.close()


def test_a_hostile_description_costs_the_server_its_budget_and_answers_as_the_pool(
    hostile: Path, spy: Spy
) -> None:
    queries = [f"DESCRIBE <{HUB.value}>", f"SELECT * {{ <{HUB.value}> ?p ?o }}"]
    queries.append(f"DESCRIBE <{LOOP.value}>")
    (hub, hub_rows, loop) = asyncio.run(both_ways(hostile, queries))
    assert spy.limits == [200, 200, 200], "no more than the budget read in this process"
    for here, pooled in (hub, hub_rows, loop):
        assert here == pooled
    assert hub[0].truncated_at == hub_rows[0].truncated_at == 5_000
    assert loop[0].truncated_at is None
    assert len(loop[0].body.splitlines()) == 4, "each blank node described once"


def test_a_construct_of_deeply_nested_blank_nodes_answers_in_json_ld(http: httpx.Client) -> None:
    """Not a light query: the pool's. Its blank nodes nest 270 deep in JSON-LD, past what the
    JSON writer takes (254 levels): the answer is written all the same, no 500."""
    chain = " ".join(f"_:a{n} :p _:a{n + 1} ." for n in range(270))
    query = f"PREFIX : <http://e/> CONSTRUCT {{ :s :p _:a0 . {chain} }} WHERE {{}}"
    response = http.post("/sparql", data={"query": query}, headers={"Accept": JSON_LD})
    assert response.status_code == 200, response.text
    assert json.loads(response.content)["@graph"], "the graph as unit/test_formats.py checks"
