"""Serving from several stores (replicas of one dataset): under a load of concurrent requests,
one replica is killed; the server sends its requests to the other (a failed one once more) and
keeps answering, leaves it out at its next health check, and takes it back once it runs again
on its folder and port, with its data."""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.conftest import cli, copy_project, free_port, serve, wait_for
from tests.engines import OXIGRAPH, started

pytestmark = pytest.mark.slow  # two stores' servers, ours, and a load

TOKEN = "a-token-of-sixteen-or-more"
OPERATOR = {"Authorization": f"Bearer {TOKEN}"}
CHECK_SECONDS = 1.0
CLIENTS = 32
RECOVERY_BOUND = 15.0
"""Seconds within which the throughput must be back: a generous bound; measured, it is the
length of one window (the requests the dead replica failed were answered by the other)."""
WINDOW = 0.5
MIX = [
    ("/doc/praktijk/opvoedingsondersteuning", "text/turtle"),
    ("/doc/praktijk/opvoedingsondersteuning", "application/ld+json"),
    ("/doc/praktijk/opvoedingsondersteuning", "text/html"),
    ("/doc/praktijk/instroommeting", "application/n-triples"),
    ("/doc/gemeente/71022", "text/turtle"),
    ("/doc/gemeente/71022", "text/html"),
    ("/sparql?query=SELECT%20%3Fp%20WHERE%20%7B%20%3Fp%20a%20%3Cns%2Fpraktijk%23Practice%3E%20%7D",
     "text/csv"),
]  # fmt: skip
"""Practice and municipality documents in several formats, and a public SPARQL query."""


