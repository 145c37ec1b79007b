"""Personal values as they are published: the rule of docs/publishing.md ("Personal data").

A contact point from a page may mix a service's mailbox with a person's name and address. The
build splits it: what is an organisation's (functional addresses) becomes a vcard:Organization,
published always; what is a person's (a name, unless reviewed functional; an address the list
data/personal-data.csv calls personal or proposes) becomes a vcard:Individual, published only
where PRACTICEGRAPH_PUBLISH_PERSONAL_CONTACTS allows, and never in the event stream. A contact
written as an IRI, or hung anywhere else, keeps its IRI and loses its personal values (the
shapes refuse contact values in other vocabularies, which this rule would not see).

Free text is read too: e-mail addresses, telephone numbers and listed names in any literal are
published only where the list calls them functional; anything else is replaced by a Dutch
placeholder, whatever the setting, and an unlisted one is named in a warning by file and line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from rdflib import BNode, Graph, Literal, Node, URIRef
from rdflib.namespace import DCAT, RDF, XSD

from practicegraph.builder.parse.sources import SourceGraph
from practicegraph.builder.validate.findings import Finding, Locator, Namer
from practicegraph.core.personal_data import (
    ARTICLED,
    FILE,
    Kind,
    PersonalData,
    as_read,
    mailto,
    recipients,
)
from practicegraph.core.personal_text import Found, find, names_pattern, redact, withheld
from practicegraph.core.vocab import VCARD, Minted

HANDLED = (RDF.type, VCARD.fn, VCARD.hasEmail)
NAME, HAS_EMAIL = VCARD.fn, VCARD.hasEmail  # looked up once: a namespace's attribute is slow
SHAPE = "personal data"


@dataclass(frozen=True)
class Withheld:
    """A value taken out of free text that nobody listed: the steward must decide on it."""

    kind: Kind
    subject: Node
    predicate: URIRef


def publish(graph: Graph, personal: PersonalData, people: bool) -> list[Withheld]:
    """Apply the rule to the graph in place; with `people` False, nothing personal is left.
    Returns the unlisted values withheld from free text."""
    for holder, card in list(graph.subject_objects(DCAT.contactPoint)):
        if isinstance(card, BNode):
            split(graph, holder, card, personal, people)
    if not people:
        for card in contacts(graph):
            strip(graph, card, personal)
    return free_text(graph, personal)


def contacts(graph: Graph) -> set[Node]:
    """Every node that carries a contact's name or address, however it is linked or typed."""
    found: set[Node] = set(graph.subjects(VCARD.fn)) | set(graph.subjects(VCARD.hasEmail))
    return found | set(graph.subjects(RDF.type, VCARD.Individual))


def mine(graph: Graph, card: Node, personal: PersonalData) -> tuple[list[Node], list[Node]]:
    """The card's names and addresses that are a person's."""
    names = [
        n for n in graph.objects(card, VCARD.fn) if personal.status("name", str(n)) != "functional"
    ]
    emails = [
        e
        for e in graph.objects(card, VCARD.hasEmail)
        if any(personal.personal("email", r) for r in recipients(str(e)))
    ]
    return names, emails


def split(graph: Graph, holder: Node, card: Node, personal: PersonalData, people: bool) -> None:
    """A blank contact point becomes an organisation's card and, where allowed, a person's."""
    names, emails = mine(graph, card, personal)
    kept = [
        (p, o)
        for p, o in graph.predicate_objects(card)
        if p != RDF.type and not (p in HANDLED and o in names + emails)
    ]
    graph.remove((holder, DCAT.contactPoint, card))
    graph.remove((card, None, None))
    if kept:
        add_card(graph, holder, VCARD.Organization, kept)
    if people and (names or emails):
        person = [(VCARD.fn, n) for n in names] + [(VCARD.hasEmail, e) for e in emails]
        add_card(graph, holder, VCARD.Individual, person)


def strip(graph: Graph, card: Node, personal: PersonalData) -> None:
    """A contact that keeps its identity (an IRI, which must not answer 404) without the
    values that are a person's."""
    names, emails = mine(graph, card, personal)
    for name in names:
        graph.remove((card, VCARD.fn, name))
    for email in emails:
        graph.remove((card, VCARD.hasEmail, email))


NOT_TEXT = (XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.date, XSD.dateTime)
"""Datatypes whose values are no text (and could not hold a placeholder); every other literal is
read, whatever its datatype (xsd:token, rdf:HTML, xsd:anyURI …), and so is one of these whose
text is not of its type ("Jan Janssens"^^xsd:integer), which no shape need have refused."""


