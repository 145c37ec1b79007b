"""The versioned JSON-LD context: short words for the properties and classes the dataset uses."""

from __future__ import annotations

from typing import Any

from practicegraph.core.vocab import Minted

_ID = {"@type": "@id"}


def context(minted: Minted) -> dict[str, Any]:
    """Written into every build; the server publishes it at {base} + urls.CONTEXT."""
    prefixes = {prefix: str(ns) for prefix, ns in minted.prefixes().items()}
    terms: dict[str, Any] = {
        "@version": 1.1,
        "@language": "nl",
        "id": "@id",
        "type": "@type",
        **_classes(),
        **_texts(),
        **_plain_texts(),
        **_model(),
        **_places_and_concepts(),
        **_withdrawn(),
        **_terms_of_use(),
        **_catalog(),
        **_void(),
        **_ontology(),
    }
    return {"@context": {**prefixes, **terms}}


def _classes() -> dict[str, Any]:
    """The classes the dataset's documents are typed with."""
    return {
        "Practice": "pg:Practice",
        "LocalInitiative": "pg:LocalInitiative",
        "Municipality": "pg:Municipality",
        "Province": "pg:Province",
        "SourcePage": "pg:SourcePage",
        "Section": "pg:Section",
        "ConceptualPublicService": "ipdc:ConceptualPublicService",
        "InstancePublicService": "ipdc:InstancePublicService",
        "Tombstone": "as:Tombstone",
        "Profile": "prof:Profile",
        "Concept": "skos:Concept",
        "ConceptScheme": "skos:ConceptScheme",
        "ImageObject": "schema:ImageObject",
        "WebPage": "schema:WebPage",
        "ProvenanceStatement": "dct:ProvenanceStatement",
        "Individual": "vcard:Individual",
        "Kind": "vcard:Kind",
        "ContactOrganization": "vcard:Organization",
        "Agent": "foaf:Agent",
        "Organization": "foaf:Organization",
        "DctAgent": "dct:Agent",
        "LicenseDocument": "dct:LicenseDocument",
        "RightsStatement": "dct:RightsStatement",
        "Location": "dct:Location",
        "Standard": "dct:Standard",
        "Catalog": "dcat:Catalog",
        "CatalogRecord": "dcat:CatalogRecord",
        "Dataset": "dcat:Dataset",
        "Distribution": "dcat:Distribution",
        "DataService": "dcat:DataService",
        "VoidDataset": "void:Dataset",
        "DatasetDescription": "void:DatasetDescription",
        "Linkset": "void:Linkset",
        "Checksum": "spdx:Checksum",
        "Ontology": "owl:Ontology",
        "Class": "owl:Class",
        "ObjectProperty": "owl:ObjectProperty",
        "DatatypeProperty": "owl:DatatypeProperty",
    }


def _texts() -> dict[str, Any]:
    """Texts given in several languages: language maps, {"nl": …, "en": …}."""
    return {
        "title": {"@id": "dct:title", "@container": "@language"},
        "abstract": {"@id": "dct:abstract", "@container": "@language"},
        "description": {"@id": "dct:description", "@container": "@language"},
        "targetGroupDescription": {"@id": "pg:targetGroupDescription", "@container": "@language"},
        "label": {"@id": "rdfs:label", "@container": "@language"},
        "comment": {"@id": "rdfs:comment", "@container": "@language"},
        "prefLabel": {"@id": "skos:prefLabel", "@container": "@language"},
        "definition": {"@id": "skos:definition", "@container": "@language"},
        "caption": {"@id": "schema:caption", "@container": "@language"},
        "creditText": {"@id": "schema:creditText", "@container": "@language"},
        "name": {"@id": "schema:name", "@container": "@language"},
        "agentName": {"@id": "foaf:name", "@container": "@language"},
        "keyword": {"@id": "dcat:keyword", "@container": "@language"},
        "summary": {"@id": "as:summary", "@container": "@language"},
    }


