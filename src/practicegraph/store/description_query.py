"""A resource's document as one SPARQL query, for a store over HTTP: the bounded description of
its roots (blank nodes followed), the labels of what it links to, and which parts of a document
that grows (document_shapes) are on the page asked for. Only parts described whole (a
municipality's initiatives) take a second query.

DESCRIBE would do the first part in one query too, but what it returns is the engine's choice
(SPARQL 1.1 §16.4); a SELECT written out here answers the same on every engine. SPARQL cannot
say "follow blank nodes only", so the query walks `depth` steps, each step one blank node and
the rdf:List it may head (a list's cells are one step, however long); `deeper()` tells the caller
when a description went past that and must be asked again with more steps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial

import pyoxigraph

from practicegraph.core.document_kinds import Growing, growing
from practicegraph.store.base import LABELS, classes, named

RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
DEPTH = 1
"""Steps asked for first, before a store has seen what a kind of resource needs: a practice's
lists and contact points are one step; shapes need three."""
MAX_DEPTH = 48
"""Past this a description is answered as far as it goes (a structure of blank nodes nested
this deep is not a document anyone reads)."""

DOCUMENT, PART = "d", "p"
"""Row kinds: a triple of the document; a part of the document on the page asked for."""
PART_KIND = pyoxigraph.Literal(PART)
LABEL_FILTER = "FILTER(?p IN ({}))".format(", ".join(f"<{label.value}>" for label in LABELS))


def _steps(level: int) -> tuple[str, str]:
    """Patterns from ?r through `level` blank nodes, and the variable of the node reached. A
    blank node's rdf:rest is not a step: the list it continues came with the step to its head."""
    patterns, node = [], "?r"
    for step in range(1, level + 1):
        head, cell = f"?h{step}", f"?n{step}"
        patterns.append(
            f"{node} ?q{step} {head} . FILTER(isBlank({head})"
            f" && (?q{step} != <{RDF_REST}> || !isBlank({node})))"
            f" {head} <{RDF_REST}>* {cell} . FILTER isBlank({cell})"
        )
        node = cell
    return " ".join(patterns), node


def _described(roots: str, depth: int) -> list[str]:
    """Branches giving, for each level, the triples of its nodes and the labels of their
    objects, as ?s ?p ?o with ?k the row kind. The labels of their predicates, a few hundred
    terms of the vocabularies, the Describer asks once and keeps (a third of the work here)."""
    branches = []
    for level in range(depth + 1):
        walk, node = _steps(level)
        tag = f'BIND("{DOCUMENT}" AS ?k)'
        branches += [
            f"{{ {roots} {walk} {node} ?p ?o . BIND({node} AS ?s) {tag} }}",
            f"{{ {roots} {walk} {node} ?x ?s . ?s ?p ?o FILTER isIRI(?s) {LABEL_FILTER} {tag} }}",
        ]
    return branches


def _labels_of(roots: str) -> str:
    return f'{{ {roots} ?r ?p ?o {LABEL_FILTER} BIND(?r AS ?s) BIND("{DOCUMENT}" AS ?k) }}'


def labels(iris: Iterable[str]) -> str:
    """The labels of the resources."""
    return _select([_labels_of(_roots(iris))])


def _iri(iri: str) -> str:
    return f"<{pyoxigraph.NamedNode(iri).value}>"


def _roots(iris: Iterable[str]) -> str:
    return "VALUES ?r {{ {} }}".format(" ".join(_iri(iri) for iri in iris))


def kind_of(iri: str) -> str:
    """What resources that need alike steps share: their IRI up to the last slash."""
    return iri.rpartition("/")[0]


def describe(iris: Iterable[str], depth: int) -> str:
    """The bounded descriptions of the resources and the labels of what they link to."""
    return _select(_described(_roots(iris), depth))


def description_and_parts(
    iri: str, members: Iterable[str], shapes: Mapping[str, Growing], depth: int
) -> str:
    """The resource's description with its members', and, if its class makes it grow, all its
    parts (rows of kind PART, the part as ?s): the caller takes the page. ORDER BY with LIMIT
    would send only the page, but Oxigraph compares IRIs by their text, read from disk for each
    comparison: 23 ms for a municipality's 524 initiatives at 1M triples, against 1.4 ms for
    all of them unsorted (Python sorts them in well under one). Blank nodes among them are left
    out by rows(), not by FILTER isIRI here: Virtuoso 7's compiler fails on that filter in this
    branch ("sparp_gp_deprecate(): equiv replaces filter")."""
    branches = _described(_roots((iri, *members)), depth)
    target = _iri(iri)
    for class_iri, shape in shapes.items():
        values = " ".join(_iri(p) for p in shape.predicates)
        branches.append(
            f"{{ {target} a {_iri(class_iri)} . VALUES ?q {{ {values} }} ?s ?q {target}"
            f' BIND("{PART}" AS ?k) }}'
        )
    return _select(branches)


def linked_parts(iri: str, parts: Iterable[str], shape: Growing) -> str:
    """Parts that are only linked: their links to the resource, and their labels."""
    roots = _roots(parts)
    values = " ".join(_iri(p) for p in shape.predicates)
    target = _iri(iri)
    return _select(
        [
            f"{{ {roots} VALUES ?p {{ {values} }} ?r ?p {target} BIND(?r AS ?s)"
            f' BIND({target} AS ?o) BIND("{DOCUMENT}" AS ?k) }}',
            _labels_of(roots),
        ]
    )


