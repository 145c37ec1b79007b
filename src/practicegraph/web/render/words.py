"""Dutch words for the terms of other vocabularies that the pages show, so that a person reads
"Afbeelding", not `schema:image`. Our own terms carry their labels in the data (the ontology);
these vocabularies' labels are English, where they are published at all, and are not fetched.

A term not listed here still shows as a prefixed name: `tests/system/test_browser.py` checks
that no practice page shows one, so a new property on them is named here too.
"""

from __future__ import annotations

DCT = "http://purl.org/dc/terms/"
SCHEMA = "http://schema.org/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCAT = "http://www.w3.org/ns/dcat#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
FOAF = "http://xmlns.com/foaf/0.1/"
XSD = "http://www.w3.org/2001/XMLSchema#"
IPDC = "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#"
M8G = "http://data.europa.eu/m8g/"
AS = "https://www.w3.org/ns/activitystreams#"

WORDS = {
    RDF + "type": "Soort",
    RDFS + "label": "Naam",
    RDFS + "comment": "Toelichting",
    DCT + "title": "Titel",
    DCT + "description": "Beschrijving",
    DCT + "abstract": "Inleiding",
    DCT + "identifier": "Code",
    DCT + "type": "Type",
    DCT + "source": "Bron",
    DCT + "spatial": "Gebied",
    DCT + "provenance": "Herkomst",
    DCT + "publisher": "Uitgever",
    DCT + "format": "Formaat",
    DCT + "contributor": "Partners",
    DCT + "replaces": "Vervangt",
    DCT + "isReplacedBy": "Vervangen door",
    DCT + "isVersionOf": "Versie van",
    DCT + "ProvenanceStatement": "Herkomstverklaring",
    SCHEMA + "name": "Naam",
    SCHEMA + "url": "Adres",
    SCHEMA + "image": "Afbeelding",
    SCHEMA + "caption": "Bijschrift",
    SCHEMA + "position": "Plaats op de pagina",
    SCHEMA + "subjectOf": "Meer info",
    SCHEMA + "startDate": "Begindatum",
    SCHEMA + "endDate": "Einddatum",
    SCHEMA + "containedInPlace": "Ligt in",
    SCHEMA + "WebPage": "Webpagina",
    SCHEMA + "ImageObject": "Afbeelding",
    SKOS + "exactMatch": "Dezelfde als",
    SKOS + "closeMatch": "Nagenoeg dezelfde als",
    SKOS + "prefLabel": "Naam",
    SKOS + "altLabel": "Andere naam",
    SKOS + "definition": "Definitie",
    SKOS + "notation": "Code",
    SKOS + "broader": "Valt onder",
    SKOS + "inScheme": "In de lijst",
    PROV + "wasDerivedFrom": "Afgeleid van",
    PROV + "wasQuotedFrom": "Geciteerd uit",
    PROV + "generatedAtTime": "Gemaakt op",
    DCAT + "contactPoint": "Contact",
    VCARD + "hasEmail": "E-mail",
    VCARD + "hasTelephone": "Telefoon",
    VCARD + "fn": "Naam",
    VCARD + "Organization": "Organisatie",
    VCARD + "Individual": "Persoon",
    VCARD + "Kind": "Contact",
    FOAF + "name": "Naam",
    FOAF + "Agent": "Organisatie of persoon",
    IPDC + "targetAudience": "Doelgroep (IPDC)",
    IPDC + "InstancePublicService": "Publieke dienstverlening (IPDC)",
    IPDC + "ConceptualPublicService": "Conceptuele publieke dienstverlening (IPDC)",
    M8G + "thematicArea": "Thema (IPDC)",
    AS + "Tombstone": "Ingetrokken",
    AS + "Delete": "Verwijderd",
    XSD + "date": "datum",
    XSD + "dateTime": "datum en tijd",
    XSD + "integer": "getal",
    XSD + "nonNegativeInteger": "getal",
    XSD + "decimal": "getal",
    XSD + "boolean": "ja of nee",
    XSD + "anyURI": "adres",
}
"""A term's IRI → its Dutch word (a class or a property as its label, a datatype lower case, as
it is shown beside a value)."""
