"""Query-mix benchmark: this endpoint over HTTP against pyoxigraph in-process (the floor) and
rdflib-endpoint over HTTP (the peer), on the same synthetic data, at several sizes.

    .venv/bin/pip install rdflib-endpoint     # the peer; not a dependency of practicegraph
    .venv/bin/python -m benchmarks.run --sizes 10000 100000 1000000

Prints per-query medians (ms) and ratios, then how long a fast request waits while a slow query
runs on each server. With --remote, also our server in front of an Oxigraph server loaded with
the same build (remote), and that Oxigraph server asked directly (oxigraph): the engine's own
HTTP floor, which our light queries are measured against. With --remote and --clients, the
mix's throughput too, with wrk (`apt-get install wrk`): our server (--workers uvicorn workers,
one query process each, fair use opened to the one address wrk sends from) against the Oxigraph
server, N connections cycling the five queries for --seconds each. Figures are measured in this
process, in this run: nothing is compared with numbers from elsewhere.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import httpx
import pyoxigraph

from benchmarks.synthetic import generate, practices_for
from benchmarks.wrk import HEADING, Request, run_wrk
from practicegraph.builder.freeze.folder import freeze
from practicegraph.builder.outcome import Outcome
from practicegraph.builder.pipeline import assemble, build
from practicegraph.builder.publish import publish
from practicegraph.core.settings import BuildSettings

BASE = "http://localhost:8000/"
PREFIXES = f"""PREFIX pg: <{BASE}ns/praktijk#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
PRACTICE = f"<{BASE}id/praktijk/synthetisch-000001>"
MIX = {
    "resource lookup": f"SELECT ?p ?o WHERE {{ {PRACTICE} ?p ?o }}",
    "3-pattern join + FILTER": PREFIXES
    + """SELECT ?i ?m ?name WHERE {
        ?i a pg:LocalInitiative ; pg:municipality ?m . ?m rdfs:label ?name .
        FILTER (STRSTARTS(?name, "Be")) }""",
    "COUNT + GROUP BY": PREFIXES
    + """SELECT ?m (COUNT(?i) AS ?n) WHERE { ?i pg:municipality ?m }
        GROUP BY ?m ORDER BY DESC(?n)""",
    "OPTIONAL + regex FILTER": PREFIXES
    + """SELECT ?p ?title ?abstract WHERE {
        ?p a pg:Practice ; dct:title ?title OPTIONAL { ?p dct:abstract ?abstract }
        FILTER (REGEX(?title, "opvang", "i")) }""",
    "DESCRIBE": f"DESCRIBE {PRACTICE}",
}
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
JSON = "application/sparql-results+json"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited")
        try:
            httpx.get(url, timeout=2)
            return time.monotonic() - started
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{url}: not up after {seconds} s")


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def accept(query: str) -> str:
    return "text/turtle" if query.startswith("DESCRIBE") else JSON


def sparql_requests(path: str) -> list[Request]:
    """The mix as wrk sends it: each query by GET to the endpoint at `path`."""
    return [Request("GET", f"{path}?query={quote(query)}", accept(query)) for query in MIX.values()]


