"""Load a finished build into a remote store with the SPARQL 1.1 Graph Store Protocol.

Every named graph of the build is PUT whole (so a rebuilt graph replaces the old one), as
N-Triples; graphs that the last build published to the same store had and this one has not (a
withdrawn practice) are deleted. The VoID graph, which names the build (core.build_mark), goes
last: a store names a build only once it holds the whole of it, and a server reading from it
can tell whether it serves the same build (/readyz). The protocol cannot list a store's graphs,
so what was published where is kept in state/published/. Oxigraph server (/store), Fuseki
(/{dataset}/data), GraphDB (/repositories/{id}/rdf-graphs/service) and Virtuoso
(/sparql-graph-crud) speak it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import httpx
import pyoxigraph

from practicegraph.core import build_mark
from practicegraph.core.build_folder import STORE, Manifest
from practicegraph.core.vocab import Minted


class PublishError(Exception):
    """The remote store refused or could not be reached; says which graph."""


def record_of(state: Path, url: str) -> Path:
    """Where the graphs last published to the store at `url` are listed."""
    return state / "published" / f"{hashlib.sha256(url.encode()).hexdigest()[:16]}.json"


def publish(folder: Path, url: str, state: Path, timeout: float = 300) -> int:
    """PUT every graph of the build at `url`, delete those it no longer has, then the graph that
    names the build; returns the number of triples sent."""
    store = pyoxigraph.Store.read_only(str(folder / STORE))
    manifest = Manifest.read(folder)
    mark = build_mark.graph(Minted(manifest.base))
    record = record_of(state, url)
    before = (
        set(json.loads(record.read_text(encoding="utf-8"))["graphs"]) if record.exists() else set()
    )
    names = sorted(store.named_graphs(), key=lambda g: (g.value == mark, g.value))
    sent = 0
    with httpx.Client(timeout=timeout) as client:
        for gone in sorted(before - {graph.value for graph in names}):
            _send(client, "DELETE", url, gone, b"", {})
        for graph in names:
            triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
            body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
            headers = {"Content-Type": "application/n-triples"}
            _send(client, "PUT", url, graph.value, body, headers)
            sent += len(triples)
    record.parent.mkdir(parents=True, exist_ok=True)
    listed = {"store": url, "build": manifest.build, "graphs": [graph.value for graph in names]}
    record.write_text(json.dumps(listed, indent=1) + "\n", encoding="utf-8")
    return sent


def _send(
    client: httpx.Client, method: str, url: str, graph: str, body: bytes, headers: dict[str, str]
) -> None:
    """One Graph Store Protocol request; a graph to delete that is not there is no error."""
    try:
        response = client.request(
            method, url, params={"graph": graph}, content=body, headers=headers
        )
    except httpx.HTTPError as error:
        raise PublishError(f"{url}: {error}") from error
    if response.status_code not in (200, 201, 204) and not (
        method == "DELETE" and response.status_code == 404
    ):
        raise PublishError(
            f"{url} refused {method} of graph {graph}: {response.status_code} {response.text}"
        )