def free_text(graph: Graph, personal: PersonalData) -> list[Withheld]:
    """Values in literals replaced by their placeholders unless listed functional; an IRI that
    holds one (mailto:, tel:, an address in a link's query), as subject, predicate or object, is
    taken out with its triple, as an IRI cannot hold a placeholder. A mailto: IRI on
    vcard:hasEmail follows the contact's rule; any other IRI there is read as any IRI is."""
    names = names_pattern(personal.names("personal", "proposed"))
    unlisted: list[Withheld] = []
    for subject, predicate, value in list(graph):
        assert isinstance(predicate, URIRef)
        iris = [term for term in (subject, predicate) if isinstance(term, URIRef)]
        if isinstance(value, URIRef) and not (predicate == HAS_EMAIL and mailto(value)):
            iris.append(value)
        hidden = [f for iri in iris for f in in_iri(str(iri)) if withheld(f, personal)]
        if hidden:
            graph.remove((subject, predicate, value))
        elif isinstance(value, Literal) and (value.datatype not in NOT_TEXT or value.ill_typed):
            text = as_read(str(value))
            hidden = [
                f for f in find(text, None if predicate == NAME else names) if withheld(f, personal)
            ]
            if hidden:
                graph.remove((subject, predicate, value))
                redacted = Literal(redact(text, hidden), value.language, value.datatype)
                graph.add((subject, predicate, redacted))
        unlisted += [
            Withheld(f.kind, subject, predicate)
            for f in hidden
            if personal.status(f.kind, f.value) is None
        ]
    return unlisted


@lru_cache(maxsize=1 << 16)
def in_iri(iri: str) -> tuple[Found, ...]:
    """The personal values an IRI holds: a mailto: or tel: IRI is one, and an address or number
    may stand in a link's path or query (?mail=jan@…), percent-encoded or not. Remembered: the
    same IRIs (types, places, concepts) stand in most graphs, and every one is read."""
    if mailto(iri):
        return tuple(Found("email", r, 0, len(iri)) for r in recipients(iri))
    if iri[:4].lower() == "tel:":
        return (Found("telephone", unquote(iri[4:].split("?", 1)[0]), 0, len(iri)),)
    return tuple(find(as_read(unquote(iri))))


def add_card(graph: Graph, holder: Node, kind: Node, values: Sequence[tuple[Node, Node]]) -> None:
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


WORDS: dict[Kind, str] = {
    "email": "An e-mail address",
    "telephone": "A telephone number",
    "name": "A name",
}


def unreviewed(
    source: SourceGraph, withheld_values: list[Withheld], minted: Minted, project_dir: Path
) -> list[Finding]:
    """A warning per unlisted value withheld from free text, by file, line and property, never
    by value: build reports and manifests are not the place for a person's address."""
    if not withheld_values:  # most files: no file read again for its lines
        return []
    namer = Namer(minted, Graph())
    locator = Locator([source], minted.base, project_dir)
    found = []
    for item in withheld_values:
        _source, line = locator.locate(item.subject)
        predicate = unnamed(namer, item.predicate)
        found.append(
            Finding(
                "Warning",
                f"{WORDS[item.kind]} in the text of {predicate} is withheld"
                f" (published as a placeholder) until reviewed: add it to {FILE.as_posix()} as"
                " functional to publish it, or as personal to keep it out",
                unnamed(namer, item.subject),
                predicate,
                None,
                SHAPE,
                "free text",
                source.path.as_posix(),
                line,
            )
        )
    return found


def named_after(source: SourceGraph, personal: PersonalData) -> list[Finding]:
    """A violation if the file's path holds an address or number not listed functional: it
    names the file's graph, an IRI in every quad of the dumps and the store, which cannot hold a
    placeholder."""
    if not any(withheld(f, personal) for f in in_iri(str(source.name))):
        return []
    message = (
        "The file's name holds an e-mail address or telephone number, which its graph's IRI"
        " would publish: rename the file"
    )
    path = source.path.as_posix()
    return [Finding("Violation", message, path, None, None, SHAPE, "file name", path, None)]


def unnamed(namer: Namer, term: Node) -> str:
    """The term as a warning names it, but an IRI that holds an address or number as "(an IRI
    withheld)": the warning is about that value, and must not publish it."""
    if isinstance(term, URIRef) and in_iri(str(term)):
        return "(an IRI withheld)"
    return namer.term(term)


def to_review(personal: PersonalData) -> list[Finding]:
    """A warning for each value the import proposed and nobody reviewed yet: it is withheld.
    The warning names the row, not the value: build reports and manifests are not the place
    for a person's name."""
    return [
        Finding(
            "Warning",
            f"{ARTICLED[entry.kind].capitalize()} proposed as personal by the import is withheld"
            " until reviewed: mark the row personal or functional",
            f"{FILE.as_posix()}:{entry.line}",
            None,
            None,
            SHAPE,
            "review",
            FILE.as_posix(),
            entry.line,
        )
        for entry in personal.proposed
    ]
