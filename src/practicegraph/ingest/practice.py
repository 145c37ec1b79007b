"""A read page as RDF: the practice, its source copy and its local initiatives.

The same model as the hand-written seed file (README "The model"); place names stay as the page
writes them (pg:placeNames) and the build resolves them. Blank nodes are trees under one
subject, so a writer can nest them and the output never depends on their ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal as Kind

from rdflib import BNode, Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, XSD

from practicegraph.core.vocab import IPDC, M8G, SCHEMA, VCARD, Minted
from practicegraph.ingest.concepts import slug
from practicegraph.ingest.page import Initiative, Page, Section

TitleSource = Kind["option", "heading", "html-title", "reviewed", "address"]
DateSource = Kind["option", "before-mergers", "after-mergers", "stable", "unnamed"]


@dataclass(frozen=True)
class Dating:
    """The reference date and why: the names that decided it, if any."""

    day: date
    source: DateSource
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """The page: what names the practice, its address, and its copy in the repository."""

    key: str
    """The practice's key in its IRIs and file name."""
    iri: URIRef
    """The source page's IRI (id/bron/…)."""
    path: str
    """Its copy's path in the project, data/sources/…"""
    media_type: str
    title_source: TitleSource
    address: str | None = None


@dataclass(frozen=True)
class Concepts:
    categories: tuple[URIRef, ...]
    target_groups: tuple[URIRef, ...]
    policy_domains: tuple[URIRef, ...]


@dataclass
class Practice:
    graph: Graph
    order: list[tuple[URIRef, str | None]]
    """Subjects in the order a person reads them, each with a comment line for the file."""
    node: URIRef
    initiatives: int


def _and(names: tuple[str, ...], word: str) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {word} " + names[-1]


def title_statement(title: str, source: Source) -> tuple[str, str]:
    if source.title_source == "heading":
        return (
            f"De titel '{title}' is de kop van de pagina.",
            f"The title '{title}' is the page's heading.",
        )
    if source.title_source == "html-title":
        return (
            f"De pagina heeft geen kop; de titel '{title}' is de titel van het HTML-document.",
            f"The page has no heading; the title '{title}' is the HTML document's title.",
        )
    if source.title_source == "reviewed":
        return (
            f"De kopie heeft geen titelregel; de titel '{title}' werd bij het nazien vastgelegd"
            f" voor het adres van de pagina ({source.address}).",
            f"The copy has no title line; the title '{title}' was settled on review for the"
            f" page's address ({source.address}).",
        )
    if source.title_source == "address":
        return (
            f"De kopie heeft geen titelregel; de titel '{title}' is afgeleid uit het adres van"
            f" de pagina ({source.address}).",
            f"The copy has no title line; the title '{title}' is derived from the page's address"
            f" ({source.address}).",
        )
    return (
        f"De kopie heeft geen titelregel; de titel '{title}' werd bij het importeren opgegeven.",
        f"The copy has no title line; the title '{title}' was given when it was imported.",
    )


def date_statement(dating: Dating, truncated: bool) -> tuple[str, str]:
    """Why the page has its date, claiming only what it says: a cut-off copy that names no
    municipality says nothing of the part that is missing."""
    day = dating.day.isoformat()
    if dating.source == "unnamed":
        nl, en = ("de kopie", "the copy") if truncated else ("de pagina", "the page")
        return (
            f"De peildatum {day} is de eerste dag van de huidige gemeentelijst, want {nl} noemt"
            " geen gemeente.",
            f"The reference date {day} is the first day of the current list of municipalities,"
            f" as {en} names no municipality.",
        )
    if dating.source == "before-mergers":
        return (
            f"De peildatum {day} volgt uit de gemeentenamen van de pagina: ze noemt"
            f" {_and(dating.names, 'en')}, gemeenten die op 1 januari 2025 fuseerden of een"
            " nieuwe NIS-code kregen, en geen enkele gemeente van na die fusies.",
            f"The reference date {day} follows from the municipality names on the page: it names"
            f" {_and(dating.names, 'and')}, which merged or got a new NIS code on 1 January 2025,"
            " and no municipality from after those mergers.",
        )
    if dating.source == "after-mergers":
        return (
            f"De peildatum {day} volgt uit de gemeentenamen van de pagina: ze noemt"
            f" {_and(dating.names, 'en')}, gemeenten die pas sinds 1 januari 2025 bestaan.",
            f"The reference date {day} follows from the municipality names on the page: it names"
            f" {_and(dating.names, 'and')}, which exist only since 1 January 2025.",
        )
    if dating.source == "stable":
        return (
            f"De peildatum {day} is de eerste dag van de huidige gemeentelijst: de gemeenten die"
            " de pagina noemt, hebben voor en na de fusies van 1 januari 2025 dezelfde NIS-code.",
            f"The reference date {day} is the first day of the current list of municipalities:"
            " the municipalities the page names have the same NIS code before and after the"
            " mergers of 1 January 2025.",
        )
    return (
        f"De peildatum {day} werd bij het importeren opgegeven.",
        f"The reference date {day} was given when the page was imported.",
    )


