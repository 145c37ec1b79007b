"""The versioned JSON-LD context: short words for the properties and classes the dataset uses."""

from __future__ import annotations

from typing import Any

from practicegraph.vocab import Minted

_ID = {"@type": "@id"}


def context(minted: Minted) -> dict[str, Any]:
    """Written into every build; the server publishes it at {base} + layout.CONTEXT_PATH."""
    prefixes = {prefix: str(ns) for prefix, ns in minted.prefixes().items()}
    terms: dict[str, Any] = {
        "@version": 1.1,
        "@language": "nl",
        "id": "@id",
        "type": "@type",
        "Practice": "pg:Practice",
        "LocalInitiative": "pg:LocalInitiative",
        "Municipality": "pg:Municipality",
        "Province": "pg:Province",
        "SourcePage": "pg:SourcePage",
        "Section": "pg:Section",
        "ConceptualPublicService": "ipdc:ConceptualPublicService",
        "InstancePublicService": "ipdc:InstancePublicService",
        "Tombstone": "as:Tombstone",
        "Concept": "skos:Concept",
        "ConceptScheme": "skos:ConceptScheme",
        "title": "dct:title",
        "abstract": "dct:abstract",
        "description": "dct:description",
        "identifier": {"@id": "dct:identifier", "@language": None},
        "category": {"@id": "dct:type", **_ID},
        "targetGroup": {"@id": "ipdc:targetAudience", **_ID},
        "policyDomain": {"@id": "m8g:thematicArea", **_ID},
        "targetGroupDescription": "pg:targetGroupDescription",
        "section": "pg:section",
        "spatial": {"@id": "dct:spatial", **_ID},
        "exactMatch": {"@id": "skos:exactMatch", **_ID},
        "closeMatch": {"@id": "skos:closeMatch", **_ID},
        "broadMatch": {"@id": "skos:broadMatch", **_ID},
        "formerType": {"@id": "as:formerType", **_ID},
        "deleted": {"@id": "as:deleted", "@type": "xsd:dateTime"},
        "summary": "as:summary",
        "goals": {"@id": "pg:goals", "@container": "@list"},
        "successFactors": {"@id": "pg:successFactors", "@container": "@list"},
        "challenges": {"@id": "pg:challenges", "@container": "@list"},
        "referenceDate": {"@id": "pg:referenceDate", "@type": "xsd:date"},
        "practice": {"@id": "dct:source", **_ID},
        "position": {"@id": "schema:position", "@type": "xsd:integer"},
        "municipality": {"@id": "pg:municipality", **_ID},
        "leadMunicipality": {"@id": "pg:leadMunicipality", **_ID},
        "contactPoint": "dcat:contactPoint",
        "email": {"@id": "vcard:hasEmail", **_ID},
        "fullName": {"@id": "vcard:fn", "@language": None},
        "image": "schema:image",
        "fileName": {"@id": "schema:name", "@language": None},
        "caption": "schema:caption",
        "subjectOf": "schema:subjectOf",
        "name": "schema:name",
        "url": {"@id": "schema:url", **_ID},
        "label": "rdfs:label",
        "comment": "rdfs:comment",
        "prefLabel": "skos:prefLabel",
        "definition": "skos:definition",
        "notation": {"@id": "skos:notation", "@language": None},
        "inScheme": {"@id": "skos:inScheme", **_ID},
        "topConceptOf": {"@id": "skos:topConceptOf", **_ID},
        "hasTopConcept": {"@id": "skos:hasTopConcept", **_ID},
        "province": {"@id": "schema:containedInPlace", **_ID},
        "startDate": {"@id": "schema:startDate", "@type": "xsd:date"},
        "endDate": {"@id": "schema:endDate", "@type": "xsd:date"},
        "isReplacedBy": {"@id": "dct:isReplacedBy", **_ID},
        "replaces": {"@id": "dct:replaces", **_ID},
        "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", **_ID},
        "provenance": "dct:provenance",
        "publisher": {"@id": "dct:publisher", **_ID},
        "creator": {"@id": "dct:creator", **_ID},
        "homepage": {"@id": "foaf:homepage", **_ID},
        "isDefinedBy": {"@id": "rdfs:isDefinedBy", **_ID},
    }
    return {"@context": {**prefixes, **terms}}
