"""Which later code replaced a place, read once per build from its municipalities graph: a
practice page names today's municipality beside the one of its reference date, and asking the
store about each place of each page was half of that page's time."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph

from practicegraph.core import urls
from practicegraph.store.base import Store
from practicegraph.web.render.view import PageBuilder, Value
from practicegraph.web.served_build import ServedBuild

REPLACED_BY = "http://purl.org/dc/terms/isReplacedBy"
END_DATE = "http://schema.org/endDate"


@dataclass(frozen=True)
class Successor:
    """The place that replaced one: "Hasselt, 71072", and the year it took over."""

    later: Value
    since: str | None


def successors(store: Store, published: ServedBuild) -> dict[str, Successor]:
    """Each replaced place's successor, by the place's link as a page shows it; of several,
    the first by IRI."""
    found = store.graph(str(published.minted.graph(urls.MUNICIPALITIES_GRAPH)))
    page = PageBuilder(found, published)
    ends = {
        t.subject.value: t.object.value
        for t in found
        if t.predicate.value == END_DATE
        and isinstance(t.subject, pyoxigraph.NamedNode)
        and isinstance(t.object, pyoxigraph.Literal)
    }
    table: dict[str, Successor] = {}
    for t in sorted(found, key=lambda t: str(t.object)):
        old, new = t.subject, t.object
        if t.predicate.value != REPLACED_BY or not isinstance(new, pyoxigraph.NamedNode):
            continue
        if not isinstance(old, pyoxigraph.NamedNode):
            continue
        link = published.local(old.value)
        if link is None or link in table:
            continue
        code = new.value.rstrip("/").rsplit("/", 1)[-1]
        later = Value(f"{page.labeller.label(new.value)}, {code}", published.local(new.value))
        year = ends.get(old.value, "")[:4]  # an xsd:date: the year first, whatever follows
        since = str(int(year) + 1) if year.isascii() and year.isdigit() else None
        table[link] = Successor(later, since)
    return table
