"""Load a finished build into a remote store with the SPARQL 1.1 Graph Store Protocol.

Every named graph of the build is PUT whole (so a rebuilt graph replaces the old one), as
N-Triples; graphs the build no longer has are deleted. Oxigraph server (/store), Fuseki
(/{dataset}/data), GraphDB (/repositories/{id}/rdf-graphs/service) and Virtuoso
(/sparql-graph-crud) speak it.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pyoxigraph

from practicegraph.layout import STORE


class PublishError(Exception):
    """The remote store refused or could not be reached; says which graph."""


def publish(folder: Path, url: str, timeout: float = 300) -> int:
    """PUT every graph of the build at `url`; returns the number of triples sent."""
    store = pyoxigraph.Store.read_only(str(folder / STORE))
    sent = 0
    with httpx.Client(timeout=timeout) as client:
        for graph in sorted(store.named_graphs(), key=lambda g: g.value):
            triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
            body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
            try:
                response = client.put(
                    url,
                    params={"graph": graph.value},
                    content=body,
                    headers={"Content-Type": "application/n-triples"},
                )
            except httpx.HTTPError as error:
                raise PublishError(f"{url}: {error}") from error
            if response.status_code not in (200, 201, 204):
                raise PublishError(
                    f"{url} refused graph {graph.value}: {response.status_code} {response.text}"
                )
            sent += len(triples)
    return sent