def source_comment(page: Page, source: Source) -> str:
    kind = "als tekst" if source.media_type == "text/plain" else "als HTML"
    whole = "Een volledige kopie" if page.complete else "Een kopie"
    whole = "Een onvolledige kopie" if page.truncated else whole
    text = f"{whole}, {kind}, van de pagina van de praktijkendatabank Samenleven (VVSG)."
    if page.truncated:
        text += " De kopie houdt op voor het einde van de pagina."
    elif not page.complete:
        text += " De kopie heeft geen voettekst: ze is mogelijk onvolledig."
    if source.address is None:
        text += " Het adres van de pagina staat niet in de kopie."
    elif page.address is None:
        text += " Het adres van de pagina werd bij het importeren opgegeven."
    return text


class Builder:
    """Makes the graph of one practice, with IRIs minted under the base."""

    def __init__(self, minted: Minted) -> None:
        self.minted = minted
        self.graph = Graph()

    def add(self, subject: Node, predicate: URIRef, value: Node | str | None) -> None:
        if value is None:
            return
        node = value if isinstance(value, URIRef | BNode | Literal) else Literal(value, lang="nl")
        self.graph.add((subject, predicate, node))

    def listed(self, subject: URIRef, predicate: URIRef, items: list[str]) -> None:
        if items:
            head = BNode()
            Collection(self.graph, head, [Literal(item, lang="nl") for item in items])
            self.graph.add((subject, predicate, head))

    def statement(self, subject: URIRef, texts: tuple[str, str]) -> None:
        node = BNode()
        self.graph.add((subject, DCTERMS.provenance, node))
        self.graph.add((node, RDF.type, DCTERMS.ProvenanceStatement))
        self.graph.add((node, RDFS.label, Literal(texts[0], lang="nl")))
        self.graph.add((node, RDFS.label, Literal(texts[1], lang="en")))

    def practice(
        self, page: Page, title: str, dating: Dating, source: Source, concepts: Concepts
    ) -> Practice:
        key = source.key
        node = self.minted.id("praktijk", key)
        pg = self.minted.pg
        bron = source.iri
        add = self.add
        add(node, RDF.type, pg.Practice)
        add(node, DCTERMS.identifier, Literal(key))
        add(node, DCTERMS.title, title)
        add(node, DCTERMS.abstract, "\n".join(page.intro) or None)
        if page.image is not None:
            image = BNode()
            add(node, SCHEMA.image, image)
            add(image, RDF.type, SCHEMA.ImageObject)
            add(image, SCHEMA.name, Literal(page.image))
            if page.caption is not None:
                add(image, SCHEMA.caption, Literal(page.caption, lang="en"))
            add(image, SCHEMA.creditText, "\n".join(page.credits) or None)
        for category in concepts.categories:
            add(node, DCTERMS.type, category)
        self.listed(node, pg.goals, page.goals)
        for group in concepts.target_groups:
            add(node, IPDC.targetAudience, group)
        add(node, pg.targetGroupDescription, "\n".join(page.target_group_text) or None)
        add(node, DCTERMS.description, "\n".join(page.description) or None)
        self.listed(node, pg.successFactors, page.success_factors)
        self.listed(node, pg.challenges, page.challenges)
        for domain in concepts.policy_domains:
            add(node, M8G.thematicArea, domain)
        self.sections(node, page)
        add(node, pg.referenceDate, Literal(dating.day.isoformat(), datatype=XSD.date))
        add(node, PROV.wasDerivedFrom, bron)
        self.statement(node, title_statement(title, source))
        self.statement(node, date_statement(dating, page.truncated))
        self.source_page(bron, page, title, source)
        order: list[tuple[URIRef, str | None]] = [(node, None), (bron, None)]
        position = 0
        used: set[str] = set()
        for block in page.blocks:
            for initiative in block.initiatives:
                position += 1
                iri = self.initiative(node, key, initiative, block.places, position, used)
                order.append((iri, block.places))
        return Practice(self.graph, order, node, position)

    def sections(self, node: URIRef, page: Page) -> None:
        """What fits no field, under its heading; a credit without an image is one too."""
        kept = list(page.sections)
        if page.image is None and page.credits:
            kept.insert(0, Section("Fotocredit", 0, page.credits))
        for position, section in enumerate(kept, start=1):
            part = BNode()
            self.add(node, self.minted.pg.section, part)
            self.add(part, RDF.type, self.minted.pg.Section)
            self.add(part, DCTERMS.title, section.heading)
            self.add(part, DCTERMS.description, "\n".join(section.texts) or None)
            self.add(part, SCHEMA.position, Literal(position))

    def source_page(self, bron: URIRef, page: Page, title: str, source: Source) -> None:
        add = self.add
        add(bron, RDF.type, self.minted.pg.SourcePage)
        add(bron, DCTERMS.title, f"{title} (kopie van de praktijkpagina)")
        add(bron, DCTERMS.identifier, Literal(source.path))
        add(bron, DCTERMS["format"], Literal(source.media_type))
        add(bron, DCTERMS.publisher, self.minted.id("organisatie", "vvsg"))
        add(bron, RDFS.comment, source_comment(page, source))
        if source.address is not None:
            add(bron, SCHEMA.url, URIRef(source.address))
            add(bron, PROV.wasQuotedFrom, URIRef(source.address))
        if page.truncated:
            add(bron, self.minted.pg.truncated, Literal(True))

    def initiative(
        self,
        practice: URIRef,
        key: str,
        initiative: Initiative,
        places: str,
        position: int,
        used: set[str],
    ) -> URIRef:
        base = slug(initiative.title or places) or str(position)
        name, count = base, 1
        while name in used:
            count += 1
            name = f"{base}-{count}"
        used.add(name)
        node = self.minted.id("initiatief", f"{key}-{name}")
        add = self.add
        add(node, RDF.type, self.minted.pg.LocalInitiative)
        add(node, DCTERMS.source, practice)
        add(node, SCHEMA.position, Literal(position))
        add(node, DCTERMS.title, initiative.title)
        add(node, DCTERMS.description, initiative.description)
        for contact in initiative.contacts:
            card = BNode()
            add(node, DCAT.contactPoint, card)
            add(card, RDF.type, VCARD.Individual if contact.name else VCARD.Kind)
            add(card, VCARD.fn, Literal(contact.name) if contact.name else None)
            for email in contact.emails:
                add(card, VCARD.hasEmail, URIRef(f"mailto:{email}"))
        for link in initiative.more_info:
            page_node = BNode()
            add(node, SCHEMA.subjectOf, page_node)
            add(page_node, RDF.type, SCHEMA.WebPage)
            add(page_node, SCHEMA.name, link.name)
            add(page_node, SCHEMA.url, URIRef(link.url) if link.url else None)
        for partner in initiative.partners:
            agent = BNode()
            add(node, DCTERMS.contributor, agent)
            add(agent, RDF.type, FOAF.Agent)
            add(agent, FOAF.name, Literal(partner))
        add(node, self.minted.pg.placeNames, Literal(places))
        return node
