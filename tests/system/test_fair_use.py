"""Fair use of the SPARQL endpoint: past a bound per client address, or overall, a query gets
429 Too Many Requests with Retry-After at once; resources are never queued behind queries."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import Server, serve, wait_for

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
QUICK = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"


@pytest.fixture(scope="module")
def bounded(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One query per client address, two overall; the proxy on loopback is trusted, so that
    X-Forwarded-For makes the clients."""
    env = {
        "PRACTICEGRAPH_SPARQL_CLIENT_LIMIT": "1",
        "PRACTICEGRAPH_SPARQL_QUEUE_LIMIT": "2",
        "PRACTICEGRAPH_SPARQL_WORKERS": "2",
        "PRACTICEGRAPH_SPARQL_TIMEOUT": "4",
        "PRACTICEGRAPH_TRUSTED_PROXIES": '["127.0.0.1"]',
    }
    log = tmp_path_factory.mktemp("bounded") / "server.log"
    process, port = serve(server.settings.project_dir, env, log)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(10)


def ask(url: str, query: str, client: str) -> httpx.Response:
    return httpx.get(
        f"{url}/sparql",
        params={"query": query},
        headers={"X-Forwarded-For": client, "Accept": "text/csv"},
        timeout=60,
    )


@contextmanager
def running(url: str, *clients: str) -> Iterator[list[httpx.Response]]:
    """Runaway queries from each client, sent again as each one ends, until the block ends:
    their places stay taken whatever the machine's pace. Yields their answers so far."""
    stop = threading.Event()
    ended: list[httpx.Response] = []

    def keep_running(client: str) -> None:
        while not stop.is_set():
            ended.append(ask(url, RUNAWAY, client))

    threads = [threading.Thread(target=keep_running, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    try:
        yield ended
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def test_a_client_past_its_bound_gets_429_and_others_are_answered(bounded: str) -> None:
    with running(bounded, "198.51.100.1") as ended:
        wait_for(lambda: ask(bounded, QUICK, "198.51.100.1").status_code == 429, "the bound")
        again = ask(bounded, QUICK, "198.51.100.1")
        other = ask(bounded, QUICK, "198.51.100.2")
    assert again.status_code == 429
    assert again.headers["retry-after"] == "4"
    assert "a client may have 1 queries running or waiting" in again.text
    assert other.status_code == 200
    statuses = {r.status_code for r in ended}
    assert 503 in statuses, "a runaway ran into the time limit"
    assert statuses <= {503, 429}, "or found the client's place taken by its own quick query"


def test_past_the_overall_bound_everyone_gets_429_but_resources_answer(bounded: str) -> None:
    with running(bounded, "198.51.100.11", "198.51.100.12"):
        wait_for(lambda: ask(bounded, QUICK, "198.51.100.13").status_code == 429, "the bound")
        refused = ask(bounded, QUICK, "198.51.100.14")
        page = httpx.get(f"{bounded}/doc/praktijk/opvoedingsondersteuning.ttl", timeout=30)
        still = ask(bounded, QUICK, "198.51.100.15")  # the bound is still taken after the page
    assert refused.status_code == 429
    assert "2 queries are running or waiting already" in refused.text
    assert page.status_code == 200, "a resource is answered while the queries hold the bound"
    assert still.status_code == 429
    assert ask(bounded, QUICK, "198.51.100.14").status_code == 200, "places are given back"


def test_the_bounds_are_settings(tmp_path: Path) -> None:
    from practicegraph.core.settings import ServeSettings

    settings = ServeSettings(project_dir=tmp_path)
    assert (settings.sparql_client_limit, settings.sparql_queue_limit) == (2, 16)
