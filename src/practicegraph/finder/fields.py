"""What the practice index holds of a practice: the facets and texts, named once for the build
that writes the index and the site that reads it."""

from __future__ import annotations

FACETS = {
    "categorie": "dct:type",
    "doelgroep": "ipdc:targetAudience",
    "beleidsdomein": "m8g:thematicArea",
    "gemeente": "^dct:source/pg:municipality",
    "provincie": "^dct:source/pg:municipality/schema:containedInPlace",
}
"""Facet name (the URL parameter) → the path from a practice to its values."""

TEXT = {
    "title": "dct:title",
    "abstract": "dct:abstract",
    "body": "dct:description|(pg:goals|pg:successFactors|pg:challenges)/rdf:rest*/rdf:first"
    "|^dct:source/(dct:title|dct:description)",
}
"""What the search reads: the title, the introduction, and the rest of the page's text; the
index keeps each part's distinct folded words, not the text."""
SNIPPET = 300
"""Characters of the introduction kept to show under a search result."""
