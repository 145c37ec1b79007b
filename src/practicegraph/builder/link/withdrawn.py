"""A withdrawn IRI stays withdrawn until its tombstone goes: a check across files.

data/withdrawn.ttl holds the tombstones (`as:Tombstone`) of what left the data; the server
answers their IRIs with 410 Gone. An IRI that some other file describes again would be both
gone and present, so the build refuses it, naming the file and line that describe it. SHACL
judges one practice file at a time, so this check is the build's own.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
from rdflib import Graph, Node, URIRef
from rdflib.namespace import RDF

from practicegraph.builder.parse.sources import SourceGraph
from practicegraph.builder.validate.findings import Finding, Locator, Namer
from practicegraph.core.vocab import AS, Minted

SHAPE = "withdrawn IRIs"
MESSAGE = (
    "{node} was withdrawn (as:Tombstone in {tombstones}) and is described here again: remove"
    " its tombstone (importing its page again does), or this description."
)


def buried(graphs: list[SourceGraph]) -> dict[Node, str]:
    """Every IRI with a tombstone in the graphs, and the file that holds it."""
    return {
        node: source.path.as_posix()
        for source in graphs
        for node in source.graph.subjects(RDF.type, AS.Tombstone)
    }


def buried_in_store(store: Path, minted: Minted) -> dict[Node, str]:
    """The tombstones of the last build, for a build that parses only what changed."""
    graphs = str(minted.graph(""))
    found = pyoxigraph.Store.read_only(str(store)).quads_for_pattern(
        None, pyoxigraph.NamedNode(str(RDF.type)), pyoxigraph.NamedNode(str(AS.Tombstone))
    )
    return {
        URIRef(quad.subject.value): quad.graph_name.value.removeprefix(graphs) + ".ttl"
        for quad in found
        if isinstance(quad.subject, pyoxigraph.NamedNode)
        and isinstance(quad.graph_name, pyoxigraph.NamedNode)
    }


def described_again(
    graphs: list[SourceGraph], tombstones: dict[Node, str], minted: Minted, project_dir: Path
) -> list[Finding]:
    namer = Namer(minted, Graph())
    found = []
    for source in graphs:
        if source.kind != "data":
            continue
        for node in sorted(set(source.graph.subjects()) & tombstones.keys(), key=str):
            if (node, RDF.type, AS.Tombstone) in source.graph:
                continue
            _source, line = Locator([source], minted.base, project_dir).locate(node)
            found.append(
                Finding(
                    severity="Violation",
                    message=MESSAGE.format(node=namer.term(node), tombstones=tombstones[node]),
                    focus=namer.term(node),
                    path=None,
                    value=None,
                    shape=SHAPE,
                    constraint="described again",
                    file=source.path.as_posix(),
                    line=line,
                )
            )
    return found
