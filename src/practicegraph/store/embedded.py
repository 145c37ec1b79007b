"""The default store: a frozen pyoxigraph store opened read-only, public queries in worker
processes but those that cannot run away."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph

from practicegraph.core.build_folder import DOCUMENTS, STORE
from practicegraph.core.describe import closure
from practicegraph.core.document_kinds import Growing, growing
from practicegraph.store import fragments, light
from practicegraph.store.base import (
    LABELS,
    RDF_TYPE,
    Fragment,
    QuadPattern,
    QueryAnswer,
    QueryJob,
    classes,
    named,
)
from practicegraph.store.execute import Limits, execute
from practicegraph.store.held import held
from practicegraph.store.pool import QueryPool

LABELLED = 16_384
"""Nodes whose labels a process remembers: the build is read-only, so they never go stale."""
LIGHT_ROWS = 200
"""The most rows (or triples) a query that cannot run away is answered with in the serving
process, on its event loop: about 3 ms of work at most (200 triples of long literals as JSON-LD,
the dearest format). Past them the query is asked again of the pool: a DESCRIBE of a resource with
a million triples costs this process 200, and its client the answer the pool gives."""


def blank_object(triple: pyoxigraph.Triple) -> pyoxigraph.BlankNode | None:
    return triple.object if isinstance(triple.object, pyoxigraph.BlankNode) else None


class EmbeddedStore:
    """Resource lookups run here, by pattern; SPARQL runs in the pool, but for the queries that
    cannot run away. `copy_mb`: a query worker's budget for its copy of the store in memory;
    `own_copy_mb`: this process's."""

    def __init__(
        self,
        build: Path,
        limits: Limits,
        workers: int,
        timeout: float,
        memory_mb: int,
        *,
        copy_mb: int = 0,
        own_copy_mb: int = 0,
    ) -> None:
        self.store = held(str(build / STORE), own_copy_mb)
        """Documents are read here, some 300 quads each: from a copy in memory where the store
        fits `own_copy_mb` (0.5 against 1.6 ms for a practice's), else from disk (see `held`)."""
        self.documents: dict[str, list[str]] = json.loads(
            (build / DOCUMENTS).read_text(encoding="utf-8")
        )
        self.limits = limits
        self.pool = QueryPool(build / STORE, limits, workers, timeout, memory_mb, copy_mb=copy_mb)
        self.names = lru_cache(maxsize=LABELLED)(self._names)
        """A node's label triples: the same concepts, places and predicates are named in most
        documents, and five lookups each were most of a description's time."""

    async def start(self) -> None:
        await self.pool.start()

    async def close(self) -> None:
        await self.pool.close()

    def _triples(
        self, subject: pyoxigraph.NamedNode | pyoxigraph.BlankNode
    ) -> list[pyoxigraph.Triple]:
        return [quad.triple for quad in self.store.quads_for_pattern(subject, None, None, None)]

    def describe(self, *iris: str) -> list[pyoxigraph.Triple]:
        """CBD of the resources (and of the hash IRIs their documents describe), plus labels."""
        subjects: list[pyoxigraph.NamedNode | pyoxigraph.BlankNode] = [
            subject
            for iri in iris
            if named(iri) is not None
            for subject in (
                pyoxigraph.NamedNode(iri),
                *(pyoxigraph.NamedNode(member) for member in self.documents.get(iri, [])),
            )
        ]
        described, seen = closure(subjects, self._triples, blank_object)
        if not described:
            return []
        linked = {o for t in described if isinstance(o := t.object, pyoxigraph.NamedNode)}
        linked |= {t.predicate for t in described}
        return described + self._labels(linked - seen)

    def _names(self, node: Any) -> tuple[pyoxigraph.Triple, ...]:
        return tuple(
            quad.triple
            for label in LABELS
            for quad in self.store.quads_for_pattern(node, label, None, None)
        )

    def _labels(self, nodes: set[Any]) -> list[pyoxigraph.Triple]:
        return [triple for node in nodes for triple in self.names(node)]

    def incoming(self, iri: str, limit: int, labelled: bool = True) -> list[pyoxigraph.Triple]:
        """Links to the resource, at most `limit`, with the labels of the linking resources."""
        found: dict[pyoxigraph.Triple, None] = {}
        node = named(iri)
        if node is None:
            return []
        for quad in self.store.quads_for_pattern(None, None, node, None):
            found[quad.triple] = None
            if len(found) >= limit:
                break
        links = list(found)
        if not labelled:
            return links
        return links + self._labels({t.subject for t in links} | {t.predicate for t in links})

    def description_page(
        self, iri: str, shapes: Mapping[str, Growing], page: int, size: int
    ) -> tuple[list[pyoxigraph.Triple], bool]:
        found = self.describe(iri)
        shape = growing(classes(iri, found), shapes) if found else None
        if shape is None:
            return found, False
        links = self.parts(iri, shape.predicates, size + 1, (page - 1) * size)
        subjects = list(dict.fromkeys(t.subject.value for t in links))  # type: ignore[union-attr]
        more, subjects = len(subjects) > size, subjects[:size]
        if not subjects:
            return found, False
        if shape.described:
            added = self.describe(*subjects)
        else:
            kept = set(subjects)
            added = [t for t in links if t.subject.value in kept] + self.labels(*subjects)  # type: ignore[union-attr]
        return list(dict.fromkeys(found + added)), more

    def parts(
        self, iri: str, predicates: tuple[str, ...], limit: int, offset: int
    ) -> list[pyoxigraph.Triple]:
        """The links to the resource with one of the predicates, from one page of their
        subjects in IRI order: the parts of a document that can grow without bound."""
        node = named(iri)
        if node is None:
            return []
        links: dict[str, list[pyoxigraph.Triple]] = {}
        for predicate in predicates:
            for quad in self.store.quads_for_pattern(None, pyoxigraph.NamedNode(predicate), node):
                if isinstance(quad.subject, pyoxigraph.NamedNode):
                    links.setdefault(quad.subject.value, []).append(quad.triple)
        page = sorted(links)[offset : offset + limit]
        return [triple for subject in page for triple in dict.fromkeys(links[subject])]

    def labels(self, *iris: str) -> list[pyoxigraph.Triple]:
        return self._labels({node for iri in iris if (node := named(iri)) is not None})

    def graph(self, name: str) -> list[pyoxigraph.Triple]:
        graph = named(name)
        if graph is None:
            return []
        return [quad.triple for quad in self.store.quads_for_pattern(None, None, None, graph)]

    def graph_names(self) -> list[str]:
        return sorted(node.value for node in self.store.named_graphs())

    def instances(self, class_iri: str, limit: int) -> list[str]:
        found: dict[str, None] = {}
        for quad in self.store.quads_for_pattern(
            None, RDF_TYPE, pyoxigraph.NamedNode(class_iri), None
        ):
            if isinstance(quad.subject, pyoxigraph.NamedNode):
                found[quad.subject.value] = None
                if len(found) >= limit:
                    break
        return list(found)

    def fragment(self, pattern: QuadPattern, page: int, size: int) -> Fragment:
        return fragments.fragment(self.store, pattern, page, size)

    def workers_alive(self) -> tuple[int, int] | None:
        return self.pool.alive(), self.pool.size

    async def query(self, job: QueryJob) -> QueryAnswer:
        """A query that cannot run away (light.py), over the store's own dataset, is answered
        here, unless its answer is longer than LIGHT_ROWS; every other query, and that one
        then, by a worker of the pool. Both ways run `execute`, so they answer alike. Here
        means on the event loop: a thread would cost a light query a fifth of its time, and
        pyoxigraph's answers may only be dropped by the thread that made them."""
        if not (job.default_graphs or job.named_graphs) and light.cannot_run_away(job.query):
            budget = replace(self.limits, max_rows=min(LIGHT_ROWS, self.limits.max_rows))
            answer = execute(self.store, job, budget)
            if answer.truncated_at is None or budget.max_rows == self.limits.max_rows:
                return answer
        return await self.pool.run(job)

    async def ready(self) -> None:
        """One quad read in this process, by pattern: asked of a query worker, the check waited
        behind public queries, and two runaway ones made /readyz fail for their whole time."""
        next(iter(self.store.quads_for_pattern(None, None, None, None)), None)
