"""Pages for people: a practice read like its source page, a municipality with its practices.

Both are built from the same descriptions the RDF formats serve; a property the page layout
does not know still appears, in the table of further data, so a page never hides a fact."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph
from markupsafe import Markup, escape

from practicegraph.core import numbers
from practicegraph.core.memo import Memo
from practicegraph.finder.search import PracticeIndex
from practicegraph.store.base import Store
from practicegraph.web.render.facts import Facts
from practicegraph.web.render.links import linkable
from practicegraph.web.render.successors import Successor
from practicegraph.web.render.view import RDF_TYPE, PageBuilder, Row, Value
from practicegraph.web.served_build import ServedBuild

DCT = "http://purl.org/dc/terms/"
SCHEMA = "http://schema.org/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
SKOS = "http://www.w3.org/2004/02/skos/core#"
INITIATIVES_LIMIT = 2000
IPDC_CONCEPTS = "https://productencatalogus.data.vlaanderen.be/id/concept/"
REGISTRIES = {
    "http://www.wikidata.org/": "Wikidata",
    "https://sws.geonames.org/": "GeoNames",
    "http://vocab.belgif.be/auth/refnis2019/": "REFNIS 2019 (BelGIF)",
    "http://vocab.belgif.be/auth/refnis2025/": "REFNIS 2025 (BelGIF)",
    "https://data.vlaanderen.be/id/gemeente/": "Adressenregister Vlaanderen",
}


def registry(iri: str) -> str:
    return next((name for prefix, name in REGISTRIES.items() if iri.startswith(prefix)), "Elders")


def practice_sections(published: ServedBuild) -> list[tuple[str, str]]:
    """(heading, property) in the order of the source page; a heading may take two."""
    pg = published.minted.pg
    return [
        ("Inleiding", DCT + "abstract"),
        ("Categorie", DCT + "type"),
        ("Doelen", str(pg.goals)),
        ("Doelgroep", "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#targetAudience"),
        ("Doelgroep", str(pg.targetGroupDescription)),
        ("Beschrijving", DCT + "description"),
        ("Succesfactoren", str(pg.successFactors)),
        ("Uitdagingen", str(pg.challenges)),
    ]


def split_ipdc(values: list[Value]) -> tuple[list[Value], list[Value]]:
    """The page's own concepts, and the IPDC-LPDC values the build derived from them."""
    derived = [v for v in values if (v.href or "").startswith(IPDC_CONCEPTS)]
    return [v for v in values if v not in derived], derived


def other_sections(rows: dict[str, Row], published: ServedBuild) -> list[tuple[str, list[Value]]]:
    """The page's sections the model has no property for, under their own headings."""
    row = rows.pop(str(published.minted.pg.section), None)
    found = []
    for value in row.values if row else []:
        parts = {part.iri: part for part in value.rows or []}
        heading = literal(parts, DCT + "title") or "Overige"
        position = literal(parts, SCHEMA + "position") or "0"
        text = parts.get(DCT + "description")
        found.append((numbers.position(position), heading, text.values if text else []))
    return [(heading, values) for _, heading, values in sorted(found, key=lambda f: f[:2])]


@dataclass(slots=True)
class Initiative:
    iri: str
    href: str | None
    position: int
    title: str | None
    description: str | None
    places: list[Value]
    heading: str
    details: list[tuple[str, Markup]]
    """Each further property's label and its values as HTML (inline)."""


@dataclass(slots=True)
class Group:
    heading: str
    places: list[Value]
    initiatives: list[Initiative] = field(default_factory=list)


def literal(rows: dict[str, Row], predicate: str) -> str | None:
    row = rows.pop(predicate, None)
    return "\n".join(v.text for v in row.values) if row else None


def by_predicate(page: PageBuilder, iri: str) -> dict[str, Row]:
    return {row.iri: row for row in page.rows(pyoxigraph.NamedNode(iri), 0)}


