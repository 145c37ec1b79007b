"""The stream's documents in the build: its root, with relations to pages by time, and pages of
members; a full page is closed, and the next build links it instead of writing it again."""

from __future__ import annotations

import json
import os
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from practicegraph.builder.freeze.ldes.history import History, Member
from practicegraph.builder.freeze.ldes.members import AS_DELETE
from practicegraph.core import urls
from practicegraph.core.build_folder import LDES as LDES_DIR
from practicegraph.core.build_folder import (
    LDES_PAGES,
    LDES_POLLING_SECONDS,
    LDES_ROOT,
    StreamRecord,
    ldes_page,
)
from practicegraph.core.vocab import Minted

LDES = "https://w3id.org/ldes#"
TREE = "https://w3id.org/tree#"
TITLE = "Versies van de goede praktijken en hun lokale initiatieven"


def stream_iri(minted: Minted) -> URIRef:
    return minted.iri(urls.STREAM)


def page_iri(minted: Minted, number: int) -> URIRef:
    return minted.iri(urls.stream_page(number))


def served_before(
    served: StreamRecord, folder: Path | None, history: History
) -> tuple[Path, int] | None:
    """The last build and how many members it served, if those are the history's first ones
    (the history may have been removed and begun again since)."""
    count, last = served.members, served.last
    if folder is None or not last or not 0 < count <= len(history):
        return None
    if history.members(count - 1, count)[0].iri != last:
        return None
    return folder, count


def _relation(source: URIRef, kind: str, node: URIRef, value: str, number: int, prefix: str) -> str:
    relation = f"_:{prefix}{number}"
    return (
        f"<{source}> <{TREE}relation> {relation} .\n"
        f"{relation} <{RDF.type}> <{TREE}{kind}> .\n"
        f"{relation} <{TREE}node> <{node}> .\n"
        f"{relation} <{TREE}path> <{PROV.generatedAtTime}> .\n"
        f'{relation} <{TREE}value> "{value}"^^<{XSD.dateTime}> .\n'
    )


def head(stream: URIRef, minted: Minted) -> list[str]:
    """The stream's own triples, as N-Triples lines: what it is, how to read its members."""
    return [
        f"<{stream}> <{RDF.type}> <{LDES}EventStream> .\n",
        f"<{stream}> <{LDES}timestampPath> <{PROV.generatedAtTime}> .\n",
        f"<{stream}> <{LDES}versionOfPath> <{DCTERMS.isVersionOf}> .\n",
        f"<{stream}> <{LDES}versionDeleteObject> <{AS_DELETE}> .\n",
        f"<{stream}> <{TREE}shape> <{minted.shapes.PracticeShape}> .\n",
        f"<{stream}> <{TREE}view> <{stream}> .\n",
        f"<{stream}> <{RDF.type}> <{TREE}Node> .\n",
        f'<{stream}> <{LDES}pollingInterval> "{LDES_POLLING_SECONDS}"^^<{XSD.integer}> .\n',
        f'<{stream}> <{DCTERMS.title}> "{TITLE}"@nl .\n',
    ]


def page(minted: Minted, number: int, following: str | None, members: list[Member]) -> str:
    """Page `number` as N-Triples: a relation to the next page (starting at `following`), or,
    on the newest page, its polling interval; then its members."""
    stream = stream_iri(minted)
    node = page_iri(minted, number)
    lines = [f"<{node}> <{RDF.type}> <{TREE}Node> .\n"]
    if following is not None:
        after = page_iri(minted, number + 1)
        lines.append(
            _relation(node, "GreaterThanOrEqualToRelation", after, following, number, "next")
        )
    else:
        lines.append(
            f'<{node}> <{LDES}pollingInterval> "{LDES_POLLING_SECONDS}"^^<{XSD.integer}> .\n'
        )
    for member in members:
        lines.append(f"<{stream}> <{TREE}member> <{member.iri}> .\n")
        lines.append(member.ntriples)
    return "".join(lines)


def render(
    history: History,
    new: list[Member],
    minted: Minted,
    folder: Path,
    size: int,
    before: tuple[Path, int] | None = None,
) -> None:
    """The stream's root document and its pages of `size` members, as N-Triples files in the
    build; a page is closed, and immutable, once it is full. With `before` (the last build's
    folder and how many members it served), its closed pages are linked, not written again."""
    total = len(history) + len(new)
    count = max(1, -(-total // size))

    def members(start: int, stop: int) -> list[Member]:
        stop = min(stop, total)
        old = history.members(start, min(stop, len(history))) if start < len(history) else []
        return old + new[max(start, len(history)) - len(history) : stop - len(history)]

    starts = [
        members(i * size, i * size + 1)[0].time if i * size < total else "" for i in range(count)
    ]
    stream = stream_iri(minted)
    target = folder / LDES_DIR
    target.mkdir()
    closed_before = 0
    if before is not None and before[1] <= len(history) and (before[0] / LDES_DIR).is_dir():
        closed_before = max(0, -(-before[1] // size) - 1)
    root = head(stream, minted)
    for number in range(count):
        node = page_iri(minted, number)
        if starts[number]:
            root.append(
                _relation(
                    stream, "GreaterThanOrEqualToRelation", node, starts[number], number, "ge"
                )
            )
        if number + 1 < count:
            root.append(
                _relation(stream, "LessThanRelation", node, starts[number + 1], number, "lt")
            )
        path = target / ldes_page(number)
        if number < closed_before and before is not None:
            os.link(before[0] / LDES_DIR / path.name, path)  # closed: the same bytes
            continue
        following = starts[number + 1] if number + 1 < count else None
        chosen = members(number * size, (number + 1) * size)
        path.write_text(page(minted, number, following, chosen), encoding="utf-8")
    (target / LDES_ROOT).write_text("".join(root), encoding="utf-8")
    (target / LDES_PAGES).write_text(json.dumps({"pages": count}) + "\n", encoding="utf-8")
