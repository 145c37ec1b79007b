"""Find the line of a source file that describes a node, so that reports can point at it."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef


@lru_cache(maxsize=64)
def _lines(path: Path) -> tuple[str, ...]:
    try:
        return tuple(path.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


def spellings(node: URIRef, graph: Graph, base: str) -> list[str]:
    """The ways a Turtle file can write this IRI: full, relative, or prefixed."""
    iri = str(node)
    forms = [f"<{iri}>"]
    if iri.startswith(base):
        forms.append(f"<{iri[len(base) :]}>")
    for prefix, namespace in graph.namespaces():
        ns = str(namespace)
        local = iri[len(ns) :]
        if prefix and iri.startswith(ns) and re.fullmatch(r"[A-Za-z0-9_\-.]*", local):
            forms.append(f"{prefix}:{local}")
    return forms


def line_of(path: Path, node: URIRef, graph: Graph, base: str) -> int | None:
    """First line where the node stands as a subject, else first line that mentions it.

    A subject opens a statement: it starts the first line after one that ends a statement (".")
    or a directive. An object list wrapped onto lines of its own starts lines too, after a "," or
    ";": those lines only mention the node."""
    lines = _lines(path)
    patterns = [
        re.compile(re.escape(form) + r"(?![A-Za-z0-9_\-:])")
        for form in spellings(node, graph, base)
    ]
    mention = None
    opens = True  # whether the next line of Turtle opens a statement
    for number, text in enumerate(lines, start=1):
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        for pattern in patterns:
            match = pattern.search(stripped)
            if match is None:
                continue
            if match.start() == 0 and opens:
                return number
            if mention is None:
                mention = number
        opens = stripped.endswith(".") or stripped.upper().startswith(("PREFIX ", "BASE "))
    return mention
