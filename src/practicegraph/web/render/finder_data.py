"""The finder's list as data: CSV and JSON of the practices a finder URL finds.

The whole list in the finder's order (best match first, then by title), not one page: a
program wants every row, and `pagina` only pages the HTML. Each practice with its IRI, title,
introduction and the IRIs of its facet values (in CSV separated by spaces)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from practicegraph.finder.fields import FACETS
from practicegraph.finder.search import Practice

CSV = "text/csv"
JSON = "application/json"
SUFFIXES = {"csv": CSV, "json": JSON}
COLUMNS = ("iri", "title", "abstract", *FACETS)


def record(practice: Practice) -> dict[str, Any]:
    return {
        "iri": practice.iri,
        "title": practice.title,
        "abstract": practice.abstract,
        **{facet: practice.facets.get(facet, []) for facet in FACETS},
    }


FORMULA = ("=", "+", "-", "@", "\t", "\r")
"""How a cell a spreadsheet would run as a formula starts (OWASP's CSV injection list)."""


def inert(text: str) -> str:
    """A cell a spreadsheet shows as the text it is: a title is a page's heading, which the
    site's authors write, and `=HYPERLINK(…)` in one would run in whoever opens the list."""
    return "'" + text if text.startswith(FORMULA) else text


def as_csv(practices: list[Practice]) -> bytes:
    """RFC 4180: a header row, then one row per practice; lists joined by spaces; no cell a
    spreadsheet runs (`inert`)."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for practice in practices:
        row = record(practice)
        cells = {k: " ".join(v) if isinstance(v, list) else v for k, v in row.items()}
        writer.writerow({k: inert(v) if isinstance(v, str) else v for k, v in cells.items()})
    return out.getvalue().encode("utf-8")


def as_json(practices: list[Practice], query: str, filters: dict[str, list[str]]) -> bytes:
    """The search as asked (words, filters), how many, and the practices."""
    document = {
        "q": query,
        "filters": {facet: values for facet, values in filters.items() if values},
        "total": len(practices),
        "practices": [record(p) for p in practices],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def body(media: str, practices: list[Practice], query: str, filters: dict[str, list[str]]) -> bytes:
    return as_csv(practices) if media == CSV else as_json(practices, query, filters)
