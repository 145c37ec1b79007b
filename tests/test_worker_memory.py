"""A query worker's memory is bounded: past PRACTICEGRAPH_SPARQL_WORKER_MEMORY_MB of resident
memory its query is stopped in words and the worker replaced, never the server."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from practicegraph.store.memory import resident_mb
from tests.conftest import SERVER_ENV, Server, serve, wait_for
from tests.test_http_sparql import PRACTICES, children

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
