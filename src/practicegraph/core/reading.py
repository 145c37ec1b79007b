"""Reading source files strictly: a file that cannot be read or parsed is an error naming the
file and, where the parser knows it, the line."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph
from rdflib import Graph

from practicegraph.core.twin_memory import both, parsed_graph

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

POSITION = re.compile(r"^Parser error ")


class SourceError(Exception):
    """A source file that cannot be read or parsed; names the file and, where known, the line."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


def parse_ntriples(path: Path) -> Graph:
    """Parse one N-Triples reference file (the REFNIS and IPDC code lists) into an rdflib graph."""
    return parse_data(path, read_source(path), pyoxigraph.RdfFormat.N_TRIPLES)


def longest_line(data: bytes) -> int:
    """The number of the file's longest line: where an oversized token most likely is."""
    lengths = [len(line) for line in data.split(b"\n")]
    return lengths.index(max(lengths)) + 1


def first_line_with(data: bytes, *tokens: bytes) -> int | None:
    """The number of the first line that holds one of `tokens`, if any."""
    found = [p for p in (data.find(token) for token in tokens) if p >= 0]
    return data.count(b"\n", 0, min(found)) + 1 if found else None


def read_source(path: Path) -> bytes:
    """A source file's bytes, which must be UTF-8."""
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(path, None, f"cannot read: {error}") from error
    return data


def parse_turtle(path: Path, base: str) -> Graph:
    """Parse one Turtle file into an rdflib graph (what validation works on); relative IRIs
    resolve against the base."""
    return parse_turtle_data(path, read_source(path), base)


def parse_turtle_data(path: Path, data: bytes, base: str) -> Graph:
    """Parse the bytes of a Turtle file; relative IRIs resolve against the base."""
    return parse_data(path, data, pyoxigraph.RdfFormat.TURTLE, base)


def parse_data(
    path: Path, data: bytes, syntax: pyoxigraph.RdfFormat, base: str | None = None
) -> Graph:
    """Parse a file's bytes: oxigraph's parser reads, rdflib only stores (half the time of
    rdflib's own parser, which is most of a build's parsing at a million triples)."""
    # a store without contexts: adding and matching cost half of the default store's
    graph, store = parsed_graph()
    # a label (_:contact) names a node within its file only (Turtle, N-Triples): kept as it is,
    # the same label in two files, copied from one template, would be one node of the store,
    # and a label could carry what it was named after (_:jan.peeters) into the dumps
    parser = pyoxigraph.parse(data, format=syntax, base_iri=base, rename_blank_nodes=True)
    add = store.parsed
    try:
        for quad in parser:
            subject, kept_subject = both(quad.subject)
            predicate, kept_predicate = both(quad.predicate)
            value, kept_value = both(quad.object)
            add((subject, predicate, value), (kept_subject, kept_predicate, kept_value), graph)
    except SyntaxError as error:
        message = POSITION.sub("", error.msg or str(error))
        raise SourceError(path, error.lineno, f"{syntax.name} syntax error {message}") from error
    except TypeError as error:  # a term rdflib cannot hold: an RDF 1.2 triple term
        raise SourceError(
            path,
            first_line_with(data, b"<<", b"{|"),
            f"RDF 1.2 triple terms, reifiers and annotations are not supported ({error})",
        ) from error
    except MemoryError as error:  # the parser holds one token (a literal, an IRI) in 16 MiB
        raise SourceError(
            path,
            longest_line(data),
            f"a literal or IRI too long to parse ({error}): a text of megabytes is no practice's",
        ) from error
    for prefix, namespace in parser.prefixes.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


Row = tuple[int, list[str]]


def read_table(project_dir: Path, file: Path, columns: tuple[str, ...]) -> list[Row]:
    """The rows of a CSV list people keep in data/ (none if the file is missing), each with its
    line: `#` lines are comments, blank rows are skipped, the first row is the header. A
    malformed file is a SourceError with its line."""
    path = project_dir / file
    if not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(file, None, f"cannot read: {error}") from error
    rows: list[Row] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("#"):
            continue
        try:
            (row,) = list(csv.reader([line], strict=True))
        except (csv.Error, ValueError) as error:
            raise SourceError(file, number, f"not one CSV row: {error}") from error
        cells = [cell.strip() for cell in row]
        if any(cells):
            rows.append((number, cells))
    if not rows:
        return []
    (number, header), *body = rows
    if tuple(header) != columns:
        raise SourceError(file, number, f"the header must be {','.join(columns)}")
    for number, cells in body:
        if len(cells) != len(columns) or not cells[0]:
            raise SourceError(file, number, f"expected {len(columns)} columns: {','.join(columns)}")
    return body


def json_fields(data: bytes, kind: type[DataclassInstance], what: str) -> dict[str, Any]:
    """A JSON object with exactly the fields of the dataclass `kind`, as this program writes
    one: what it reads back may have been written by others (a restored backup). Otherwise a
    ValueError naming `what`; the types of the values are the caller's to check."""
    try:
        values = json.loads(data)
    except (UnicodeDecodeError, ValueError) as error:
        raise ValueError(f"{what} is not JSON ({error})") from None
    names = {f.name for f in fields(kind)}
    if not isinstance(values, dict) or set(values) != names:
        raise ValueError(f"{what} must hold exactly {', '.join(sorted(names))}")
    return values
