"""The memory one query may cost is bounded (PRACTICEGRAPH_SPARQL_WORKER_MEMORY_MB): past it a
worker's query is stopped in words and the worker replaced, and in front of a remote store the
store's answer is no longer read; never the server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from practicegraph.store.memory import resident_mb
from tests.conftest import SERVER_ENV, Server, cli, copy_project, serve, wait_for
from tests.engines import ENGINES
from tests.system.test_http_sparql import PRACTICES, children

pytestmark = pytest.mark.slow  # a server of its own, and a query left to grow

BOUND = 150
GREEDY = "SELECT * WHERE { ?s ?p ?o . ?a ?b ?c } ORDER BY ?o ?c"
"""Sorts the store's triples crossed with themselves (some 230 million rows): the sort holds
them all, growing some 50 MB a second, to a gigabyte by the 20 s limit without the bound."""


@pytest.fixture(scope="module")
def bounded(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    env = {
        **SERVER_ENV,
        "PRACTICEGRAPH_SPARQL_TIMEOUT": "20",
        "PRACTICEGRAPH_SPARQL_WORKER_MEMORY_MB": str(BOUND),
    }
    log = tmp_path_factory.mktemp("bounded") / "server.log"
    process, port = serve(server.settings.project_dir, env, log)
    yield Server(f"http://127.0.0.1:{port}", process, server.settings, server.folder)
    process.terminate()
    process.wait(30)


def test_a_query_past_the_memory_bound_is_stopped_and_the_next_answered(
    bounded: Server,
) -> None:
    pid = bounded.process.pid
    workers = set(children(pid))
    assert workers
    started = {worker: resident_mb(worker) or 0.0 for worker in workers}
    assert max(started.values()) < BOUND, "an idle worker holds less than the bound"
    stopped = httpx.get(f"{bounded.url}/sparql", params={"query": GREEDY}, timeout=120)
    assert stopped.status_code == 503, stopped.text
    assert stopped.text == f"503 Service Unavailable: query stopped: it used more than {BOUND} MB\n"
    wait_for(lambda: len(set(children(pid)) - workers) == 1, "a fresh worker in its place")
    assert bounded.process.poll() is None, "the server lives on"
    following = httpx.get(
        f"{bounded.url}/sparql", params={"query": PRACTICES}, headers={"Accept": "text/csv"}
    )
    assert following.status_code == 200, following.text
    assert len(set(children(pid))) == len(workers)


CROSSED = "SELECT * WHERE { ?s ?p ?o . ?a ?b ?c }"
"""The store's triples crossed with themselves, unsorted: a store streams the rows as it finds
them, some 40 MB a second and more, for as long as they are read."""


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The repository published to an Oxigraph server: the project folder, the query URL."""
    folder = tmp_path_factory.mktemp("answer")
    with ENGINES["oxigraph"](folder / "store") as engine:
        project = copy_project(folder / "project")
        published = cli(project, "build", "--publish-to", engine.graph_store)
        assert published.returncode == 0, published.stderr
        yield project, engine.query


@pytest.mark.parametrize(
    ("bound", "limit", "stopped"),
    [
        (BOUND, "60", f"query stopped: the store's answer passed {BOUND} MB"),
        (4096, "3", "the query ran longer than 3.0 s"),
    ],
    ids=["past-the-bound", "past-the-time-limit"],
)
def test_a_remote_stores_endless_answer_is_stopped(
    oxigraph: tuple[Path, str], tmp_path: Path, bound: int, limit: str, stopped: str
) -> None:
    """In front of a store, the answer is read into the server process: httpx's timeout bounds
    each read, not the answer, so one query grew the server to 3 GB in 78 s (a 10 s limit).
    It is read within the time limit and up to the memory bound; the server lives on."""
    project, store = oxigraph
    env = {
        **SERVER_ENV,
        "PRACTICEGRAPH_STORE": store,
        "PRACTICEGRAPH_SPARQL_TIMEOUT": limit,
        "PRACTICEGRAPH_SPARQL_WORKER_MEMORY_MB": str(bound),
    }
    process, port = serve(project, env, tmp_path / "server.log")
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        answer = httpx.get(url, params={"query": CROSSED}, timeout=120)
        following = httpx.get(url, params={"query": PRACTICES}, headers={"Accept": "text/csv"})
        alive = process.poll() is None
    finally:
        process.terminate()
        process.wait(30)
    assert answer.status_code == 503, answer.text
    assert answer.text == f"503 Service Unavailable: {stopped}\n"
    assert alive, "the server lives on"
    assert following.status_code == 200, following.text
