"""What one document costs: practices (with their initiatives), municipalities (with a page of
their initiatives) and initiatives, in every format the server offers, against the fixed cost of
any request to the same server, measured in this process on the same build.

    .venv/bin/python -m benchmarks.documents --size 231000 --workdir /tmp/pg-bench

Prints, per kind of document and format, the median over `--repeat` documents (the best median
of `--rounds` rounds: the machine is shared, and the least disturbed round is the closest to
what a document costs) of:
- in process: the answer the route gives (description from the store, then written or laid
  out), without HTTP;
- served, cache off: the same document over HTTP from `practicegraph serve` (one client,
  keep-alive), neither the response cache nor the disk cache kept;
- served, cache on: the same again from a server with both caches, from the cache;
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
from fastapi.templating import Jinja2Templates
from starlette.requests import Request

from benchmarks.run import free_port, our_server, prepare, wait_for
from practicegraph.core.build_folder import CURRENT
from practicegraph.core.settings import BuildSettings, ServeSettings
from practicegraph.finder.search import PracticeIndex
from practicegraph.store.embedded import EmbeddedStore
from practicegraph.store.execute import Limits
from practicegraph.web.app import TEMPLATES
from practicegraph.web.render.documents import Documents
from practicegraph.web.served_build import ServedBuild

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


def first(
    description_page: Callable[[str], tuple[list[pyoxigraph.Triple], bool]], iri: str
) -> list[pyoxigraph.Triple]:
    return description_page(iri)[0]


def in_process(documents: Documents, iris: list[str], media: str) -> list[float]:
    """Seconds per document for the route's answer: description, then writing or layout."""
    times = []
    for iri in iris:
        request = Request(
            {
                "type": "http",
                "method": "GET",
                "path": "/doc/",
                "headers": [(b"accept", media.encode())],
                "query_string": b"",
            }
        )
        started = time.perf_counter()
        triples = partial(first, documents.description_page, iri)
        own = partial(documents.store.describe, iri)  # as the /doc/ route asks
        answer = documents.answer(request, iri, iri, None, triples, True, for_people=own)
        times.append(time.perf_counter() - started)
        assert answer.status_code == 200, (iri, answer.status_code)
    return times


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
    published = ServedBuild.open(ServeSettings(project_dir=settings.project_dir))
    limits = Limits(1000, published.prefixes, published.context, published.context_url)
    store = EmbeddedStore(published.folder, limits, 1, 10.0, 512)
    templates = Jinja2Templates(directory=TEMPLATES)
    documents = Documents(published, store, templates, PracticeIndex.open(published.folder), 200)
    raw = pyoxigraph.Store.read_only(str(published.folder / "store"))
    print(f"{len(raw):,} triples; best median of {arguments.rounds} rounds, ms")
    kinds = {kind: documents_of(raw, settings.base, kind, arguments.repeat) for kind in KINDS}
    rounds = arguments.rounds
    inside = {
        (kind, media): best_median_ms(rounds, partial(in_process, documents, iris, media))
        for kind, iris in kinds.items()
        for media in FORMATS
    }
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
    print(f"{'document':<17}{'format':<23}{'in process':>11}{'cache off':>11}{'cache on':>10}"
          f"{'off/floor':>11}")  # fmt: skip
    for (kind, media), took in inside.items():
        off, on = over_http[(kind, media)]
        print(f"{kind:<17}{media:<23}{took:>11.2f}{off:>11.2f}{on:>10.2f}"
              f"{off / floors[0]:>11.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
