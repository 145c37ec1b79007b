"""What the document of a resource holds besides its own description, by class: defined once,
for its HTML page and every RDF format alike (docs/urls-and-formats.md, "Documents").

- A practice: its local initiatives and its source page. They are few and live in its own file,
  so the build lists them (documents.json) and a store describes them with it.
- A municipality: the local initiatives it runs, described whole (their practices named).
- A concept of our schemes: the practices that use it, linked and named.

Those two grow without bound (a large city, a common target group), so they come in pages of
PAGE_SIZE parts, in IRI order, each page linking the next.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rdflib.namespace import DCTERMS, SKOS

from practicegraph.core.vocab import IPDC, M8G, Minted

PAGE_SIZE = 20
"""Parts on one page of a document that grows without bound."""


@dataclass(frozen=True)
class Growing:
    """Parts that point at the resource: by which predicates, and whether each is described
    whole (an initiative) or only linked and named (a practice that uses a concept)."""

    predicates: tuple[str, ...]
    described: bool


def growing_shapes(minted: Minted) -> dict[str, Growing]:
    """By class IRI, in the order they are tried: a resource of several takes the first."""
    used_by = (str(IPDC.targetAudience), str(M8G.thematicArea), str(DCTERMS.type))
    return {
        str(minted.pg.Municipality): Growing((str(minted.pg.municipality),), described=True),
        str(SKOS.Concept): Growing(used_by, described=False),
    }


def growing(classes: set[str], shapes: Mapping[str, Growing]) -> Growing | None:
    return next((shape for iri, shape in shapes.items() if iri in classes), None)