def _plain_texts() -> dict[str, Any]:
    """Codes, names and values that carry no language."""
    return {
        "identifier": {"@id": "dct:identifier", "@language": None},
        "fullName": {"@id": "vcard:fn", "@language": None},
        "fileName": {"@id": "schema:name", "@language": None},
        "partnerName": {"@id": "foaf:name", "@language": None},
        "notation": {"@id": "skos:notation", "@language": None},
        "placeNames": {"@id": "pg:placeNames", "@language": None},
        "fileFormat": {"@id": "dct:format", "@language": None},
        "legalName": {"@id": "rov:legalName", "@language": None},
        "versionInfo": {"@id": "owl:versionInfo", "@language": None},
        "checksumValue": {"@id": "spdx:checksumValue", "@language": None},
        "uriSpace": {"@id": "void:uriSpace", "@language": None},
        "preferredNamespacePrefix": {"@id": "vann:preferredNamespacePrefix", "@language": None},
        "preferredNamespaceUri": {"@id": "vann:preferredNamespaceUri", "@language": None},
    }


def _model() -> dict[str, Any]:
    """The practice model: its links, lists and reverse links."""
    return {
        "category": {"@id": "dct:type", **_ID},
        "targetGroup": {"@id": "ipdc:targetAudience", **_ID},
        "policyDomain": {"@id": "m8g:thematicArea", **_ID},
        "goals": {"@id": "pg:goals", "@container": "@list"},
        "successFactors": {"@id": "pg:successFactors", "@container": "@list"},
        "challenges": {"@id": "pg:challenges", "@container": "@list"},
        "section": "pg:section",
        "referenceDate": {"@id": "pg:referenceDate", "@type": "xsd:date"},
        "truncated": {"@id": "pg:truncated", "@type": "xsd:boolean"},
        "publishesPersonalContacts": {
            "@id": "pg:publishesPersonalContacts",
            "@type": "xsd:boolean",
        },
        "practice": {"@id": "dct:source", **_ID},
        "initiatives": {"@reverse": "dct:source"},
        "localInitiatives": {"@reverse": "pg:municipality"},
        "practicesForTargetGroup": {"@reverse": "ipdc:targetAudience"},
        "practicesInPolicyDomain": {"@reverse": "m8g:thematicArea"},
        "practicesInCategory": {"@reverse": "dct:type"},
        "position": {"@id": "schema:position", "@type": "xsd:integer"},
        "municipality": {"@id": "pg:municipality", **_ID},
        "leadMunicipality": {"@id": "pg:leadMunicipality", **_ID},
        "spatial": {"@id": "dct:spatial", **_ID},
        "contactPoint": "dcat:contactPoint",
        "email": {"@id": "vcard:hasEmail", **_ID},
        "partner": "dct:contributor",
        "image": "schema:image",
        "subjectOf": "schema:subjectOf",
        "url": {"@id": "schema:url", **_ID},
        "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", **_ID},
        "wasQuotedFrom": {"@id": "prov:wasQuotedFrom", **_ID},
        "provenance": "dct:provenance",
    }


def _places_and_concepts() -> dict[str, Any]:
    """Municipalities, provinces and the SKOS schemes."""
    return {
        "inScheme": {"@id": "skos:inScheme", **_ID},
        "topConceptOf": {"@id": "skos:topConceptOf", **_ID},
        "hasTopConcept": {"@id": "skos:hasTopConcept", **_ID},
        "broader": {"@id": "skos:broader", **_ID},
        "narrower": {"@id": "skos:narrower", **_ID},
        "exactMatch": {"@id": "skos:exactMatch", **_ID},
        "closeMatch": {"@id": "skos:closeMatch", **_ID},
        "broadMatch": {"@id": "skos:broadMatch", **_ID},
        "narrowMatch": {"@id": "skos:narrowMatch", **_ID},
        "province": {"@id": "schema:containedInPlace", **_ID},
        "startDate": {"@id": "schema:startDate", "@type": "xsd:date"},
        "endDate": {"@id": "schema:endDate", "@type": "xsd:date"},
        "isReplacedBy": {"@id": "dct:isReplacedBy", **_ID},
        "replaces": {"@id": "dct:replaces", **_ID},
        "isVersionOf": {"@id": "dct:isVersionOf", **_ID},
        "isProfileOf": {"@id": "prof:isProfileOf", **_ID},
        "hasToken": {"@id": "prof:hasToken", "@language": None},
    }


def _withdrawn() -> dict[str, Any]:
    """What a tombstone keeps of a withdrawn thing."""
    return {
        "formerType": {"@id": "as:formerType", **_ID},
        "deleted": {"@id": "as:deleted", "@type": "xsd:dateTime"},
    }


