"""Contact points as they are published: the rule of docs/publishing.md ("Personal data").

A contact point from a page may mix a service's mailbox with a person's name and address. The
build splits it: what is an organisation's (functional addresses) becomes a vcard:Organization,
published always; what is a person's (a name, unless reviewed functional; an address the list
data/personal-data.csv calls personal or proposes) becomes a vcard:Individual, published only
where PRACTICEGRAPH_PUBLISH_PERSONAL_CONTACTS allows, and never in the event stream.
"""

from __future__ import annotations

from dataclasses import replace

from rdflib import BNode, Graph, Node
from rdflib.namespace import DCAT, RDF

from practicegraph.builder.sources import SourceGraph
from practicegraph.builder.validate import Finding
from practicegraph.personal_data import FILE, PersonalData
from practicegraph.vocab import VCARD

HANDLED = (RDF.type, VCARD.fn, VCARD.hasEmail)


def publish(graph: Graph, personal: PersonalData, people: bool) -> None:
    """Rewrite the graph's contact points (blank nodes) by the rule, in place; with `people`
    False, nothing personal is left."""
    for holder, card in list(graph.subject_objects(DCAT.contactPoint)):
        if not isinstance(card, BNode):
            continue
        names = list(graph.objects(card, VCARD.fn))
        emails = list(graph.objects(card, VCARD.hasEmail))
        other = [(p, o) for p, o in graph.predicate_objects(card) if p not in HANDLED]
        mine = [n for n in names if personal.status("name", str(n)) != "functional"]
        theirs = [e for e in emails if personal.personal("email", address(e))]
        graph.remove((holder, DCAT.contactPoint, card))
        graph.remove((card, None, None))
        organisation: list[tuple[Node, Node]] = [(VCARD.fn, n) for n in names if n not in mine]
        organisation += [(VCARD.hasEmail, e) for e in emails if e not in theirs] + other
        if organisation:
            add_card(graph, holder, VCARD.Organization, organisation)
        if people and (mine or theirs):
            person: list[tuple[Node, Node]] = [(VCARD.fn, n) for n in mine]
            person += [(VCARD.hasEmail, e) for e in theirs]
            add_card(graph, holder, VCARD.Individual, person)


def address(email: Node) -> str:
    return str(email).removeprefix("mailto:")


def add_card(graph: Graph, holder: Node, kind: Node, values: list[tuple[Node, Node]]) -> None:
    card = BNode()
    graph.add((holder, DCAT.contactPoint, card))
    graph.add((card, RDF.type, kind))
    for predicate, value in values:
        graph.add((card, predicate, value))


def functional(source: SourceGraph, personal: PersonalData) -> SourceGraph:
    """A copy with nothing personal left: what the event stream, which keeps every version for
    good, is made from."""
    graph = Graph()
    graph += source.graph
    publish(graph, personal, people=False)
    return replace(source, graph=graph)


def to_review(personal: PersonalData) -> list[Finding]:
    """A warning for each value the import proposed and nobody reviewed yet: it is withheld.
    The warning names the row, not the value: build reports and manifests are not the place
    for a person's name."""
    return [
        Finding(
            "Warning",
            f"A {entry.kind} proposed as personal by the import is withheld until reviewed:"
            " mark the row personal or functional",
            f"{FILE.as_posix()}:{entry.line}",
            None,
            None,
            "personal data",
            "review",
            FILE.as_posix(),
            entry.line,
        )
        for entry in personal.proposed
    ]
