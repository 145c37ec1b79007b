"""The layout of a build folder: what the build writes and the server reads, named once."""

from __future__ import annotations

CURRENT = "current"
"""dist/current: the link to the build being served."""
STORE = "store"
DOCUMENTS = "documents.json"
MANIFEST = "manifest.json"
DUMPS = "dumps"
PIECES = "pieces.json"
"""Where each named graph's piece lies in each dump file: what the next build copies."""
LDES = "ldes"
"""The event stream: stream.nt (the stream and its view), page-{n}.nt, pages.json (their count)."""
LDES_POLLING_SECONDS = 60
"""How long clients may cache the stream's root and its newest page before they poll again."""
DESCRIPTIONS = {"catalog": "catalog.nt", "void": "void.nt"}
"""Documents about the build, kept as written: the store would read xsd:nonNegativeInteger back
as xsd:integer, and portals check the catalog's datatypes."""
PRACTICE_INDEX = "practices.json"
"""Per practice its texts and facet values: what the site searches and filters in memory."""
