"""The media types the dataset is written in, and the one way to serialise triples to each.

Shared by the build (dumps), the store (CONSTRUCT results) and the web (resources).
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson
import pyoxigraph

from practicegraph.core import compactor, turtle
from practicegraph.core.vocab import Minted


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
TRIG = RdfMedia("application/trig", "trig", "TriG", pyoxigraph.RdfFormat.TRIG)
N_QUADS = RdfMedia("application/n-quads", "nq", "N-Quads", pyoxigraph.RdfFormat.N_QUADS)
"""The formats with named graphs: offered where graphs matter (the pattern fragments), not by the
documents, which are one graph each."""

RESULTS_MEDIA: dict[str, pyoxigraph.QueryResultsFormat] = {
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "text/csv": pyoxigraph.QueryResultsFormat.CSV,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}


@dataclass(frozen=True)
class About:
    """The resource a set of triples is the document of."""

    root: str
    minted: Minted


@lru_cache(maxsize=4)
def _compactor(context_text: str) -> compactor.Compactor:
    return compactor.Compactor(json.loads(context_text))


BY_IDENTITY: dict[int, tuple[dict[str, Any], compactor.Compactor]] = {}
"""The compactor of each context object seen, by its id (the object kept, so the id stays its
own): writing a context out to find its compactor was a twentieth of a document's JSON-LD."""
IDENTITIES = 16
"""Context objects remembered (a build's, a profile's, each build's after a switch)."""


def compactor_for(context: dict[str, Any]) -> compactor.Compactor:
    """The compactor of a context, made once per process (once per equal context: by its text
    for a context object not met before)."""
    known = BY_IDENTITY.get(id(context))
    if known is not None and known[0] is context:
        return known[1]
    made = _compactor(json.dumps(context, sort_keys=True))
    if len(BY_IDENTITY) >= IDENTITIES:
        BY_IDENTITY.clear()
    BY_IDENTITY[id(context)] = (context, made)
    return made


def used_prefixes(prefixes: dict[str, str], iris: Iterable[str]) -> dict[str, str]:
    """The prefixes some IRI starts with. By bisection: the IRIs that start with a namespace sort
    together right after it, and asking each IRI of each namespace took a third of a DESCRIBE's
    time on the endpoint."""
    ordered = sorted(iris)

    def used(namespace: str) -> bool:
        at = bisect_left(ordered, namespace)
        return at < len(ordered) and ordered[at].startswith(namespace)

    return {prefix: namespace for prefix, namespace in prefixes.items() if used(namespace)}


def serialize_triples(
    triples: Iterable[pyoxigraph.Triple],
    media: RdfMedia,
    prefixes: dict[str, str],
    context: dict[str, Any],
    context_url: str,
    about: About | None = None,
) -> bytes:
    """Triples in one of the RDF media types; JSON-LD compacted with the published context.
    Where they are the document `about` a resource, JSON-LD is framed from it and Turtle starts
    with it, nested and in page order."""
    if media is JSON_LD:
        if about is not None:
            written = compactor.framed(compactor_for(context), triples, context_url, about.root)
        else:
            written = compactor.graph_document(compactor_for(context), triples, context_url)
        return orjson.dumps(written, option=orjson.OPT_INDENT_2)
    if media is TURTLE and about is not None:
        kept = list(triples)
        text = turtle.resource_document(kept, about.minted, about.root, prefixes)
        if text is not None:
            return text.encode("utf-8")
        triples = kept
    if media is TURTLE:
        kept = list(triples)
        used = {term.value for t in kept for term in t if isinstance(term, pyoxigraph.NamedNode)}
        return (
            pyoxigraph.serialize(
                kept, format=media.oxigraph, prefixes=used_prefixes(prefixes, used)
            )
            or b""
        )
    return pyoxigraph.serialize(triples, format=media.oxigraph) or b""
