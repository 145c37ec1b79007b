"""The stream's documents in the build: its root, with relations to pages by time, and pages of
members; a full page is closed, and the next build links it instead of writing it again."""

from __future__ import annotations

import json
import os
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, XSD

from practicegraph.builder.freeze.ldes.history import History, Member
from practicegraph.builder.freeze.ldes.members import AS_DELETE
from practicegraph.builder.generate.catalog import catalog_iri
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


def relation(
    source: URIRef | str, kind: str, node: URIRef | str, path: str, value: str, name: str
) -> str:
    """A tree:Relation from `source` to `node` on `path`, as N-Triples: a time (xsd:dateTime) or
    an IRI (written `<…>`) as its value; `name` its blank node, unique in the document."""
    term = value if value.startswith("<") else f'"{value}"^^<{XSD.dateTime}>'
    return (
        f"<{source}> <{TREE}relation> _:{name} .\n"
        f"_:{name} <{RDF.type}> <{TREE}{kind}> .\n"
        f"_:{name} <{TREE}node> <{node}> .\n"
        f"_:{name} <{TREE}path> <{path}> .\n"
        f"_:{name} <{TREE}value> {term} .\n"
    )


def _relation(source: URIRef, kind: str, node: URIRef, value: str, number: int, prefix: str) -> str:
    return relation(source, kind, node, str(PROV.generatedAtTime), value, f"{prefix}{number}")


def collection(stream: URIRef, minted: Minted) -> list[str]:
    """The stream's own triples, as N-Triples lines: what it is, how to read its members."""
    return [
        f"<{stream}> <{RDF.type}> <{LDES}EventStream> .\n",
        f"<{stream}> <{LDES}timestampPath> <{PROV.generatedAtTime}> .\n",
        f"<{stream}> <{LDES}versionOfPath> <{DCTERMS.isVersionOf}> .\n",
        f"<{stream}> <{LDES}versionDeleteObject> <{AS_DELETE}> .\n",
        f"<{stream}> <{TREE}shape> <{minted.shapes.PracticeShape}> .\n",
        f'<{stream}> <{LDES}pollingInterval> "{LDES_POLLING_SECONDS}"^^<{XSD.integer}> .\n',
        f'<{stream}> <{DCTERMS.title}> "{TITLE}"@nl .\n',
    ]


def head(stream: URIRef, minted: Minted, view: URIRef | None = None) -> list[str]:
    """A view's root: the stream, and the view this document is the root of (the time-ordered
    one: the stream's own IRI)."""
    return [
        *collection(stream, minted)[:5],
        f"<{stream}> <{TREE}view> <{view or stream}> .\n",
        f"<{view or stream}> <{RDF.type}> <{TREE}Node> .\n",
        *collection(stream, minted)[5:],
    ]


def described(minted: Minted, root: URIRef, view: str | None = None) -> list[str]:
    """A view's description (tree:viewDescription): the catalog's DataService for it (the
    time-ordered view, `view` None, is also the stream's ldes:EventSource); the latest state's
    retention policy, in the current terms and the former ones that VSDS clients read."""
    node = catalog_iri(minted, urls.LDES + (f"-{view}" if view else ""))
    lines = [
        f"<{root}> <{TREE}viewDescription> <{node}> .\n",
        f"<{node}> <{RDF.type}> <{TREE}ViewDescription> .\n",
        f"<{node}> <{RDF.type}> <{DCAT.DataService}> .\n",
        f"<{node}> <{DCAT.endpointURL}> <{root}> .\n",
        f"<{node}> <{DCAT.servesDataset}> <{minted.dataset}> .\n",
    ]
    if view is None:
        lines.append(f"<{node}> <{RDF.type}> <{LDES}EventSource> .\n")
    if view == urls.STREAM_LATEST_VIEW:
        lines += [
            f"<{node}> <{LDES}retentionPolicy> _:retention .\n",
            f"_:retention <{RDF.type}> <{LDES}RetentionPolicy> .\n",
            f"_:retention <{RDF.type}> <{LDES}LatestVersionSubset> .\n",
            f'_:retention <{LDES}versionAmount> "1"^^<{XSD.integer}> .\n',
            f'_:retention <{LDES}amount> "1"^^<{XSD.integer}> .\n',
        ]
    return lines


def page(minted: Minted, number: int, following: str | None, members: list[Member]) -> str:
    """Page `number` of the time-ordered view as N-Triples (`chained`)."""
    after = page_iri(minted, number + 1) if following is not None else None
    return chained(minted, page_iri(minted, number), after, following, members)


def chained(
    minted: Minted, node: URIRef, after: URIRef | None, following: str | None, members: list[Member]
) -> str:
    """One page of members in time order: a relation to the page `after` it (whose members
    start at `following`), or, on the newest page, its polling interval; then its members."""
    stream = stream_iri(minted)
    lines = [f"<{node}> <{RDF.type}> <{TREE}Node> .\n"]
    if after is not None and following is not None:
        lines.append(
            relation(
                node,
                "GreaterThanOrEqualToRelation",
                after,
                str(PROV.generatedAtTime),
                following,
                "next",
            )
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
    root = head(stream, minted) + described(minted, stream)
    for other in (urls.STREAM_LATEST_VIEW, urls.STREAM_PLACE_VIEW):  # after its own: see views
        root.append(f"<{stream}> <{TREE}view> <{minted.iri(urls.stream_view(other))}> .\n")
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
