"""Fair use under load: 32 clients, of which 4 send runaway SPARQL queries (each from its own
address, through a trusted proxy header) while 28 fetch resources; the resources' latency
against the same mix without the runaways, measured in the same run.

    .venv/bin/python -m benchmarks.fairness --workdir /tmp/pg-bench --seconds 30

Prints requests/s, p50 and p99 of the resource mix alone and beside the runaways, the ratio,
and what the runaway clients got (429 Too Many Requests, 503 at the time limit). Target: p99 of
the resources ≤ 50 ms beside the runaways (the fair-use issue).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from benchmarks.load import resource_requests
from benchmarks.run import free_port, our_server, prepare, wait_for
from benchmarks.wrk import run_wrk
from practicegraph.core.settings import BuildSettings

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def runaways(
    url: str, clients: int, stop: threading.Event, got: Counter[int]
) -> list[threading.Thread]:
    def client(address: str) -> None:
        with httpx.Client(timeout=120) as http:
            while not stop.is_set():
                response = http.get(
                    f"{url}/sparql",
                    params={"query": RUNAWAY},
                    headers={"X-Forwarded-For": address, "Accept": "text/csv"},
                )
                got[response.status_code] += 1
                if response.status_code == 429:
                    time.sleep(float(response.headers.get("retry-after", "1")))

    threads = [
        threading.Thread(target=client, args=(f"198.51.100.{n}",), daemon=True)
        for n in range(1, clients + 1)
    ]
    for thread in threads:
        thread.start()
    return threads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runaways", type=int, default=4)
    parser.add_argument("--warmup", type=int, default=60, help="seconds while the caches fill")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workdir", type=Path)
    arguments = parser.parse_args()
    folder = arguments.workdir or Path(tempfile.mkdtemp(prefix="pg-fair-"))
    if (folder / "dist" / "current").exists():
        settings = BuildSettings(project_dir=folder)
    else:
        settings, _took, _triples = prepare(folder, arguments.size, arguments.size <= 200_000)
    os.environ["PRACTICEGRAPH_TRUSTED_PROXIES"] = '["127.0.0.1"]'
    resources = resource_requests(settings, 2000)
    port = free_port()
    server = our_server(settings, port, workers=arguments.workers)
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}{resources[0].path}", server, 120)
    others = arguments.clients - arguments.runaways
    try:
        run_wrk("warm-up", url, resources, others, arguments.warmup)  # the caches fill
        alone = run_wrk("resources alone", url, resources, others, arguments.seconds)
        stop, got = threading.Event(), Counter[int]()
        threads = runaways(url, arguments.runaways, stop, got)
        time.sleep(2)  # the runaways run
        beside = run_wrk(
            f"resources beside {arguments.runaways} runaways",
            url,
            resources,
            others,
            arguments.seconds,
        )
        stop.set()
        for thread in threads:
            thread.join(120)
    finally:
        server.terminate()
        server.wait(30)
    print(f"\n{'target':<38}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'requests':>10}{'errors':>8}")
    for outcome in (alone, beside):
        print(outcome.line())
    print(
        f"\np99 beside / alone: {beside.p99_ms / alone.p99_ms:.2f}; p99 beside: {beside.p99_ms:.1f} ms (target ≤ 50)"
    )
    print(f"runaway clients got: {dict(sorted(got.items()))}")


if __name__ == "__main__":
    main()
