"""Rows the import adds to data/redirects.csv when it changes a key (core.redirects reads them)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rdflib import Graph, Node, URIRef

from practicegraph.core.redirects import COLUMNS, FILE, Redirect, final, read
from practicegraph.core.vocab import SCHEMA, Minted
from practicegraph.core.writing import write_atomically

HEADER = (
    "# IRIs that moved: each answers 301 to the new one. Written by `practicegraph import` when a\n"
    "# key changes; rows may be added by hand. from/to are relative to the base (id/…).\n"
)


def update(project_dir: Path, minted: Minted, new: list[Redirect], described: set[str]) -> None:
    """Add rows (an old IRI already listed gets its new target) and drop the rows of IRIs that
    are `described` again (renamed back); written atomically, only if anything changed."""
    listed = read(project_dir, minted)
    rows = {r.old: r for r in listed if r.old not in described}
    if len(rows) == len(listed) and not new:
        return
    for redirect in new:
        rows[redirect.old] = redirect
    ends = final({old: r.new for old, r in rows.items()})  # A → B → C: A → C, B → C
    rows = {old: Redirect(old, ends[old], r.since, r.reason, r.line) for old, r in rows.items()}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for redirect in sorted(rows.values(), key=lambda r: r.old):
        writer.writerow(
            [
                redirect.old.removeprefix(minted.base),
                redirect.new.removeprefix(minted.base),
                redirect.since,
                redirect.reason,
            ]
        )
    write_atomically(project_dir / FILE, (HEADER + buffer.getvalue()).encode("utf-8"))


def successors(
    before: Graph, after: Graph, gone: set[URIRef], new: set[URIRef], placed: URIRef
) -> dict[URIRef, URIRef]:
    """Which new initiative is a gone one under a new key: the one at the same place on the page
    (position) for the same place names, the key's other half (a retitled initiative keeps
    both). Only a match that is unambiguous both ways counts."""

    def mark(graph: Graph, node: Node) -> tuple[object, object]:
        return graph.value(node, SCHEMA.position), graph.value(node, placed)

    old_marks: dict[tuple[object, object], list[URIRef]] = {}
    for node in gone:
        old_marks.setdefault(mark(before, node), []).append(node)
    new_marks: dict[tuple[object, object], list[URIRef]] = {}
    for node in new:
        new_marks.setdefault(mark(after, node), []).append(node)
    return {
        olds[0]: new_marks[key][0]
        for key, olds in old_marks.items()
        if None not in key and len(olds) == 1 and len(new_marks.get(key, [])) == 1
    }
