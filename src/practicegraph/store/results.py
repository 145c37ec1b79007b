"""SPARQL JSON results as engines write them, made what the standard says before pyoxigraph's
strict parser reads them. Virtuoso 7 (Debian's) names blank nodes `nodeID://b10016`, which is no
blank node label; writes the 2005 note's `typed-literal`; gives xsd:boolean as 1 and 0; and
answers ASK with a one-cell table `__ASK_RETVAL`. An answer with none of those is left as it is.
"""

from __future__ import annotations

import json
from typing import Any

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
ASK_CELL = "__ASK_RETVAL"
MARKERS = (b"nodeID://", b'"typed-literal"', XSD_BOOLEAN.encode(), ASK_CELL.encode())
CANONICAL_BOOLEANS = {"1": "true", "0": "false"}


def _term(term: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    kind = term.get("type")
    if kind == "bnode":
        term["value"] = labels.setdefault(str(term.get("value")), f"b{len(labels)}")
    elif kind == "typed-literal":
        term["type"] = "literal"
    if term.get("datatype") == XSD_BOOLEAN:
        term["value"] = CANONICAL_BOOLEANS.get(term.get("value", ""), term.get("value"))
    return term


def standard(body: bytes) -> bytes:
    """The answer as the standard writes it: blank node labels that are labels, literals typed
    the 2013 way, booleans in their canonical form, ASK as a boolean."""
    if not any(marker in body for marker in MARKERS):
        return body
    try:
        answer = json.loads(body)
    except ValueError:
        return body  # the parser names what is wrong with it
    if not isinstance(answer, dict):
        return body
    rows = answer.get("results", {}).get("bindings", [])
    if answer.get("head", {}).get("vars") == [ASK_CELL]:
        cell = rows[0].get(ASK_CELL, {}).get("value") if rows else "0"
        return json.dumps({"head": {}, "boolean": cell not in ("0", "false")}).encode()
    labels: dict[str, str] = {}
    for row in rows:
        for name, term in row.items():
            if isinstance(term, dict):
                row[name] = _term(term, labels)
    return json.dumps(answer).encode()