def _select(branches: list[str]) -> str:
    return "SELECT DISTINCT ?k ?s ?p ?o WHERE {\n" + "\nUNION ".join(branches) + "\n}"


@dataclass(frozen=True)
class Rows:
    """A query's answer: the document's triples and, in IRI order, the parts it named."""

    triples: list[pyoxigraph.Triple]
    parts: list[str]


def rows(solutions: pyoxigraph.QuerySolutions) -> Rows:
    """The rows as triples and parts; a row no query of ours gives (a literal subject) is left
    out rather than failing the page."""
    names = [variable.value for variable in solutions.variables]
    columns = [names.index(name) for name in ("k", "s", "p", "o")]
    triples: dict[pyoxigraph.Triple, None] = {}
    parts = set()
    for solution in solutions:
        values = tuple(solution)
        kind, subject, predicate, value = (values[column] for column in columns)
        if kind == PART_KIND:
            if isinstance(subject, pyoxigraph.NamedNode):
                parts.add(subject.value)
        elif (
            isinstance(subject, pyoxigraph.NamedNode | pyoxigraph.BlankNode)
            and isinstance(predicate, pyoxigraph.NamedNode)
            and value is not None
        ):
            triples[pyoxigraph.Triple(subject, predicate, value)] = None
    return Rows(list(triples), sorted(parts))


def deeper(found: Rows) -> bool:
    """Whether the description links to a blank node it does not describe: one past the steps
    the query walked (or one with no triples at all, which no depth will describe)."""
    subjects = {t.subject for t in found.triples}
    return any(
        isinstance(t.object, pyoxigraph.BlankNode) and t.object not in subjects
        for t in found.triples
    )


def has_blank(found: Rows) -> bool:
    return any(isinstance(t.object, pyoxigraph.BlankNode) for t in found.triples)


Ask = Callable[[str], Rows]
"""How a SELECT reaches the store and comes back as rows: over HTTP for the remote store, in
process in tests."""


class Describer:
    """Descriptions and documents through these queries, from any SPARQL store."""

    def __init__(self, ask: Ask, documents: Mapping[str, list[str]]) -> None:
        self.ask = ask
        self.documents = documents
        """Our hash IRIs by the document that describes them (the build's documents.json)."""
        self.depths: dict[str, int] = {}
        """The steps the last description of each kind of resource needed (kind_of)."""
        self.predicate_labels: dict[str, list[pyoxigraph.Triple]] = {}
        """The labels of every predicate seen so far (a store serves one build: they stay)."""

    def _rows(self, query: Callable[[int], str], kind: str, roots: list[str]) -> Rows:
        """The answer, asked again with more steps while it stops short of a blank node; it
        starts with the steps the last resource of the same kind needed: none for most."""
        depth = self.depths.get(kind, DEPTH)
        while True:
            found = self.ask(query(depth))
            if depth >= MAX_DEPTH or not deeper(found):
                self.depths[kind] = depth if has_blank(found) else 0
                break
            depth = min(max(1, depth * 4), MAX_DEPTH)
        return Rows(list(dict.fromkeys(found.triples + self._labelled(found, roots))), found.parts)

    def _labelled(self, found: Rows, roots: list[str]) -> list[pyoxigraph.Triple]:
        """The labels of the predicates of the description (not of the labels it adds), asked
        once per predicate and kept."""
        described = set(roots)
        used = {
            t.predicate.value
            for t in found.triples
            if isinstance(t.subject, pyoxigraph.BlankNode)
            or (isinstance(t.subject, pyoxigraph.NamedNode) and t.subject.value in described)
        }
        missing = used - self.predicate_labels.keys()
        if missing:
            fetched: dict[str, list[pyoxigraph.Triple]] = {p: [] for p in missing}
            for triple in self.ask(labels(missing)).triples:
                if (
                    isinstance(triple.subject, pyoxigraph.NamedNode)
                    and triple.subject.value in fetched
                ):
                    fetched[triple.subject.value].append(triple)
            self.predicate_labels.update(fetched)
        # in IRI order, not the set's: replicas (other hash seeds) must write documents alike
        return [t for predicate in sorted(used) for t in self.predicate_labels[predicate]]

    def describe(self, *iris: str) -> list[pyoxigraph.Triple]:
        """The resources' descriptions with those of the hash IRIs their documents describe."""
        roots = [
            name
            for iri in iris
            if named(iri) is not None
            for name in (iri, *self.documents.get(iri, []))
        ]
        if not roots:
            return []
        return self._rows(partial(describe, roots), kind_of(roots[0]), roots).triples

    def description_page(
        self, iri: str, shapes: Mapping[str, Growing], page: int, size: int
    ) -> tuple[list[pyoxigraph.Triple], bool]:
        """One query for the description and the parts, of which the page is taken here; a
        second for the parts on it, only where the resource has them."""
        if named(iri) is None:
            return [], False
        members = self.documents.get(iri, [])
        roots = [iri, *members]
        found = self._rows(
            partial(description_and_parts, iri, members, shapes), kind_of(iri), roots
        )
        shape = growing(classes(iri, found.triples), shapes)
        window = found.parts[(page - 1) * size : page * size + 1]
        if shape is None or not window:
            return found.triples, False
        more, parts = len(window) > size, window[:size]
        if shape.described:
            added = self.describe(*parts)
        else:
            added = self.ask(linked_parts(iri, parts, shape)).triples
        return list(dict.fromkeys(found.triples + added)), more
