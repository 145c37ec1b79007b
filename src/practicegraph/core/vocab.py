"""Namespaces: the standard ones, and those minted under the configured base."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

from practicegraph.core import urls

SCHEMA = Namespace("http://schema.org/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
IPDC = Namespace("https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#")
M8G = Namespace("http://data.europa.eu/m8g/")
AS = Namespace("https://www.w3.org/ns/activitystreams#")

STANDARD_PREFIXES: dict[str, Namespace] = {
    prefix: Namespace(str(namespace))
    for prefix, namespace in {
        "rdf": RDF,
        "rdfs": RDFS,
        "owl": OWL,
        "xsd": XSD,
        "skos": SKOS,
        "dct": DCTERMS,
        "dcat": DCAT,
        "foaf": FOAF,
        "prov": PROV,
        "sh": SH,
        "void": VOID,
        "schema": SCHEMA,
        "vcard": VCARD,
        "ipdc": IPDC,
        "m8g": M8G,
        "as": AS,
        "spdx": Namespace("http://spdx.org/rdf/terms#"),
        "vann": Namespace("http://purl.org/vocab/vann/"),
        "rov": Namespace("http://www.w3.org/ns/regorg#"),
        "prof": Namespace("http://www.w3.org/ns/dx/prof/"),
    }.items()
}


THINGS = {
    "praktijk": "praktijk/",
    "initiatief": "initiatief/",
    "gemeente": "gemeente/",
    "provincie": "provincie/",
    "categorie": "concept/categorie/",
    "doelgroep": "concept/doelgroep/",
    "beleidsdomein": "concept/beleidsdomein/",
    "bron": "bron/",
    "organisatie": "organisatie/",
}
"""Our prefixes for the kinds of things, by their path under {base}id/."""


@dataclass(frozen=True)
class Minted:
    """The IRIs this dataset mints under one base, their paths from `urls`; one instance per
    build or app."""

    base: str

    def iri(self, path: str = "") -> URIRef:
        """The IRI of a path under the base (a `urls` path, or one built from them)."""
        return URIRef(self.base + path)

    @property
    def things(self) -> str:
        """Where every thing's IRI starts: {base}id/."""
        return self.base + urls.ID

    @property
    def pg(self) -> Namespace:
        return Namespace(f"{self.base}{urls.NS}praktijk#")

    @property
    def shapes(self) -> Namespace:
        return Namespace(f"{self.base}{urls.NS}shapes#")

    def id(self, kind: str, key: str) -> URIRef:
        return URIRef(f"{self.things}{kind}/{key}")

    def graph(self, name: str) -> URIRef:
        return URIRef(f"{self.base}{urls.GRAPH}{name}")

    def document_url(self, iri: str) -> str:
        """The address of an IRI's description: {base}doc/… for a thing of ours, else itself."""
        if not iri.startswith(self.things):
            return iri
        return self.base + urls.document_of(iri.removeprefix(self.base))

    @property
    def dataset(self) -> URIRef:
        return self.id("dataset", "practicegraph")

    def prefixes(self) -> dict[str, Namespace]:
        """Prefixes for readable output: the standard ones and ours."""
        things = {prefix: Namespace(self.things + path) for prefix, path in THINGS.items()}
        return {**STANDARD_PREFIXES, "pg": self.pg, "pgsh": self.shapes, **things}
