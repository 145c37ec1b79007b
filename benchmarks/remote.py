"""What a document costs from the remote store against the embedded one: our server in front of
an Oxigraph server (loopback) beside our server on its embedded store, both with the response
cache off, on the same build, in this run.

    .venv/bin/python -m benchmarks.remote --size 1000000 --workdir /tmp/pg-bench

Prints, per kind of document and format, the median ms over `--repeat` documents and two rounds
(after one unmeasured), each document fetched from the one server then the other over a
keep-alive connection to each, so that both meet the same moments of a noisy machine; and
remote/embedded.
"""

from __future__ import annotations

import http.client
import time

import pyoxigraph

from benchmarks.documents import documents_of, median_ms, sized_build
from benchmarks.run import free_port, our_server, remote_server, wait_for
from practicegraph.core.build_folder import CURRENT

FORMATS = ("text/turtle", "application/ld+json", "text/html")
KINDS = ("Practice", "Municipality")


def fetch(connection: http.client.HTTPConnection, path: str, media: str) -> float:
    started = time.perf_counter()
    connection.request("GET", path, headers={"Accept": media})
    response = connection.getresponse()
    response.read()
    assert response.status == 200, (path, response.status)
    return time.perf_counter() - started


def side_by_side(ports: tuple[int, int], paths: list[str], media: str) -> tuple[float, float]:
    """Median ms of each server, the same documents in turn, the first round unmeasured."""
    connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=600) for port in ports]
    times: tuple[list[float], list[float]] = ([], [])
    for measured in (False, True, True):
        for path in paths:
            for connection, kept in zip(connections, times, strict=True):
                took = fetch(connection, path, media)
                if measured:
                    kept.append(took)
    for connection in connections:
        connection.close()
    return median_ms(times[0]), median_ms(times[1])


def main() -> None:
    arguments, settings = sized_build(__doc__.splitlines()[0])
    raw = pyoxigraph.Store.read_only(str(settings.dist / CURRENT / "store"))
    print(f"{len(raw):,} triples; medians of {arguments.repeat} documents, cache off")
    paths = {
        kind: [
            "/doc/" + iri.removeprefix(settings.base + "id/")
            for iri in documents_of(raw, settings.base, kind, arguments.repeat)
        ]
        for kind in KINDS
    }
    del raw
    port = free_port()
    embedded = our_server(settings, port, cache_mb=0)
    processes, remote_url = remote_server(settings, cache_mb=0)
    remote = int(remote_url.split(":")[2].split("/")[0])
    try:
        wait_for(f"http://127.0.0.1:{port}/", embedded, 120)
        print(f"{'document':<14}{'format':<22}{'embedded':>10}{'remote':>10}{'ratio':>8}")
        for kind, listed in paths.items():
            for media in FORMATS:
                near, far = side_by_side((port, remote), listed, media)
                print(f"{kind:<14}{media:<22}{near:>9.2f} {far:>9.2f} {far / near:>7.2f}")
    finally:
        for process in (embedded, *processes):
            process.terminate()
            process.wait(30)


if __name__ == "__main__":
    main()