@contextlib.contextmanager
def replica(folder: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """`oxigraph serve` on a port of our choosing, so that it comes back where it was."""
    folder.mkdir(parents=True, exist_ok=True)

    def command() -> tuple[list[str], str]:
        bind = ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
        return [OXIGRAPH, "serve", "--location", str(folder / "db"), *bind], query_url(port)

    with started("oxigraph", command, 30) as (process, _query):
        yield process


def query_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/query"


@dataclass
class Load:
    """Clients asking the mix in turn until stopped; each answer's end time and status."""

    url: str
    done: list[tuple[float, int]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def client(self, offset: int) -> None:
        with httpx.Client(base_url=self.url, timeout=30) as http:
            n = offset
            while not self.stop.is_set():
                path, accept = MIX[n % len(MIX)]
                n += 1
                try:
                    status = http.get(path, headers={"Accept": accept}).status_code
                except httpx.HTTPError:
                    status = 0  # no answer at all: counted as an error
                self.done.append((time.monotonic(), status))

    def rate(self, start: float, end: float) -> float:
        return sum(1 for t, _ in self.done if start <= t < end) / (end - start)


def readiness(url: str) -> dict[str, object]:
    answer = httpx.get(f"{url}/readyz", headers=OPERATOR, timeout=10)
    body: dict[str, object] = answer.json()
    body["code"] = answer.status_code
    return body


def store_state(url: str, store: str) -> dict[str, object]:
    """The replica's entry in the operator's view of /readyz."""
    checks = readiness(url)["checks"]
    assert isinstance(checks, dict)
    return next(s for s in checks["store"]["stores"] if s["url"] == store)


def metric(url: str, name: str, store: str) -> float:
    text = httpx.get(f"{url}/metrics", headers=OPERATOR, timeout=10).text
    found = re.search(rf'^{name}\{{store="{re.escape(store)}"\}} (\S+)$', text, re.M)
    return float(found.group(1)) if found else 0.0


def test_a_replica_killed_under_load_is_left_out_and_taken_back(tmp_path: Path) -> None:
    port_a, port_b = free_port(), free_port()
    a, b = query_url(port_a), query_url(port_b)
    with replica(tmp_path / "a", port_a) as store_a, replica(tmp_path / "b", port_b):
        project = copy_project(tmp_path / "project")
        stores = [u.removesuffix("/query") + "/store" for u in (a, b)]
        built = cli(project, "build", "--publish-to", stores[0], "--publish-to", stores[1])
        assert built.returncode == 0, built.stderr
        env = {
            "PRACTICEGRAPH_STORE": json.dumps([a, b]),
            "PRACTICEGRAPH_STORE_CHECK_SECONDS": str(CHECK_SECONDS),
            "PRACTICEGRAPH_RESPONSE_CACHE_MB": "0",
            "PRACTICEGRAPH_SPARQL_CLIENT_LIMIT": str(2 * CLIENTS),
            "PRACTICEGRAPH_SPARQL_QUEUE_LIMIT": str(2 * CLIENTS),
            "PRACTICEGRAPH_OPERATOR_TOKEN": TOKEN,
        }
        server, port = serve(project, env, tmp_path / "server.log")
        url = f"http://127.0.0.1:{port}"
        load = Load(url)
        clients = [threading.Thread(target=load.client, args=(n,)) for n in range(CLIENTS)]
        try:
            ready = readiness(url)
            assert ready["code"] == 200, ready
            for client in clients:
                client.start()
            time.sleep(1)  # warm up
            began = time.monotonic()
            time.sleep(4)
            killed = time.monotonic()
            store_a.kill()
            store_a.wait(10)
            baseline = load.rate(began, killed)
            assert metric(url, "practicegraph_store_requests_total", a) > 0, "A had its share"
            wait_for(lambda: not store_state(url, a)["healthy"], "A left out", 10)
            left_out = time.monotonic() - killed
            time.sleep(4)
            after = time.monotonic()
            windows = [killed + k * 0.1 for k in range(int((after - killed - WINDOW) / 0.1))]
            rates = [load.rate(t, t + WINDOW) for t in windows]
            back = next(
                (
                    t + WINDOW - killed
                    for t, r in zip(windows, rates, strict=True)
                    if r >= baseline / 2
                ),
                None,
            )
            during = readiness(url)
            assert during["code"] == 200, "B alone holds the build served: ready"
            seen_a = store_state(url, a)
            assert seen_a["last_error"], seen_a
            assert metric(url, "practicegraph_store_up", a) == 0
            assert metric(url, "practicegraph_store_up", b) == 1

            with replica(tmp_path / "a", port_a):
                restarted = time.monotonic()
                wait_for(lambda: store_state(url, a)["healthy"], "A back in rotation", 10)
                rejoined = time.monotonic() - restarted
                assert store_state(url, a)["build"] == store_state(url, b)["build"], "its data"
                assert metric(url, "practicegraph_store_up", a) == 1
                sent_a = metric(url, "practicegraph_store_requests_total", a)
                time.sleep(1)
                assert metric(url, "practicegraph_store_requests_total", a) > sent_a, "sent again"
                load.stop.set()
                for client in clients:
                    client.join(30)
                retried = metric(url, "practicegraph_store_retries_total", a)
        finally:
            load.stop.set()
            server.terminate()
            server.wait(10)
        errors = [s for _, s in load.done if s == 0 or s >= 500]
        statuses = sorted({s for _, s in load.done})
        print(
            f"\n{len(load.done)} requests by {CLIENTS} clients, statuses {statuses},"
            f" per {WINDOW} s from the kill {[round(r) for r in rates[::5]]} req/s;"
            f" {len(errors)} errors (5xx or none), {retried:.0f} sent again to the other store;"
            f" {baseline:.0f} req/s before the kill, lowest {min(rates):.0f} req/s in a"
            f" {WINDOW} s window after it, back to half within {back} s; A left out after"
            f" {left_out:.1f} s, back in rotation {rejoined:.1f} s after its restart"
        )
        assert statuses == [200], statuses
        assert back is not None, "throughput back"
        assert back <= RECOVERY_BOUND