def _terms_of_use() -> dict[str, Any]:
    """Who published, made or holds a thing, and under which terms."""
    return {
        "publisher": {"@id": "dct:publisher", **_ID},
        "creator": {"@id": "dct:creator", **_ID},
        "rightsHolder": {"@id": "dct:rightsHolder", **_ID},
        "license": {"@id": "dct:license", **_ID},
        "rights": {"@id": "dct:rights", **_ID},
        "accessRights": {"@id": "dct:accessRights", **_ID},
        "conformsTo": {"@id": "dct:conformsTo", **_ID},
        "language": {"@id": "dct:language", **_ID},
        "homepage": {"@id": "foaf:homepage", **_ID},
        "primaryTopic": {"@id": "foaf:primaryTopic", **_ID},
        "issued": {"@id": "dct:issued", "@type": "xsd:dateTime"},
        "modified": {"@id": "dct:modified", "@type": "xsd:dateTime"},
        "modifiedOn": {"@id": "dct:modified", "@type": "xsd:date"},
    }


def _catalog() -> dict[str, Any]:
    """DCAT: the catalog, its distributions and services."""
    return {
        "dataset": {"@id": "dcat:dataset", **_ID},
        "service": {"@id": "dcat:service", **_ID},
        "record": {"@id": "dcat:record", **_ID},
        "distribution": {"@id": "dcat:distribution", **_ID},
        "theme": {"@id": "dcat:theme", **_ID},
        "landingPage": {"@id": "dcat:landingPage", **_ID},
        "accessURL": {"@id": "dcat:accessURL", **_ID},
        "downloadURL": {"@id": "dcat:downloadURL", **_ID},
        "mediaType": {"@id": "dcat:mediaType", **_ID},
        "format": {"@id": "dct:format", **_ID},
        "compressFormat": {"@id": "dcat:compressFormat", **_ID},
        "byteSize": {"@id": "dcat:byteSize", "@type": "xsd:nonNegativeInteger"},
        "checksum": "spdx:checksum",
        "algorithm": {"@id": "spdx:algorithm", **_ID},
        "endpointURL": {"@id": "dcat:endpointURL", **_ID},
        "endpointDescription": {"@id": "dcat:endpointDescription", **_ID},
        "servesDataset": {"@id": "dcat:servesDataset", **_ID},
    }


def _void() -> dict[str, Any]:
    """VoID: the statistics, partitions, dumps and linksets."""
    return {
        "triples": {"@id": "void:triples", "@type": "xsd:integer"},
        "entities": {"@id": "void:entities", "@type": "xsd:integer"},
        "distinctSubjects": {"@id": "void:distinctSubjects", "@type": "xsd:integer"},
        "distinctObjects": {"@id": "void:distinctObjects", "@type": "xsd:integer"},
        "classes": {"@id": "void:classes", "@type": "xsd:integer"},
        "properties": {"@id": "void:properties", "@type": "xsd:integer"},
        "classPartition": "void:classPartition",
        "propertyPartition": "void:propertyPartition",
        "class": {"@id": "void:class", **_ID},
        "property": {"@id": "void:property", **_ID},
        "subset": {"@id": "void:subset", **_ID},
        "dataDump": {"@id": "void:dataDump", **_ID},
        "sparqlEndpoint": {"@id": "void:sparqlEndpoint", **_ID},
        "vocabulary": {"@id": "void:vocabulary", **_ID},
        "linkPredicate": {"@id": "void:linkPredicate", **_ID},
        "subjectsTarget": {"@id": "void:subjectsTarget", **_ID},
        "objectsTarget": {"@id": "void:objectsTarget", **_ID},
    }


def _ontology() -> dict[str, Any]:
    """RDFS and OWL, for the ontology's own documents."""
    return {
        "isDefinedBy": {"@id": "rdfs:isDefinedBy", **_ID},
        "subClassOf": {"@id": "rdfs:subClassOf", **_ID},
        "subPropertyOf": {"@id": "rdfs:subPropertyOf", **_ID},
        "domain": {"@id": "rdfs:domain", **_ID},
        "range": {"@id": "rdfs:range", **_ID},
        "versionIRI": {"@id": "owl:versionIRI", **_ID},
        "priorVersion": {"@id": "owl:priorVersion", **_ID},
    }
