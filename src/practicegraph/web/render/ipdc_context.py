"""The JSON-LD context of the `ipdc` profile: the practice and its initiatives under the names
IPDC-LPDC's own implementation model gives its terms (naam, beschrijving, doelgroepen, themas,
contactgegevens …), so that an IPDC-LPDC consumer reads its own keys. Written here, not fetched:
the names follow the implementation model (Informatievlaanderen/ipdc-lpdc, jsonld/), the few
terms it does not name (code-list labels, the initiatives nested under their practice) are ours.
Served at {base} + urls.IPDC_CONTEXT; like the main context, only ever extended."""

from __future__ import annotations

from typing import Any

IPDC = "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#"
M8G = "http://data.europa.eu/m8g/"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "http://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"

CONTEXT: dict[str, Any] = {
    "id": "@id",
    "type": "@type",
    "Concept": IPDC + "ConceptualPublicService",
    "Instantie": IPDC + "InstancePublicService",
    "Contactgegevens": SCHEMA + "ContactPoint",
    "naam": {"@id": DCT + "title", "@container": "@language"},
    "beschrijving": {"@id": DCT + "description", "@container": "@language"},
    "doelgroepen": {"@id": IPDC + "targetAudience", "@type": "@id"},
    "themas": {"@id": M8G + "thematicArea", "@type": "@id"},
    "contactgegevens": {"@id": M8G + "hasContactPoint", "@type": "@id"},
    "email": {"@id": SCHEMA + "email"},
    "linkedConcept": {"@id": DCT + "source", "@type": "@id"},
    "instanties": {"@reverse": DCT + "source"},
    "geografischToepassingsgebieden": {"@id": DCT + "spatial", "@type": "@id"},
    "label": {"@id": SKOS + "prefLabel", "@container": "@language"},
}
DOCUMENT: dict[str, Any] = {"@context": CONTEXT}
"""As served, and as the writer takes it."""
