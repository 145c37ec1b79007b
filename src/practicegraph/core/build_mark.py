"""How a build names itself in what it publishes, so that a remote store can be asked which
build it holds: the dataset's owl:versionInfo is the build's id, in the VoID graph. A publish
sends that graph last, so a store names a build only once it holds all of it."""

from __future__ import annotations

import pyoxigraph

from practicegraph.core.vocab import Minted

VERSION_INFO = "http://www.w3.org/2002/07/owl#versionInfo"


def graph(minted: Minted) -> str:
    return str(minted.graph("void"))


def quad(minted: Minted, build: str) -> pyoxigraph.Quad:
    return pyoxigraph.Quad(
        pyoxigraph.NamedNode(str(minted.dataset)),
        pyoxigraph.NamedNode(VERSION_INFO),
        pyoxigraph.Literal(build),
        pyoxigraph.NamedNode(graph(minted)),
    )


def query(minted: Minted) -> str:
    """The builds a store holds (one, or none before its first publish), as `?build`."""
    return (
        f"SELECT ?build WHERE {{ GRAPH <{graph(minted)}> "
        f"{{ <{minted.dataset}> <{VERSION_INFO}> ?build }} }}"
    )
