"""A page's thing in schema.org terms, embedded in its HTML for search engines.

Made from the same document as the page and the RDF formats: a practice as a CreativeWork about
its concepts, for its audiences, covering its municipalities, with its initiatives as parts; a
municipality as an AdministrativeArea with its province and the registries' items for it.
"""

from __future__ import annotations

from typing import Any

from practicegraph.web.render.facts import Facts
from practicegraph.web.served_build import ServedBuild

DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SCHEMA = "http://schema.org/"
IPDC = "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#"
M8G = "http://data.europa.eu/m8g/"


def page_url(iri: str, published: ServedBuild) -> str:
    return published.minted.document_url(iri)


def practice(iri: str, facts: Facts, published: ServedBuild) -> dict[str, Any]:
    own = facts.iris(iri, DCT + "type") + facts.iris(iri, M8G + "thematicArea")
    audiences = [
        c for c in facts.iris(iri, IPDC + "targetAudience") if c.startswith(published.base)
    ]
    initiatives = facts.subjects(DCT + "source", iri)
    places = sorted(
        {m for i in initiatives for m in facts.iris(i, str(published.minted.pg.municipality))}
    )
    found: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": iri,
        "url": page_url(iri, published),
        "name": facts.text(iri, DCT + "title"),
        "abstract": facts.text(iri, DCT + "abstract"),
        "description": facts.text(iri, DCT + "description"),
        "inLanguage": "nl",
        "about": [
            {"@type": "DefinedTerm", "@id": c, "name": facts.name(c)}
            for c in own
            if c.startswith(published.base)
        ],
        "audience": [
            {"@type": "Audience", "@id": a, "audienceType": facts.name(a)} for a in audiences
        ],
        "spatialCoverage": [
            {
                "@type": "AdministrativeArea",
                "@id": m,
                "name": facts.name(m),
                "url": page_url(m, published),
            }
            for m in places
        ],
        "hasPart": [
            {
                "@type": "CreativeWork",
                "@id": i,
                "url": page_url(i, published),
                "inLanguage": "nl",
                "name": facts.text(i, DCT + "title")
                or facts.text(i, str(published.minted.pg.placeNames)),
                "description": facts.text(i, DCT + "description"),
            }
            for i in initiatives
        ],
    }
    for source in facts.iris(iri, "http://www.w3.org/ns/prov#wasDerivedFrom"):
        addresses = facts.iris(source, SCHEMA + "url")
        if addresses:
            found["isBasedOn"] = addresses[0]
    return {key: value for key, value in found.items() if value not in (None, [])}


def municipality(iri: str, facts: Facts, published: ServedBuild) -> dict[str, Any]:
    found: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "AdministrativeArea",
        "@id": iri,
        "url": page_url(iri, published),
        "name": facts.text(iri, RDFS_LABEL),
        "identifier": facts.text(iri, DCT + "identifier"),
        "containedInPlace": [
            {"@type": "AdministrativeArea", "@id": p, "name": facts.name(p)}
            for p in facts.iris(iri, SCHEMA + "containedInPlace")
        ],
        "sameAs": [
            m
            for m in facts.iris(iri, SKOS + "exactMatch")
            if m.startswith(("http://www.wikidata.org/", "https://sws.geonames.org/"))
        ],
    }
    return {key: value for key, value in found.items() if value not in (None, [])}
