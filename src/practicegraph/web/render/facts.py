"""Lookups in one document's triples, by subject and predicate: the index is made in one pass,
since each pass over a document's triples makes a Python object of each term it reads (some 600
triples for a practice, and its page, its labels and its schema.org block asked a dozen questions
of them)."""

from __future__ import annotations

import pyoxigraph

from practicegraph.store.base import LABELS

DCT_TITLE = "http://purl.org/dc/terms/title"
SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LABEL_IRIS = frozenset(label.value for label in LABELS)
Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal


class Facts:
    """What a document says of each subject (by its IRI, or a blank node's id), by predicate,
    in the order the triples came in."""

    def __init__(self, triples: list[pyoxigraph.Triple]) -> None:
        self.about: dict[str, dict[str, list[Term]]] = {}
        self.blank: set[str] = set()
        """The subjects that are blank nodes."""
        self.labels: list[tuple[str, pyoxigraph.Literal]] = []
        """(subject, text) of every label (LABELS), in the order the triples came in."""
        for triple in triples:
            subject = triple.subject
            key = subject.value  # type: ignore[union-attr]
            by = self.about.get(key)
            if by is None:
                by = self.about[key] = {}
                if isinstance(subject, pyoxigraph.BlankNode):
                    self.blank.add(key)
            predicate = triple.predicate.value
            value = triple.object
            by.setdefault(predicate, []).append(value)  # type: ignore[arg-type]
            if predicate in LABEL_IRIS and isinstance(value, pyoxigraph.Literal):
                self.labels.append((key, value))

    def values(self, subject: str, predicate: str) -> list[Term]:
        return self.about.get(subject, {}).get(predicate, [])

    def iris(self, subject: str, predicate: str) -> list[str]:
        return sorted(
            v.value for v in self.values(subject, predicate) if isinstance(v, pyoxigraph.NamedNode)
        )

    def subjects(self, predicate: str, target: str) -> list[str]:
        """The IRIs (and blank nodes' ids) that link to `target` by `predicate`, sorted."""
        wanted = pyoxigraph.NamedNode(target)
        return sorted(
            subject for subject, by in self.about.items() if wanted in by.get(predicate, ())
        )

    def text(self, subject: str, *predicates: str) -> str | None:
        """The Dutch text (or the only one) of the first predicate that has one."""
        for predicate in predicates:
            found = [
                v for v in self.values(subject, predicate) if isinstance(v, pyoxigraph.Literal)
            ]
            dutch = [v.value for v in found if v.language == "nl"]
            if dutch or found:
                return (dutch or [found[0].value])[0]
        return None

    def name(self, iri: str) -> str:
        """Its label, else its title, else the IRI itself."""
        return self.text(iri, SKOS_PREF_LABEL, RDFS_LABEL, DCT_TITLE) or iri
