"""Readiness the public cannot drain: /readyz checks the store without waiting behind public
queries, so one client's runaway queries do not take a replica out of its load balancer."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import SERVER_ENV, Server, cli, copy_project, serve, wait_for
from tests.engines import ENGINES
from tests.system.test_http_sparql import RUNAWAY, children

pytestmark = pytest.mark.slow  # a server of its own, and for two modes a store behind it

LIMIT = 15
LONG = {**SERVER_ENV, "PRACTICEGRAPH_SPARQL_TIMEOUT": str(LIMIT)}
"""Runaway queries run this long: long past the readiness check, and short enough to wait out
(the server ends only once its requests are answered)."""


@pytest.fixture(scope="module", params=["embedded", *sorted(ENGINES)])
def front(
    request: pytest.FixtureRequest, server: Server, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, int]]:
    """Our server (its URL and process id) over the embedded store, then over each real store."""
    folder = tmp_path_factory.mktemp(f"readiness-{request.param}")
    if request.param == "embedded":
        with running(server.settings.project_dir, LONG, folder) as started:
            yield started
        return
    with ENGINES[request.param](folder / "store") as engine:
        project = copy_project(folder / "project")
        published = cli(project, "build", "--publish-to", engine.graph_store)
        assert published.returncode == 0, published.stderr
        with running(project, {**LONG, "PRACTICEGRAPH_STORE": engine.query}, folder) as started:
            yield started


@contextmanager
def running(project: Path, env: dict[str, str], folder: Path) -> Iterator[tuple[str, int]]:
    process, port = serve(project, env, folder / "server.log")
    try:
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        process.wait(30)


def runaway(url: str, answers: list[httpx.Response | Exception]) -> None:
    """One runaway query, sent again while it finds the client's places taken (by the test's
    own probe, `both_held`); its answer, or the error of a connection the server closed."""
    try:
        while (
            answer := httpx.get(f"{url}/sparql", params={"query": RUNAWAY}, timeout=120)
        ).status_code == 429:
            pass
        answers.append(answer)
    except httpx.HTTPError as error:
        answers.append(error)


def test_two_runaway_queries_of_one_client_leave_the_replica_ready(
    front: tuple[str, int],
) -> None:
    """The fair-use bound lets one client have two queries running: with two query workers,
    a readiness check that asked a worker waited behind them and answered 503 (`failing:
    store`) for the queries' whole time; every replica behind a load balancer would drain."""
    url, pid = front
    before = children(pid)
    answers: list[httpx.Response | Exception] = []
    queries = [threading.Thread(target=runaway, args=(url, answers)) for _ in range(2)]
    for query in queries:
        query.start()
    if before:  # the embedded store: watch both query workers take up the queries

        def both_busy() -> bool:
            now = children(pid)
            return sum(now[child] > before.get(child, 0) for child in now) >= 2

        wait_for(lambda: answers or both_busy(), "both query workers to run a runaway query")
    else:  # a remote store: watch our server hold both, by its fair-use count
        wait_for(lambda: answers or both_held(url), "both queries to be held by the server")
    ready = httpx.get(f"{url}/readyz", timeout=30)
    still_running = [query.is_alive() for query in queries]
    for query in queries:
        query.join()
    assert ready.status_code == 200, ready.text
    assert ready.json() == {"status": "ready"}
    assert still_running == [True, True], f"the runaway queries ended first: {answers}"
    for answer in answers:  # and ran into the time limit
        assert isinstance(answer, httpx.Response), answer
        assert answer.status_code == 503, answer.text
        assert "longer than" in answer.text, answer.text


def both_held(url: str) -> bool:
    """Whether the client's two queries are running or waiting: two are its fair-use bound,
    so a third is refused with 429."""
    third = httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=30)
    return third.status_code == 429
