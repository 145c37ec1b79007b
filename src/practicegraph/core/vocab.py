"""Namespaces: the standard ones, and those minted under the configured base."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

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


@dataclass(frozen=True)
class Minted:
    """The IRIs this dataset mints under one base; one instance per build or app."""

    base: str

    @property
    def pg(self) -> Namespace:
        return Namespace(self.base + "ns/praktijk#")

    @property
    def shapes(self) -> Namespace:
        return Namespace(self.base + "ns/shapes#")

    def id(self, kind: str, key: str) -> URIRef:
        return URIRef(f"{self.base}id/{kind}/{key}")

    def graph(self, name: str) -> URIRef:
        return URIRef(f"{self.base}graph/{name}")

    @property
    def dataset(self) -> URIRef:
        return self.id("dataset", "practicegraph")

    def prefixes(self) -> dict[str, Namespace]:
        """Prefixes for readable output: the standard ones and ours."""
        ours = {
            "pg": self.pg,
            "pgsh": self.shapes,
            "praktijk": Namespace(self.base + "id/praktijk/"),
            "initiatief": Namespace(self.base + "id/initiatief/"),
            "gemeente": Namespace(self.base + "id/gemeente/"),
            "provincie": Namespace(self.base + "id/provincie/"),
            "categorie": Namespace(self.base + "id/concept/categorie/"),
            "doelgroep": Namespace(self.base + "id/concept/doelgroep/"),
            "beleidsdomein": Namespace(self.base + "id/concept/beleidsdomein/"),
            "bron": Namespace(self.base + "id/bron/"),
            "organisatie": Namespace(self.base + "id/organisatie/"),
        }
        return {**STANDARD_PREFIXES, **ours}
