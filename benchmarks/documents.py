"""What whole documents cost: a practice with its initiatives, a municipality with a page of its
initiatives, framed JSON-LD and readable Turtle, against the single-resource description and
flat serialisation they replace, measured in this process on the same build.

    .venv/bin/python -m benchmarks.documents --size 1000000 --workdir /tmp/pg-bench

Prints, per kind of document and format, the median over `--repeat` documents of:
- before: the resource's own description (store.describe without its parts), written flat;
- whole: its document (with its parts), written as served (framed, readable), in process;
- served, cache off and cache on: the same document over HTTP from `practicegraph serve`
  (one client, keep-alive), the first round with the response cache off, then a server with it
  on, second round, from the cache;
and the ratios whole/before and served-cache-on/served-cache-off.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph
from fastapi.templating import Jinja2Templates

from benchmarks.run import free_port, our_server, prepare, wait_for
from practicegraph.core.build_folder import CURRENT
from practicegraph.core.formats import BY_MEDIA_TYPE, About, serialize_triples
from practicegraph.core.settings import BuildSettings, ServeSettings
from practicegraph.finder.search import PracticeIndex
from practicegraph.store.embedded import EmbeddedStore
from practicegraph.store.execute import Limits
from practicegraph.web.app import TEMPLATES
from practicegraph.web.render.documents import Documents
from practicegraph.web.served_build import ServedBuild

FORMATS = ("text/turtle", "application/ld+json")


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def documents_of(store: pyoxigraph.Store, base: str, kind: str, count: int) -> list[str]:
    query = f"SELECT ?s WHERE {{ ?s a <{base}ns/praktijk#{kind}> }} LIMIT {count}"
    rows = store.query(query, use_default_graph_as_union=True)
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    return [row[0].value for row in rows]


def in_process(
    published: ServedBuild, documents: Documents, old: EmbeddedStore, iris: list[str], media: str
) -> tuple[float, float]:
    """Median ms of the old description written flat, and of the whole document as served."""
    rdf = BY_MEDIA_TYPE[media]
    args = (published.prefixes, published.context, published.context_url)
    before, whole = [], []
    for iri in iris:
        started = time.perf_counter()
        serialize_triples(old.describe(iri), rdf, *args)
        before.append(time.perf_counter() - started)
        started = time.perf_counter()
        found, _more = documents.description_page(iri)
        serialize_triples(found, rdf, *args, About(iri, published.minted))
        whole.append(time.perf_counter() - started)
    return median_ms(before), median_ms(whole)


def served(port: int, paths: list[str], media: str, rounds: int) -> float:
    """Median ms of the last round of GETs over one keep-alive connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    times: list[float] = []
    for _ in range(rounds):
        times = []
        for path in paths:
            started = time.perf_counter()
            connection.request("GET", path, headers={"Accept": media})
            response = connection.getresponse()
            response.read()
            assert response.status == 200, (path, response.status)
            times.append(time.perf_counter() - started)
    connection.close()
    return median_ms(times)


def sized_build(description: str) -> tuple[argparse.Namespace, BuildSettings]:
    """The command line (--size, --repeat, --workdir) and the synthetic build of that size,
    made once in the work folder and reused."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
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
    serve = ServeSettings(project_dir=settings.project_dir)
    published = ServedBuild.open(serve)
    limits = Limits(1000, published.prefixes, published.context, published.context_url)
    store = EmbeddedStore(published.folder, limits, 1, 10.0, 512)
    templates = Jinja2Templates(directory=TEMPLATES)
    documents = Documents(published, store, templates, PracticeIndex.open(published.folder), 200)
    old = EmbeddedStore(published.folder, limits, 1, 10.0, 512)
    old.documents = {}  # a resource's own description only, as before whole documents
    base = settings.base
    raw = pyoxigraph.Store.read_only(str(published.folder / "store"))
    kinds = {
        kind: documents_of(raw, base, kind, arguments.repeat)
        for kind in ("Practice", "Municipality")
    }
    print(f"{'document':<14}{'format':<22}{'before':>9}{'whole':>9}{'ratio':>7}"
          f"{'cache off':>11}{'cache on':>10}{'ratio':>7}")  # fmt: skip
    rows = []
    for kind, iris in kinds.items():
        for media in FORMATS:
            before, whole = in_process(published, documents, old, iris, media)
            rows.append((kind, media, iris, before, whole))
    timings: dict[tuple[str, str], list[float]] = {}
    for cache_mb in (0, 256):
        port = free_port()
        process = our_server(settings, port, cache_mb=cache_mb)
        try:
            wait_for(f"http://127.0.0.1:{port}/", process, 120)
            for kind, media, iris, _before, _whole in rows:
                paths = ["/doc/" + iri.removeprefix(base + "id/") for iri in iris]
                timings.setdefault((kind, media), []).append(
                    served(port, paths, media, 1 if cache_mb == 0 else 2)
                )
        finally:
            process.terminate()
            process.wait(30)
    for kind, media, _iris, before, whole in rows:
        off, on = timings[(kind, media)]
        print(f"{kind:<14}{media:<22}{before:>8.2f} {whole:>8.2f} {whole / before:>6.1f}"
              f"{off:>10.2f} {on:>9.2f} {on / off:>6.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
