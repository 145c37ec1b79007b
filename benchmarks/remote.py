"""What documents and queries cost from each tested remote store against the embedded one: our
server in front of an Oxigraph server, Virtuoso 7 and Apache Jena Fuseki (each on loopback,
started as the tests start them, `tests/engines.py`), beside our server on its embedded store,
all with the response cache off, on the same build, in this run.

    .venv/bin/python -m benchmarks.remote --size 1000000 --workdir /tmp/pg-bench

Prints, per kind of document and format, and per query of the SPARQL mix (benchmarks/run.py),
the median ms over `--repeat` documents (or repeats of the query) and two rounds after one
unmeasured, each request sent to every server in turn over a keep-alive connection to each, so
that all meet the same moments of a noisy machine; and each store's ratio to embedded. A store
that cannot start here (no Virtuoso, Fuseki's jars not fetched: `make test` fetches them) is
left out, and the run says so.
"""

from __future__ import annotations

import contextlib
import http.client
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph
from tests.engines import ENGINES

from benchmarks.documents import documents_of, median_ms, sized_build
from benchmarks.run import MIX, accept, free_port, our_server, wait_for
from practicegraph.builder.publish import publish
from practicegraph.core.build_folder import CURRENT
from practicegraph.core.settings import BuildSettings

FORMATS = ("text/turtle", "application/ld+json", "text/html")
KINDS = ("Practice", "Municipality")


def request(connection: http.client.HTTPConnection, path: str, media: str, body: str = "") -> float:
    started = time.perf_counter()
    if body:
        headers = {"Accept": media, "Content-Type": "application/x-www-form-urlencoded"}
        connection.request("POST", path, body=body, headers=headers)
    else:
        connection.request("GET", path, headers={"Accept": media})
    response = connection.getresponse()
    response.read()
    assert response.status == 200, (path, response.status)
    return time.perf_counter() - started


def side_by_side(ports: list[int], asked: list[tuple[str, str, str]]) -> list[float]:
    """Median ms of each server over the same requests (path, media, form body) in turn."""
    connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=600) for port in ports]
    times: list[list[float]] = [[] for _ in ports]
    for measured in (False, True, True):
        for path, media, body in asked:
            for connection, kept in zip(connections, times, strict=True):
                took = request(connection, path, media, body)
                if measured:
                    kept.append(took)
    for connection in connections:
        connection.close()
    return [median_ms(kept) for kept in times]


@contextlib.contextmanager
def fronted(settings: BuildSettings, name: str, folder: Path) -> Iterator[int]:
    """The build published to one engine, and our server in front of it: its port."""
    with ENGINES[name](folder) as engine:
        started = time.monotonic()
        sent = publish(settings.dist / CURRENT, engine.graph_store, folder)
        print(f"{name}: published {sent:,} triples in {time.monotonic() - started:.1f} s")
        port = free_port()
        ours = our_server(settings, port, engine.query, cache_mb=0)
        try:
            wait_for(f"http://127.0.0.1:{port}/", ours, 120)
            yield port
        finally:
            ours.terminate()
            ours.wait(30)


def table(ports: list[int], names: list[str], rows: dict[str, list[tuple[str, str, str]]]) -> None:
    heading = "".join(f"{n:>12}" for n in names)
    print(f"\n{'':<40}{'embedded':>10}{heading}   ratios to embedded")
    for label, asked in rows.items():
        near, *far = side_by_side(ports, asked)
        ratios = " ".join(f"{f / near:>5.2f}" for f in far)
        print(f"{label:<40}{near:>10.2f}{''.join(f'{f:>12.2f}' for f in far)}   {ratios}")


def main() -> None:
    arguments, settings = sized_build(__doc__.splitlines()[0])
    raw = pyoxigraph.Store.read_only(str(settings.dist / CURRENT / "store"))
    print(f"{len(raw):,} triples; medians of {arguments.repeat} documents, cache off")
    documents = {
        f"{kind} {media}": [
            ("/doc/" + iri.removeprefix(settings.base + "id/"), media, "")
            for iri in documents_of(raw, settings.base, kind, arguments.repeat)
        ]
        for kind in KINDS
        for media in FORMATS
    }
    del raw
    queries = {
        f"SPARQL: {name}": [("/sparql", accept(text), urlencode({"query": text}))] * 5
        for name, text in MIX.items()
    }
    port = free_port()
    embedded = our_server(settings, port, cache_mb=0)
    wait_for(f"http://127.0.0.1:{port}/", embedded, 120)
    ports, names = [port], []
    with contextlib.ExitStack() as stack:
        for name in sorted(ENGINES):
            try:
                folder = Path(tempfile.mkdtemp(prefix=f"pg-bench-{name}-"))
                ports.append(stack.enter_context(fronted(settings, name, folder)))
                names.append(name)
            except (AssertionError, OSError, RuntimeError) as error:
                print(f"{name}: left out, it did not start here ({error})")
        try:
            table(ports, names, documents)
            table(ports, names, queries)
        finally:
            embedded.terminate()
            embedded.wait(30)


if __name__ == "__main__":
    main()
