"""What one document costs: practices (with their initiatives), municipalities (with a page of
their initiatives) and initiatives, in every format the server offers, against the fixed cost of
any request to the same server, on the same build. Run it with the code to compare on the
PYTHONPATH: the server it starts runs that code.

    .venv/bin/python -m benchmarks.documents --size 231000 --workdir /tmp/pg-bench

Prints, per kind of document and format, the median over `--repeat` documents (the best median
of `--rounds` rounds: the machine is shared, and the least disturbed round is the closest to
what a document costs) of:
- cache off: the document over HTTP from `practicegraph serve` (one client, keep-alive),
  neither the response cache nor the disk cache kept: every answer rendered;
- cache on: the same from a server with both caches, once they hold it;
and the floor: a request that renders nothing (/healthz) on the same server. The issue's target
is a practice document within 5 ms in every format, served, cache off.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pyoxigraph

from benchmarks.run import free_port, our_server, prepare, wait_for
from practicegraph.core.build_folder import CURRENT
from practicegraph.core.settings import BuildSettings

FORMATS = ("text/html", "text/turtle", "application/ld+json", "application/n-triples")
KINDS = ("Practice", "Municipality", "LocalInitiative")
FLOOR = "/healthz"


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def best_median_ms(rounds: int, run: Callable[[], list[float]]) -> float:
    """The lowest of `rounds` medians: noise on a shared machine only ever adds time."""
    return min(median_ms(run()) for _ in range(rounds))


def documents_of(store: pyoxigraph.Store, base: str, kind: str, count: int) -> list[str]:
    query = f"SELECT ?s WHERE {{ ?s a <{base}ns/praktijk#{kind}> }} LIMIT {count}"
    rows = store.query(query, use_default_graph_as_union=True)
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    return [row[0].value for row in rows]


def served(connection: http.client.HTTPConnection, paths: list[str], media: str) -> list[float]:
    """Seconds per GET over one keep-alive connection."""
    times = []
    for path in paths:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Accept": media})
        response = connection.getresponse()
        response.read()
        assert response.status == 200, (path, response.status)
        times.append(time.perf_counter() - started)
    return times


def sized_build(description: str) -> tuple[argparse.Namespace, BuildSettings]:
    """The command line (--size, --repeat, --rounds, --workdir) and the synthetic build of that
    size, made once in the work folder and reused."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workdir", type=Path)
    arguments = parser.parse_args()
    folder = arguments.workdir or Path(tempfile.mkdtemp(prefix="pg-documents-"))
    project = folder / f"documents-{arguments.size}"
    if (project / "dist" / CURRENT).exists():
        return arguments, BuildSettings(project_dir=project)
    settings, took, triples = prepare(project, arguments.size, validate=False)
    print(f"built {triples:,} triples in {took:.1f} s")
    return arguments, settings


def main() -> None:
    arguments, settings = sized_build(__doc__.splitlines()[0])
    raw = pyoxigraph.Store.read_only(str(settings.dist / CURRENT / "store"))
    print(f"{len(raw):,} triples; best median of {arguments.rounds} rounds, ms")
    kinds = {kind: documents_of(raw, settings.base, kind, arguments.repeat) for kind in KINDS}
    del raw
    rounds = arguments.rounds
    over_http: dict[tuple[str, str], list[float]] = {}
    floors = []
    for cache_mb in (0, 256):
        port = free_port()
        process = our_server(settings, port, cache_mb=cache_mb)
        try:
            wait_for(f"http://127.0.0.1:{port}/", process, 120)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            floor = partial(served, connection, [FLOOR] * 30, "*/*")
            floors.append(best_median_ms(rounds, floor))
            for kind, iris in kinds.items():
                paths = ["/doc/" + iri.removeprefix(settings.base + "id/") for iri in iris]
                for media in FORMATS:
                    served(connection, paths, media)  # cache on: this round fills it
                    took = best_median_ms(rounds, partial(served, connection, paths, media))
                    over_http.setdefault((kind, media), []).append(took)
            connection.close()
        finally:
            process.terminate()
            process.wait(30)
    print(f"floor ({FLOOR}): {floors[0]:.2f} ms cache off, {floors[1]:.2f} ms cache on")
    print(f"{'document':<17}{'format':<23}{'cache off':>11}{'cache on':>10}{'off/floor':>11}")
    for (kind, media), (off, on) in over_http.items():
        print(f"{kind:<17}{media:<23}{off:>11.2f}{on:>10.2f}{off / floors[0]:>11.1f}")


if __name__ == "__main__":
    main()
