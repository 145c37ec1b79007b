"""Triples → what an HTML page shows: labelled properties, nested blank nodes, lists, links."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph

from practicegraph.web.render.facts import Facts
from practicegraph.web.render.links import linkable
from practicegraph.web.render.words import WORDS
from practicegraph.web.served_build import ServedBuild

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_FIRST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
RDF_NIL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"
Subject = pyoxigraph.NamedNode | pyoxigraph.BlankNode


@dataclass(slots=True)
class Value:
    text: str
    href: str | None = None
    external: bool = False
    lang: str | None = None
    datatype: str | None = None
    rows: list[Row] | None = None
    """A blank node, shown as a nested table."""
    items: list[Value] | None = None
    """An rdf:List, shown as an ordered list."""
    later: Value | None = None
    """For a place a later code replaced: that place ("Hasselt, 71072"), shown beside it."""
    since: str | None = None
    """The year the later place took over."""


@dataclass(slots=True)
class Row:
    iri: str
    label: str
    href: str | None
    external: bool
    values: list[Value] = field(default_factory=list)


@dataclass(slots=True)
class Section:
    iri: str
    title: str
    types: list[Value]
    rows: list[Row]


def order(value: Value) -> str:
    """A sort key for a value that includes what a blank node holds."""
    inner = [order(v) for v in value.items or []]
    inner += [row.iri + "".join(order(v) for v in row.values) for row in value.rows or []]
    return "\0".join([value.text, value.href or "", *inner])


class Labeller:
    """Names for IRIs: a Dutch label where the data has one, else English, else a Dutch word,
    else a prefixed name."""

    def __init__(self, facts: Facts, published: ServedBuild) -> None:
        self.published = published
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        self.named: dict[str, str] = {}
        self.linked: dict[str, tuple[str | None, bool]] = {}
        for subject, value in facts.labels:
            self.labels[subject].setdefault(value.language or "", value.value)

    def qname(self, iri: str) -> str:
        for prefix, namespace in self.published.longest_prefixes_first:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri

    def label(self, iri: str) -> str:
        """The data's own label (Dutch first), else the Dutch word for another vocabulary's
        term (words.py), else its prefixed name. Found once per page: the same predicates and
        places recur under every initiative."""
        known = self.named.get(iri)
        if known is None:
            known = self.named[iri] = self.find_label(iri)
        return known

    def find_label(self, iri: str) -> str:
        names = self.labels.get(iri, {})
        for language in ("nl", "en", ""):
            if language in names:
                return names[language]
        return next(iter(names.values()), WORDS.get(iri) or self.qname(iri))

    def link(self, iri: str) -> tuple[str | None, bool]:
        """Where a link to the IRI goes (ours: root-relative), and whether it leaves the site;
        no link for a scheme a page must not link to."""
        known = self.linked.get(iri)
        if known is None:
            local = self.published.local(iri)
            if local is not None:
                known = self.linked[iri] = (local, False)
            else:
                known = self.linked[iri] = (iri if linkable(iri) else None, True)
        return known


class PageBuilder:
    def __init__(self, triples: Facts | list[pyoxigraph.Triple], published: ServedBuild) -> None:
        """From the triples, or their Facts where the caller has made them (one pass each)."""
        self.facts = triples if isinstance(triples, Facts) else Facts(triples)
        self.labeller = Labeller(self.facts, published)

    def iri_value(self, iri: str) -> Value:
        href, external = self.labeller.link(iri)
        return Value(self.labeller.label(iri), href=href, external=external)

    def list_items(self, node: Subject, depth: int) -> list[Value] | None:
        items: list[Value] = []
        seen: set[str] = set()
        while node.value not in seen:
            seen.add(node.value)
            about = self.facts.about.get(node.value, {})
            first, rest = about.get(RDF_FIRST, []), about.get(RDF_REST, [])
            if len(first) != 1 or len(rest) != 1:
                return None
            items.append(self.value(first[0], depth))
            if isinstance(rest[0], pyoxigraph.NamedNode) and rest[0].value == RDF_NIL:
                return items
            if not isinstance(rest[0], pyoxigraph.BlankNode):
                return None
            node = rest[0]
        return None

    def value(self, term: object, depth: int) -> Value:
        if isinstance(term, pyoxigraph.NamedNode):
            if term.value == RDF_NIL:
                return Value("( )", items=[])
            return self.iri_value(term.value)
        if isinstance(term, pyoxigraph.Literal):
            datatype = term.datatype.value
            shown = (
                None
                if term.language or datatype.endswith("#string")
                else WORDS.get(datatype) or self.labeller.qname(datatype)
            )
            return Value(term.value, lang=term.language, datatype=shown)
        if isinstance(term, pyoxigraph.BlankNode) and depth < 8:
            items = self.list_items(term, depth + 1)
            if items is not None:
                return Value("", items=items)
            return Value("", rows=self.rows(term, depth + 1))
        return Value(str(term))

    def rows(self, subject: Subject, depth: int) -> list[Row]:
        grouped = {
            predicate: [self.value(value, depth) for value in values]
            for predicate, values in self.facts.about.get(subject.value, {}).items()
        }
        rows = []
        for values in grouped.values():
            if len(values) > 1:  # the same page whatever order the store gives, blank nodes too
                values.sort(key=order)
        for predicate, values in sorted(
            grouped.items(), key=lambda item: (item[0] != RDF_TYPE, item[0])
        ):
            href, external = self.labeller.link(predicate)
            rows.append(Row(predicate, self.labeller.label(predicate), href, external, values))
        return rows

    def section(self, iri: str) -> Section:
        node = pyoxigraph.NamedNode(iri)
        rows = self.rows(node, 0)
        types = [value for row in rows if row.iri == RDF_TYPE for value in row.values]
        return Section(iri, self.labeller.label(iri), types, rows)

    def incoming(self, iri: str, triples: list[pyoxigraph.Triple]) -> list[tuple[Value, str]]:
        """What links to the resource: (linking resource, label of the link)."""
        return [
            (self.iri_value(t.subject.value), self.labeller.label(t.predicate.value))
            for t in triples
            if isinstance(t.subject, pyoxigraph.NamedNode) and t.object == pyoxigraph.NamedNode(iri)
        ]
