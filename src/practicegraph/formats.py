"""The media types the dataset is written in, and the one way to serialise triples to each.

Shared by the build (dumps), the store (CONSTRUCT results) and the web (resources).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph
from pyld import jsonld


@dataclass(frozen=True)
class RdfMedia:
    """An RDF serialisation: its media type, its URL suffix and its pyoxigraph format."""

    media_type: str
    suffix: str
    label: str
    oxigraph: pyoxigraph.RdfFormat

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.media_type.endswith(
            ("+xml", "n-triples")
        )
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


TURTLE = RdfMedia("text/turtle", "ttl", "Turtle", pyoxigraph.RdfFormat.TURTLE)
JSON_LD = RdfMedia("application/ld+json", "jsonld", "JSON-LD", pyoxigraph.RdfFormat.JSON_LD)
N_TRIPLES = RdfMedia("application/n-triples", "nt", "N-Triples", pyoxigraph.RdfFormat.N_TRIPLES)
RDF_XML = RdfMedia("application/rdf+xml", "rdf", "RDF/XML", pyoxigraph.RdfFormat.RDF_XML)
RDF_MEDIA: tuple[RdfMedia, ...] = (TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
BY_MEDIA_TYPE = {media.media_type: media for media in RDF_MEDIA}

RESULTS_MEDIA: dict[str, pyoxigraph.QueryResultsFormat] = {
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "text/csv": pyoxigraph.QueryResultsFormat.CSV,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}


class RemoteDocumentError(Exception):
    """A JSON-LD document named a remote context; we never fetch one."""


def refuse_remote(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld's document loader: never fetch a context or document from the network."""
    raise RemoteDocumentError(f"remote JSON-LD document refused: {url}")


RdfTerm = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple


def _pyld_term(term: RdfTerm) -> dict[str, str]:
    """A term in pyld's internal RDF form (what its N-Quads parser makes, without the parsing)."""
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "IRI", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "blank node", "value": f"_:{term.value}"}
    if isinstance(term, pyoxigraph.Literal):
        value = {"type": "literal", "value": term.value, "datatype": term.datatype.value}
        if term.language:
            value["language"] = term.language
        return value
    raise ValueError(f"JSON-LD 1.1 has no quoted triples: {term}")


def compact(
    quads: Iterable[pyoxigraph.Quad], context: dict[str, Any], context_url: str
) -> dict[str, Any]:
    """Quads → compacted JSON-LD with our context, which the document names by URL.

    pyld's own N-Quads parser is slow (7 s for 13k quads here); we hand it the dataset directly.
    """
    dataset: dict[str, list[dict[str, dict[str, str]]]] = {}
    for quad in quads:
        graph = quad.graph_name
        key = (
            "@default" if isinstance(graph, pyoxigraph.DefaultGraph) else _pyld_term(graph)["value"]
        )
        dataset.setdefault(key, []).append(
            {
                "subject": _pyld_term(quad.subject),
                "predicate": _pyld_term(quad.predicate),
                "object": _pyld_term(quad.object),
            }
        )
    expanded = jsonld.from_rdf(dataset, {})
    document: dict[str, Any] = jsonld.compact(expanded, context, {"documentLoader": refuse_remote})
    document["@context"] = context_url
    return document


def serialize_triples(
    triples: Iterable[pyoxigraph.Triple],
    media: RdfMedia,
    prefixes: dict[str, str],
    context: dict[str, Any],
    context_url: str,
) -> bytes:
    """Triples in one of the RDF media types; JSON-LD compacted with the published context."""
    if media is JSON_LD:
        default = pyoxigraph.DefaultGraph()
        quads = (pyoxigraph.Quad(t.subject, t.predicate, t.object, default) for t in triples)
        document = compact(quads, context, context_url)
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    if media is TURTLE:
        kept = list(triples)
        used = {term.value for t in kept for term in t if isinstance(term, pyoxigraph.NamedNode)}
        wanted = {p: ns for p, ns in prefixes.items() if any(iri.startswith(ns) for iri in used)}
        return pyoxigraph.serialize(kept, format=media.oxigraph, prefixes=wanted) or b""
    return pyoxigraph.serialize(triples, format=media.oxigraph) or b""