def leaves(values: list[Value]) -> list[Value]:
    """The literals and links inside nested descriptions (a contact point's e-mail address)."""
    found = []
    for value in values:
        if value.rows is not None:
            found += leaves([v for row in value.rows if row.iri != RDF_TYPE for v in row.values])
        elif value.items is not None:
            found += leaves(value.items)
        else:
            found.append(value)
    return found


def in_heading(heading: str, places: list[Value]) -> list[Value]:
    """Places in the order the source page's heading names them."""
    return sorted(once(places), key=lambda v: (heading.find(v.text) % (len(heading) + 1), v.text))


def initiative(page: PageBuilder, iri: str, published: ServedBuild) -> Initiative:
    pg = published.minted.pg
    rows = by_predicate(page, iri)
    for dropped in (RDF_TYPE, DCT + "source"):
        rows.pop(dropped, None)
    position = literal(rows, SCHEMA + "position")
    places = rows.pop(str(pg.municipality), None)
    lead = rows.pop(str(pg.leadMunicipality), None)
    named = literal(rows, str(pg.placeNames))
    shown = [*(lead.values if lead else []), *(places.values if places else [])]
    unique = in_heading(named or "", shown)
    return Initiative(
        iri,
        published.local(iri),
        numbers.position(position or ""),
        literal(rows, DCT + "title"),
        literal(rows, DCT + "description"),
        unique,
        named or ", ".join(v.text for v in unique),
        [(row.label, inline_list(once(leaves(row.values)))) for row in rows.values()],
    )


INLINE = Memo[tuple[str | None, bool, str], Markup](8192)
"""Values as written inline, per process: most are the same concepts and places on every page."""


def inline_list(values: list[Value]) -> Markup:
    """Values in a line of text, between commas."""
    return Markup(", ").join(map(inline, values))


def inline(value: Value) -> Markup:
    """A value in a line of text: its link (an e-mail address without "mailto:"), else its
    text. Written here rather than in the template: an initiative's details were most of the
    pieces a practice page is joined from, and a third of its template's time."""
    key = (value.href, value.external, value.text)
    known = INLINE.get(key)
    if known is None:
        if value.href:
            rel = Markup(' rel="external"') if value.external else ""
            text = value.text.replace("mailto:", "")
            written = Markup('<a href="{}"{}>{}</a>').format(value.href, rel, text)
        else:
            written = escape(value.text)
        known = INLINE.keep(key, len(value.text) + len(value.href or ""), written)
    return known


def once(values: list[Value]) -> list[Value]:
    """Each wording once: a place's code of 2019 and its successor of 2025 share a name, and
    "Aalst, Aalst" tells a reader nothing (the initiative's own document holds both codes)."""
    return list({value.text: value for value in values}.values())


def grouped(initiatives: list[Initiative]) -> list[Group]:
    """Initiatives under the place names that head them on the source page, in page order."""
    groups: dict[str, Group] = {}
    for item in sorted(initiatives, key=lambda i: (i.position, i.iri)):
        group = groups.setdefault(item.heading, Group(item.heading, []))
        group.initiatives.append(item)
        group.places = in_heading(item.heading, group.places + item.places)
    return list(groups.values())


def with_successors(groups: list[Group], successors: dict[str, Successor]) -> list[Group]:
    """Each place that a later code replaced names it too, "Hasselt (sinds 2025: Hasselt,
    71072)": a page of 2024 names the municipality of then; a reader looks for today's."""
    for place in (place for group in groups for place in group.places):
        found = successors.get(place.href or "")
        if found is not None:
            place.later, place.since = found.later, found.since
    return groups


