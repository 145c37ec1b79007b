"""Pattern fragments over a pyoxigraph store by pattern lookup (never SPARQL text): a page is
read by skipping to it, and the count stops at a cap, so one request reads at most its offset
plus a page, and the cap."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

import pyoxigraph

from practicegraph.store.base import Fragment, QuadPattern

COUNT_CAP = 10_000
"""How far a fragment's matches are counted: exact below, an estimate ("at least") at it. Some
40 ms over a local store; a client needs the count only to order its lookups."""


def matching(store: pyoxigraph.Store, pattern: QuadPattern) -> Iterator[pyoxigraph.Quad]:
    """The quads that match, in the store's order. In the default graph, the union of the named
    graphs: each triple once, as a quad of the default graph."""
    found = store.quads_for_pattern(pattern.subject, pattern.predicate, pattern.object, None)
    if isinstance(pattern.graph, pyoxigraph.NamedNode):
        yield from store.quads_for_pattern(
            pattern.subject, pattern.predicate, pattern.object, pattern.graph
        )
    elif pattern.graph is None:
        yield from (q for q in found if not isinstance(q.graph_name, pyoxigraph.DefaultGraph))
    else:
        seen: set[pyoxigraph.Triple] = set()
        for quad in found:
            if quad.triple not in seen:
                seen.add(quad.triple)
                yield pyoxigraph.Quad(quad.subject, quad.predicate, quad.object)


def fragment(
    store: pyoxigraph.Store, pattern: QuadPattern, page: int, size: int, cap: int = COUNT_CAP
) -> Fragment:
    """Page `page` (from 1) of `size` matches, whether a next one exists, the count to `cap`."""
    start = (page - 1) * size
    quads = list(islice(matching(store, pattern), start, start + size + 1))
    total = sum(1 for _ in islice(matching(store, pattern), cap))
    return Fragment(quads[:size], total, cap, len(quads) > size)