class Client:
    """A keep-alive HTTP/1.1 client from the standard library: it adds far less per request than
    httpx (about 0.1 ms against 2 ms here), so the figures are the servers', not the client's."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.path = parts.path or "/"
        self.connection = http.client.HTTPConnection(
            parts.hostname or "127.0.0.1", parts.port, timeout=600
        )

    def get(self, query: str) -> bytes:
        target = f"{self.path}?{urlencode({'query': query})}"
        try:
            self.connection.request("GET", target, headers={"Accept": accept(query)})
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionError):
            # the server closed an idle keep-alive connection (uvicorn does after 5 s): reconnect
            self.connection.close()
            self.connection.request("GET", target, headers={"Accept": accept(query)})
            response = self.connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{response.status}: {body[:200]!r}")
        return body

    def close(self) -> None:
        self.connection.close()


def over_http(client: Client, query: str) -> Callable[[], object]:
    return lambda: client.get(query)


def in_process(store: pyoxigraph.Store, query: str) -> Callable[[], object]:
    def run() -> object:
        result = store.query(query, use_default_graph_as_union=True)
        if isinstance(result, pyoxigraph.QuerySolutions):
            return result.serialize(format=pyoxigraph.QueryResultsFormat.JSON)
        assert isinstance(result, pyoxigraph.QueryTriples)  # the mix asks no ASK query
        return pyoxigraph.serialize(result, format=pyoxigraph.RdfFormat.TURTLE)

    return run


def stalled_ms(url: str, fast: str, slow: str, budget: float) -> tuple[float | None, float]:
    """Latency of a fast query sent while a slow one runs on the same server (None: it did not
    answer within the budget), and how long the slow one took."""
    slow_took: list[float] = []

    def run_slow() -> None:
        started = time.monotonic()
        with contextlib.suppress(httpx.TimeoutException):
            httpx.get(url, params={"query": slow}, headers={"Accept": JSON}, timeout=budget)
        slow_took.append(time.monotonic() - started)

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    try:
        httpx.get(url, params={"query": fast}, headers={"Accept": JSON}, timeout=budget)
        fast_took: float | None = (time.monotonic() - started) * 1000
    except httpx.TimeoutException:
        fast_took = None
    thread.join()
    return fast_took, slow_took[0]


def slow_for_peer(url: str, seconds: float) -> str:
    """A query that keeps rdflib busy for about `seconds`: K subjects times every triple."""

    def query(k: int) -> str:
        return f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ SELECT ?a WHERE {{ ?a ?b ?c }} LIMIT {k} }} ?d ?e ?f }}"

    started = time.monotonic()
    httpx.get(url, params={"query": query(2)}, headers={"Accept": JSON}, timeout=600)
    per_subject = max((time.monotonic() - started) / 2, 1e-3)
    return query(max(1, int(seconds / per_subject)))


def report_stall(who: str, waited: float | None, slow: float, budget: float) -> None:
    shown = f"{waited:.0f} ms" if waited is not None else f"no answer within {budget:.0f} s"
    print(f"{who}: a resource query sent during a {slow:.1f} s query took {shown}")


def prepare(folder: Path, triples: int, validate: bool) -> tuple[BuildSettings, float, int]:
    generate(folder, practices_for(triples))
    settings = BuildSettings(project_dir=folder)
    started = time.monotonic()
    if validate:
        outcome, built = build(settings)
        assert built is not None, outcome.violations[:3]
    else:
        freeze(Outcome(graphs=assemble(settings)), settings)
    took = time.monotonic() - started
    store = pyoxigraph.Store.read_only(str(settings.dist / "current" / "store"))
    return settings, took, len(store)


def main() -> None:
    parser = argparse.ArgumentParser(description="practicegraph query-mix benchmark")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--no-peer", action="store_true", help="skip rdflib-endpoint")
    parser.add_argument(
        "--validate-up-to",
        type=int,
        default=200_000,
        help="run SHACL validation in the build up to this size (the generator is "
        "checked against the shapes by tests/system/test_synthetic.py)",
    )
    parser.add_argument("--workdir", type=Path, help="keep generated builds here and reuse them")
    parser.add_argument(
        "--remote",
        action="store_true",
        help="also serve from an Oxigraph server (remote store) and time the same mix",
    )
    parser.add_argument(
        "--clients",
        type=int,
        nargs="*",
        default=[],
        help="with --remote: the mix's throughput at these numbers of wrk connections, ours "
        "against the Oxigraph server (e.g. --clients 8 32)",
    )
    parser.add_argument("--seconds", type=int, default=20, help="of wrk per target and count")
    parser.add_argument(
        "--workers", type=int, default=2, help="our uvicorn workers for the throughput rows"
    )
    arguments = parser.parse_args()
    if arguments.clients and not arguments.remote:
        parser.error("--clients compares with the Oxigraph server: add --remote")
    peer_command = shutil.which("rdflib-endpoint", path=str(Path(sys.executable).parent))
    print(
        f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; pyoxigraph {pyoxigraph.__version__}"
    )
    for size in arguments.sizes:
        keep = arguments.workdir is not None
        folder = (
            arguments.workdir / str(size)
            if keep
            else Path(tempfile.mkdtemp(prefix=f"pg-bench-{size}-"))
        )
        try:
            if keep and (folder / "dist" / "current").exists():
                settings, build_s = BuildSettings(project_dir=folder), float("nan")
                triples = len(pyoxigraph.Store.read_only(str(folder / "dist/current/store")))
            else:
                settings, build_s, triples = prepare(folder, size, size <= arguments.validate_up_to)
            print(
                f"\n== {triples} triples (target {size}); build {build_s:.1f} s"
                f"{'' if size <= arguments.validate_up_to else ' (validation skipped)'}"
            )
            run_size(
                settings,
                triples,
                arguments.repeat,
                None if arguments.no_peer else peer_command,
                arguments.remote,
                Throughput(arguments.clients, arguments.seconds, arguments.workers),
            )
        finally:
            if not keep:
                shutil.rmtree(folder, ignore_errors=True)


def our_server(
    settings: BuildSettings,
    port: int,
    store: str | None = None,
    workers: int = 1,
    cache_mb: int | None = None,
    extra: dict[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PRACTICEGRAPH_SPARQL_MAX_ROWS": "1000000", **(extra or {})}
    if store is not None:
        env["PRACTICEGRAPH_STORE"] = store
    if cache_mb is not None:
        env["PRACTICEGRAPH_RESPONSE_CACHE_MB"] = str(cache_mb)
        if cache_mb == 0:  # every one rendered: none read from disk either
            env["PRACTICEGRAPH_RENDER_CACHE_MB"] = "0"
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "practicegraph",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--project-dir",
            str(settings.project_dir),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def peer_server(settings: BuildSettings, command: str, port: int) -> subprocess.Popen[bytes]:
    """rdflib-endpoint serving the build's N-Triples dump; its endpoint is its root."""
    dump = settings.dist / "current" / "dumps" / "dataset.nt"
    return subprocess.Popen(
        [command, "serve", "--port", str(port), "--host", "127.0.0.1", str(dump)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def remote_server(
    settings: BuildSettings, cache_mb: int | None = None, workers: int = 1
) -> tuple[list[subprocess.Popen[bytes]], str]:
    """An Oxigraph server loaded with the build, and our server in front of it."""
    folder = Path(tempfile.mkdtemp(prefix="pg-bench-oxigraph-"))
    port = free_port()
    oxigraph = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "oxigraph"),
            "serve",
            "--location",
            str(folder),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", oxigraph, 60)
    started = time.monotonic()
    sent = publish(settings.dist / "current", f"http://127.0.0.1:{port}/store", settings.state)
    print(f"published {sent} triples to Oxigraph in {time.monotonic() - started:.1f} s")
    front = free_port()
    ours = our_server(settings, front, f"http://127.0.0.1:{port}/query", workers, cache_mb)
    wait_for(f"http://127.0.0.1:{front}/", ours, 60)
    return [ours, oxigraph], f"http://127.0.0.1:{front}/sparql"


def store_url(processes: list[subprocess.Popen[bytes]]) -> str:
    """The Oxigraph server's own query endpoint, of the processes remote_server started."""
    command = processes[1].args
    assert isinstance(command, list)
    bind = command[command.index("--bind") + 1]
    assert isinstance(bind, str)
    return f"http://{bind}/query"


@dataclass(frozen=True)
class Throughput:
    clients: list[int]
    seconds: int
    workers: int


def mix_throughput(settings: BuildSettings, engine: str, load: Throughput) -> None:
    """The mix under wrk at each number of connections: our server (embedded store), then the
    Oxigraph server at `engine` (its query URL), one after the other, each warmed up first."""
    most = str(max(load.clients))
    port = free_port()
    ours = our_server(
        settings,
        port,
        workers=load.workers,
        extra={
            "PRACTICEGRAPH_SPARQL_WORKERS": "1",  # × --workers: the cores
            "PRACTICEGRAPH_SPARQL_TIMEOUT": "60",  # queued queries get wrk's patience
            "PRACTICEGRAPH_SPARQL_CLIENT_LIMIT": most,  # wrk sends from one address
            "PRACTICEGRAPH_SPARQL_QUEUE_LIMIT": most,
        },
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/", ours, 60)
        engine_parts = urlsplit(engine)
        targets = (
            ("ours", f"http://127.0.0.1:{port}", sparql_requests("/sparql")),
            ("oxigraph", f"http://{engine_parts.netloc}", sparql_requests(engine_parts.path)),
        )
        print(f"\nthe mix under load ({load.workers} uvicorn workers × 1 query process)")
        print(HEADING)
        for clients in load.clients:
            rates = {}
            for who, url, requests in targets:
                run_wrk("warm-up", url, requests, clients, 3)
                time.sleep(2)  # the queries of wrk's closed connections end, and free fair use
                outcome = run_wrk(
                    f"{who}: mix, {clients} clients", url, requests, clients, load.seconds
                )
                print(outcome.line())
                rates[who] = outcome.throughput
                time.sleep(2)
            print(f"{'':<38}ours / oxigraph throughput: {rates['ours'] / rates['oxigraph']:.2f}")
    finally:
        ours.terminate()
        ours.wait(30)


def run_size(
    settings: BuildSettings,
    triples: int,
    repeat: int,
    peer_command: str | None,
    remote: bool,
    load: Throughput,
) -> None:
    port = free_port()
    ours = our_server(settings, port)
    peer = None
    remotes: list[subprocess.Popen[bytes]] = []
    try:
        ours_url = f"http://127.0.0.1:{port}/sparql"
        print(f"our server up in {wait_for(f'http://127.0.0.1:{port}/', ours, 60):.2f} s")
        peer_url = None
        if peer_command is not None:
            peer_port = free_port()
            peer = peer_server(settings, peer_command, peer_port)
            peer_url = f"http://127.0.0.1:{peer_port}/"  # its endpoint is the root
            print(f"rdflib-endpoint up in {wait_for(peer_url, peer, 1800):.1f} s")
        remote_url = None
        if remote:
            remotes, remote_url = remote_server(settings)
        floor_store = pyoxigraph.Store.read_only(str(settings.dist / "current" / "store"))
        print(
            f"{'query':<26}{'floor ms':>10}{'ours ms':>10}{'remote ms':>11}{'oxigraph ms':>13}"
            f"{'peer ms':>10}{'ours/floor':>12}{'ours/oxigraph':>15}{'peer/ours':>11}"
        )
        mine_client = Client(ours_url)
        peer_client = Client(peer_url) if peer_url else None
        remote_client = Client(remote_url) if remote_url else None
        engine_client = Client(store_url(remotes)) if remotes else None
        for name, query in MIX.items():
            floor = median_ms(in_process(floor_store, query), repeat)
            mine = median_ms(over_http(mine_client, query), repeat)
            far = (
                median_ms(over_http(remote_client, query), repeat)
                if remote_client
                else float("nan")
            )
            engine = (
                median_ms(over_http(engine_client, query), repeat)
                if engine_client
                else float("nan")
            )
            theirs = (
                median_ms(over_http(peer_client, query), max(3, repeat // 3))
                if peer_client
                else float("nan")
            )
            print(
                f"{name:<26}{floor:>10.2f}{mine:>10.2f}{far:>11.2f}{engine:>13.2f}{theirs:>10.1f}"
                f"{mine / floor:>12.2f}{mine / engine:>15.2f}{theirs / mine:>11.1f}"
            )
        mine_client.close()
        for client in (remote_client, engine_client):
            if client:
                client.close()
        if peer_client:
            peer_client.close()
        fast = MIX["resource lookup"]
        waited, slow = stalled_ms(ours_url, fast, SLOW, 60)
        report_stall("ours (the slow query is stopped at the 10 s limit)", waited, slow, 60)
        if peer_url:
            waited, slow = stalled_ms(peer_url, fast, slow_for_peer(peer_url, 8), 60)
            report_stall("peer", waited, slow, 60)
        if remotes and load.clients:
            mix_throughput(settings, store_url(remotes), load)
        print(f"({triples} triples)")
    finally:
        for process in (ours, peer, *remotes):
            if process is not None:
                process.terminate()
                process.wait(30)


if __name__ == "__main__":
    main()