def practice_page(
    iri: str,
    facts: Facts,
    successors: dict[str, Successor],
    published: ServedBuild,
) -> dict[str, object]:
    """The practice's sections in source order, its initiatives grouped by place, then the rest:
    all from its one document (its `facts`), which holds its initiatives (the RDF formats serve
    the same), and what replaced its places since (with_successors)."""
    members = [s for s in facts.subjects(DCT + "source", iri) if s not in facts.blank]
    page = PageBuilder(facts, published)
    rows = by_predicate(page, iri)
    title = literal(rows, DCT + "title") or page.labeller.label(iri)
    sections: dict[str, list[Value]] = {}
    for heading, predicate in practice_sections(published):
        if predicate in rows:
            sections.setdefault(heading, []).extend(rows.pop(predicate).values)
    for heading, values in other_sections(rows, published):
        sections.setdefault(heading, []).extend(values)
    domains_row = rows.pop("http://data.europa.eu/m8g/thematicArea", None)
    groups, ipdc_groups = split_ipdc(sections.get("Doelgroep", []))
    if "Doelgroep" in sections:
        sections["Doelgroep"] = groups
    domains, ipdc_themes = split_ipdc(domains_row.values if domains_row else [])
    for dropped in (RDF_TYPE, DCT + "identifier"):
        rows.pop(dropped, None)
    return {
        "title": title,
        "iri": iri,
        "source": source_of(iri, facts),
        "sections": list(sections.items()),
        "groups": with_successors(
            grouped([initiative(page, m, published) for m in members]), successors
        ),
        "domains": domains,
        "ipdc": [
            (name, found)
            for name, found in (("Doelgroep", ipdc_groups), ("Thema", ipdc_themes))
            if found
        ],
        "rows": list(rows.values()),
    }


def source_of(iri: str, facts: Facts) -> dict[str, str | None] | None:
    """The page the practice comes from, for the attribution every practice page shows: its
    address where the copy knows it."""
    pages = [v.value for v in facts.values(iri, DERIVED) if isinstance(v, pyoxigraph.NamedNode)]
    if not pages:
        return None
    addresses = [
        v.value
        for v in facts.values(pages[0], SCHEMA + "url")
        if isinstance(v, pyoxigraph.NamedNode)
    ]
    linked = [address for address in addresses if linkable(address)]
    return {"iri": pages[0], "url": linked[0] if linked else None}


def municipality_page(
    iri: str,
    found: list[pyoxigraph.Triple],
    store: Store,
    published: ServedBuild,
    index: PracticeIndex,
) -> dict[str, object]:
    """Where the municipality is, when it was valid, what replaced it, and what runs there."""
    incoming = store.incoming(iri, INITIATIVES_LIMIT, labelled=False)
    replaced = DCT + "isReplacedBy"
    earlier = [
        t.subject.value
        for t in incoming
        if t.predicate.value == replaced and isinstance(t.subject, pyoxigraph.NamedNode)
    ]
    about_earlier = store.describe(*earlier) if earlier else []
    page = PageBuilder(list(dict.fromkeys(found + about_earlier)), published)
    rows = by_predicate(page, iri)
    labels = rows.pop(RDFS_LABEL, None)
    title = page.labeller.label(iri)
    other_names = [v for v in (labels.values if labels else []) if v.text != title]
    facts = [
        (heading, rows.pop(predicate).values)
        for heading, predicate in (
            ("NIS-code", DCT + "identifier"),
            ("Provincie", SCHEMA + "containedInPlace"),
            ("Geldig vanaf", SCHEMA + "startDate"),
            ("Geldig tot en met", SCHEMA + "endDate"),
            ("Opgevolgd door", DCT + "isReplacedBy"),
            ("Volgt op", DCT + "replaces"),
        )
        if predicate in rows
    ]
    predecessors = [page.iri_value(before) for before in earlier]
    if predecessors and not any(heading == "Volgt op" for heading, _ in facts):
        facts.append(("Volgt op", predecessors))
    external = [
        (registry(value.href or ""), value)
        for predicate in (SKOS + "exactMatch", SKOS + "closeMatch")
        for value in (rows.pop(predicate).values if predicate in rows else [])
    ]
    rows.pop(RDF_TYPE, None)
    runs = index.having("gemeente", iri)
    runs_in = str(published.minted.pg.municipality)
    initiatives = {t.subject for t in incoming if t.predicate.value == runs_in}
    return {
        "title": title,
        "iri": iri,
        "other_names": other_names,
        "facts": facts,
        "external": external,
        "practices": [(p, published.local(p.iri) or p.iri) for p in runs],
        "initiatives": len(initiatives),
        "rows": list(rows.values()),
    }
