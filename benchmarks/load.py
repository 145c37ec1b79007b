"""Load test: 32 clients for 60 s per target, with wrk (C, epoll: a light load generator beside
the servers on a small machine), against the same machine's HTTP floor and peer.

    apt-get install wrk                        # the load generator
    .venv/bin/pip install rdflib-endpoint      # the peer; not a dependency of practicegraph
    .venv/bin/python -m benchmarks.load --size 1000000 --workdir /tmp/pg-bench

Targets, all on the same data in this run:
- floor: a bare FastAPI hello-world route on uvicorn (the most any FastAPI route can do here);
- resources: our resource fetches in HTML, Turtle, JSON-LD and N-Triples, and dump HEADs
  (up to 2,000 of each kind cycled): in the first 20 s of a fresh start (from the process's
  start, its start-up included; nothing rendered yet), then on a new start while the caches fill (each document
  rendered once, kept on disk for every process) and from the filled caches, after a restart
  (the rendered documents on disk), and with the cache off, every document rendered from the
  store;
- sparql: our SPARQL query mix (the five queries of benchmarks/run.py, JSON results);
- peer: rdflib-endpoint on the N-Triples dump, with the same SPARQL mix;
- remote: our server in front of an Oxigraph server (the remote store), both mixes, the
  resources with the response cache off (against the embedded store's with it off).
Prints requests/s, p50/p99 latency and errors per target, the ratios the issue names, the
start-up time to a first answer and the memory of our serving processes (benchmarks/memory.py:
each one's RSS, anonymous and file-backed parts and PSS; the PSS sum is what they hold
together, the RSS sum counts shared pages once per process).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pyoxigraph

from benchmarks.memory import summary, tree_memory
from benchmarks.run import (
    free_port,
    our_server,
    peer_server,
    prepare,
    remote_server,
    sparql_requests,
    wait_for,
)
from benchmarks.wrk import HEADING, Outcome, Request, run_wrk
from practicegraph.core.build_folder import CURRENT, RENDERED
from practicegraph.core.settings import BuildSettings

RESOURCE_FORMATS = ("text/html", "text/turtle", "application/ld+json", "application/n-triples")


def resource_requests(settings: BuildSettings, count: int) -> list[Request]:
    """Practices, initiatives and municipalities in every format, drawn from the build's own
    IRIs, and conditional GETs of every dump (a harvester checking for a new one: 304; wrk
    cannot read the answer to a HEAD, it waits for the body the headers announce)."""
    store = pyoxigraph.Store.read_only(str(settings.dist / "current" / "store"))
    base = settings.base
    iris: list[str] = []
    for kind in ("Practice", "LocalInitiative", "Municipality"):
        query = f"SELECT ?s WHERE {{ ?s a <{base}ns/praktijk#{kind}> }} LIMIT {count}"
        found = store.query(query, use_default_graph_as_union=True)
        assert isinstance(found, pyoxigraph.QuerySolutions)
        iris += [row[0].value for row in found]
    pick = random.Random(7)
    requests = [
        Request("GET", "/doc/" + iri.removeprefix(base + "id/"), pick.choice(RESOURCE_FORMATS))
        for iri in iris
    ]
    pick.shuffle(requests)
    return requests


def with_dump_checks(url: str, requests: list[Request]) -> list[Request]:
    """Mix in a conditional GET of every dump, with the ETag the server gives it."""
    listing = httpx.get(f"{url}/dumps/", headers={"Accept": "application/json"}).json()
    checks = []
    for name in (entry["name"] for entry in listing["files"]):
        etag = httpx.head(f"{url}/dumps/{name}").headers["etag"]
        checks.append(Request("GET", f"/dumps/{name}", "*/*", f"If-None-Match: {etag}"))
    mixed = requests + checks * max(1, len(requests) // 20)
    random.Random(8).shuffle(mixed)
    return mixed


def floor_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "benchmarks.floor:app",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


STOPPING = 180
"""Seconds a server may take to stop: it ends the requests it holds first, and after the SPARQL
mix that is every query queued behind the slow ones (at 628k triples, 30 s was too short)."""


def stop(*processes: subprocess.Popen[bytes] | None) -> None:
    for process in processes:
        if process is not None:
            process.terminate()
            process.wait(STOPPING)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="target triples")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers, ours and floor")
    parser.add_argument(
        "--sparql-workers",
        type=int,
        default=1,
        help="query processes per uvicorn worker (2 × 1 keeps both cores busy)",
    )
    parser.add_argument("--workdir", type=Path, help="keep the generated build and reuse it")
    parser.add_argument(
        "--warmup",
        type=int,
        default=60,
        help="seconds of the resource mix before it is measured, while the caches fill",
    )
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--no-remote", action="store_true")
    arguments = parser.parse_args()
    assert shutil.which("wrk"), "install wrk (Debian: apt-get install wrk)"
    # queries queue behind each other under load: give them wrk's patience, not the public 10 s
    os.environ.setdefault("PRACTICEGRAPH_SPARQL_TIMEOUT", "60")
    # every wrk client comes from one address: fair use would refuse all but two of them
    os.environ.setdefault("PRACTICEGRAPH_SPARQL_CLIENT_LIMIT", str(arguments.clients))
    os.environ.setdefault("PRACTICEGRAPH_SPARQL_QUEUE_LIMIT", str(arguments.clients))
    os.environ["PRACTICEGRAPH_SPARQL_WORKERS"] = str(arguments.sparql_workers)
    folder = arguments.workdir or Path(tempfile.mkdtemp(prefix="pg-load-"))
    if (folder / "dist" / "current").exists():
        settings = BuildSettings(project_dir=folder)
    else:
        settings, took, _ = prepare(folder, arguments.size, arguments.size <= 200_000)
        print(f"built in {took:.1f} s")
    triples = len(pyoxigraph.Store.read_only(str(settings.dist / "current" / "store")))
    print(
        f"machine: {os.cpu_count()} cores; {triples} triples; {arguments.clients} clients × "
        f"{arguments.seconds} s per target; {arguments.workers} uvicorn workers × "
        f"{arguments.sparql_workers} query processes"
    )
    clients = arguments.clients
    load = (clients, arguments.seconds)
    outcomes: dict[str, Outcome] = {}

    port = free_port()
    floor = floor_server(port, arguments.workers)
    wait_for(f"http://127.0.0.1:{port}/", floor, 60)
    outcomes["floor"] = run_wrk(
        "floor (hello world)", f"http://127.0.0.1:{port}", [Request("GET", "/", "*/*")], *load
    )
    stop(floor)

    resources = resource_requests(settings, 2000)
    rendered = settings.dist / CURRENT / RENDERED
    shutil.rmtree(rendered, ignore_errors=True)  # nothing rendered yet
    port = free_port()
    started = time.monotonic()
    fresh = our_server(settings, port, workers=arguments.workers)
    wait_for(f"http://127.0.0.1:{port}{resources[0].path}", fresh, 120)
    print(f"start-up to a first answer: {time.monotonic() - started:.2f} s (from process start)")
    try:  # a first start, nothing rendered on disk or in any process: its first 20 s count
        url = f"http://127.0.0.1:{port}"  # from the process's start, start-up included
        resources = with_dump_checks(url, resources)
        left = max(1, round(20 - (time.monotonic() - started)))
        outcomes["resources, fresh"] = run_wrk(
            "ours: resources, fresh, first 20 s", url, resources, clients, left
        )
        outcomes["resources, fresh"].seconds = 20.0
    finally:
        stop(fresh)

    shutil.rmtree(rendered, ignore_errors=True)
    port = free_port()
    ours = our_server(settings, port, workers=arguments.workers)
    wait_for(f"http://127.0.0.1:{port}{resources[0].path}", ours, 120)
    try:
        time.sleep(5)  # every worker up
        idle = tree_memory(ours.pid)
        url = f"http://127.0.0.1:{port}"
        # each document is rendered once (by whichever process is asked first, kept on disk for
        # the others) before the caches answer: measured apart, as a server that has run a
        # while has long done it
        outcomes["resources, filling"] = run_wrk(
            "ours: resources, cache filling", url, resources, clients, arguments.warmup
        )
        outcomes["resources"] = run_wrk("ours: resources, cache filled", url, resources, *load)
        outcomes["sparql"] = run_wrk("ours: SPARQL mix", url, sparql_requests("/sparql"), *load)
        print(summary("our serving processes idle, MB", idle))
        print(summary("after the load (the target: a PSS sum ≤ 1,024 MB)", tree_memory(ours.pid)))
    finally:
        stop(ours)

    port = free_port()
    started = time.monotonic()
    restarted = our_server(settings, port, workers=arguments.workers)
    wait_for(f"http://127.0.0.1:{port}{resources[0].path}", restarted, 120)
    print(f"restart to a first answer: {time.monotonic() - started:.2f} s")
    try:  # a restart: empty memory in every process, the rendered documents on disk
        outcomes["resources, restarted"] = run_wrk(
            "ours: resources, restarted, first 20 s", f"http://127.0.0.1:{port}", resources,
            clients, 20,
        )  # fmt: skip
    finally:
        stop(restarted)

    port = free_port()
    uncached = our_server(settings, port, workers=arguments.workers, cache_mb=0)
    wait_for(f"http://127.0.0.1:{port}{resources[0].path}", uncached, 120)
    try:
        time.sleep(5)
        outcomes["resources, no cache"] = run_wrk(
            "ours: resources, every one rendered", f"http://127.0.0.1:{port}", resources, *load
        )
    finally:
        stop(uncached)

    if not arguments.no_remote:
        processes, remote_url = remote_server(settings, cache_mb=0, workers=arguments.workers)
        try:
            base = remote_url.removesuffix("/sparql")
            outcomes["remote resources"] = run_wrk(
                "remote: resources, every one rendered", base, resources, *load
            )
            outcomes["remote sparql"] = run_wrk(
                "remote: SPARQL mix", base, sparql_requests("/sparql"), *load
            )
        finally:
            stop(*processes)

    peer_command = shutil.which("rdflib-endpoint", path=str(Path(sys.executable).parent))
    if peer_command and not arguments.no_peer:
        port = free_port()
        peer = peer_server(settings, peer_command, port)
        try:
            print(
                f"rdflib-endpoint up in {wait_for(f'http://127.0.0.1:{port}/', peer, 3600):.0f} s"
            )
            outcomes["peer"] = run_wrk(
                "peer: SPARQL mix", f"http://127.0.0.1:{port}", sparql_requests("/"), *load
            )
        finally:
            stop(peer)

    print(f"\n{HEADING}")
    for outcome in outcomes.values():
        print(outcome.line())
    for kind, least in (
        ("resources", 0.50),
        ("resources, fresh", 0.10),
        ("resources, filling", 0.40),
        ("resources, restarted", 0.40),
        ("resources, no cache", 0.10),
    ):
        ratio = outcomes[kind].throughput / outcomes["floor"].throughput
        print(f"\n{kind} / floor throughput: {ratio:.2f} (target ≥ {least:.2f})")
    if "peer" in outcomes:
        ratio = outcomes["sparql"].throughput / outcomes["peer"].throughput
        print(f"SPARQL mix ours / peer throughput: {ratio:.1f}× (target ≥ 20×)")
    if "remote resources" in outcomes:
        for remote, embedded, target in (
            ("remote resources", "resources, no cache", " (target ≥ 0.50)"),
            ("remote sparql", "sparql", ""),
        ):
            ratio = outcomes[remote].throughput / outcomes[embedded].throughput
            print(f"{remote} / embedded {embedded}: {ratio:.2f}{target}")


if __name__ == "__main__":
    main()
