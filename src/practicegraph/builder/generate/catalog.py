"""What the catalog says that no person writes: who publishes, whom to ask, under which rights,
which files, since when. The texts are in data/catalog.ttl; the shapes in shapes/catalog.ttl.

Also the dataset's URI space (void:uriSpace), by which shapes tell our IRIs from others.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, VOID, XSD

from practicegraph.builder.freeze.dumps import FILES
from practicegraph.builder.parse.sources import SourceGraph
from practicegraph.core import urls
from practicegraph.core.settings import BuildSettings
from practicegraph.core.vocab import VCARD, Minted

GENERATOR = Path("src/practicegraph/builder/catalog.py")
IANA = "https://www.iana.org/assignments/media-types/"
GZIP = URIRef(IANA + "application/gzip")
PUBLIC = URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC")


def catalog_iri(minted: Minted, fragment: str = "") -> URIRef:
    return URIRef(minted.iri(urls.CATALOG) + (f"#{fragment}" if fragment else ""))


def distribution_iri(minted: Minted, name: str) -> URIRef:
    """The catalog's distribution of one dump file: dataset.nq.gz → catalog#distribution-…"""
    return catalog_iri(minted, "distribution-" + name.replace(".", "-"))


def dump_names() -> list[tuple[str, str, str, bool]]:
    """(file name, media type, EU file type, gzipped) of every dump file."""
    names = []
    for dump in FILES:
        name = f"dataset.{dump.suffix}"
        names.append((name, dump.media_type, dump.file_type, False))
        names.append((f"{name}.gz", dump.media_type, dump.file_type, True))
    return names


def services_of(minted: Minted) -> list[URIRef]:
    """The catalog's services: the SPARQL endpoint and each view of the event stream."""
    views = (urls.STREAM_LATEST_VIEW, urls.STREAM_PLACE_VIEW)
    return [
        catalog_iri(minted, urls.SPARQL),
        catalog_iri(minted, urls.LDES),
        *(catalog_iri(minted, f"{urls.LDES}-{view}") for view in views),
    ]


def generate(settings: BuildSettings, minted: Minted, built_at: datetime) -> SourceGraph:
    graph = Graph()
    add = graph.add
    dataset, catalog = minted.dataset, catalog_iri(minted)
    services = services_of(minted)
    record = catalog_iri(minted, "record")
    publisher = URIRef(settings.publisher or minted.id("organisatie", "practicegraph"))
    contact = catalog_iri(minted, "contact")
    licence = URIRef(settings.licence) if settings.licence else None
    rights = catalog_iri(minted, "rights")
    when = Literal(built_at.isoformat(timespec="seconds"), datatype=XSD.dateTime)

    add((dataset, RDF.type, VOID.Dataset))
    people = Literal(settings.publish_personal_contacts)  # the privacy page says which rule holds
    add((dataset, minted.pg.publishesPersonalContacts, people))
    add((dataset, VOID.uriSpace, Literal(minted.base)))
    # every node the catalog refers to is typed here: portals read this document alone
    add((publisher, RDF.type, FOAF.Agent))
    add((publisher, RDF.type, DCTERMS.Agent))
    add((publisher, FOAF.name, Literal(settings.publisher_name, lang="nl")))
    add((contact, RDF.type, VCARD.Organization))
    add((contact, RDF.type, VCARD.Kind))
    if licence is not None:
        add((licence, RDF.type, DCTERMS.LicenseDocument))
    add((contact, VCARD.fn, Literal(settings.contact_name)))
    add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.contact_email}")))
    for node in (catalog, dataset, *services):
        add((node, DCTERMS.publisher, publisher))
        add((node, DCAT.contactPoint, contact))
    for node in (catalog, dataset):
        add((node, DCTERMS.modified, when))
    add((record, DCTERMS.modified, when))
    distributions = [distribution_iri(minted, name) for name, *_ in dump_names()]
    for node in (catalog, dataset, *services, *distributions):
        if licence is not None:
            add((node, DCTERMS.license, licence))
        if node != catalog:
            add((node, DCTERMS.rights, rights))
    for dump in FILES:
        add((URIRef(dump.file_type), RDF.type, SKOS.Concept))
        add((URIRef(dump.file_type), SKOS.prefLabel, Literal(dump.format_name, lang="nl")))
    for name, media_type, file_type, gzipped in dump_names():
        node = distribution_iri(minted, name)
        add((dataset, DCAT.distribution, node))
        add((node, RDF.type, DCAT.Distribution))
        add((node, DCTERMS.identifier, Literal(f"practicegraph-{name}")))
        kind = f"{name.split('.')[1]}{', gzip' if gzipped else ''}"
        add((node, DCTERMS.title, Literal(f"De hele dataset ({kind})", lang="nl")))
        add((node, DCTERMS.title, Literal(f"The whole dataset ({kind})", lang="en")))
        add((node, DCAT.accessURL, minted.iri(urls.DUMPS)))
        add((node, DCAT.downloadURL, minted.iri(urls.DUMPS + name)))
        add((node, DCAT.mediaType, URIRef(IANA + media_type)))
        add((node, DCTERMS["format"], URIRef(file_type)))
        if gzipped:
            add((node, DCAT.compressFormat, GZIP))
        add((node, DCTERMS.issued, when))
        add((node, DCTERMS.modified, when))
    return SourceGraph(minted.graph("catalog"), "generated", GENERATOR, graph)
