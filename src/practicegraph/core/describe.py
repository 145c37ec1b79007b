"""A resource's bounded description: its triples and those of every blank node they lead to,
each once. One walk for both graph types: the build's graphs (rdflib) and the store's."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import TypeVar

from rdflib import BNode, Graph, Node, URIRef

Triple = tuple[Node, Node, Node]
N = TypeVar("N", bound=Hashable)
T = TypeVar("T", bound=Hashable)


def closure(
    starts: Iterable[N], outgoing: Callable[[N], Iterable[T]], onward: Callable[[T], N | None]
) -> tuple[list[T], set[N]]:
    """The triples `outgoing` gives for the starts and for every node `onward` leads to, in the
    order found, each once; and the nodes visited."""
    found: dict[T, None] = {}
    frontier = list(starts)
    seen: set[N] = set()
    while frontier:
        node = frontier.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in outgoing(node):
            found[triple] = None
            following = onward(triple)
            if following is not None:
                frontier.append(following)
    return list(found), seen


def describe(graphs: list[Graph], entity: URIRef) -> list[Triple]:
    """The entity's own triples, in the graphs that have it as subject, and the blank nodes
    they lead to."""

    def outgoing(node: Node) -> Iterator[Triple]:
        for graph in graphs:
            yield from graph.triples((node, None, None))

    def onward(triple: Triple) -> Node | None:
        return triple[2] if isinstance(triple[2], BNode) else None

    start: Node = entity
    return closure([start], outgoing, onward)[0]
