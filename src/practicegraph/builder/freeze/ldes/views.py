"""The stream's other views, for consumers who need less than its whole history, as the VSDS LDES
server offers them: the latest state (each entity's newest version, or its delete) for a replica
that starts today, and the members of each municipality for a municipality that follows only its
own initiatives. Both are made anew by each build from the whole history, so none of their pages
is closed: the latest state drops a version once a newer one comes (its retention policy says
so), and a municipality's pages grow.

The time-ordered view (pages.py) stays the stream's first view: a client given the stream's IRI
replays it, as before. Each view's root names the stream and itself as its view, and describes
itself (tree:viewDescription) with the catalog's DataService for it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib.namespace import RDF

from practicegraph.builder.freeze.ldes.history import Member
from practicegraph.builder.freeze.ldes.pages import (
    TREE,
    chained,
    collection,
    described,
    head,
    relation,
    stream_iri,
)
from practicegraph.core import urls
from practicegraph.core.build_folder import LDES as LDES_DIR
from practicegraph.core.build_folder import LDES_PAGES, LDES_ROOT, ldes_page
from practicegraph.core.vocab import Minted


@dataclass(frozen=True)
class Part:
    """A chain of pages of one view: its folder in the build, the path of its pages, its
    members in time order."""

    folder: str
    path: str
    members: list[Member]
    about_stream: bool = False
    """Its first page says what the stream is: an entry point of its own (a municipality's)."""


def latest(members: Iterable[Member]) -> list[Member]:
    """Each entity's newest member, in time order (the history is in time order)."""
    newest: dict[str, Member] = {}
    for member in members:
        newest.pop(member.entity, None)
        newest[member.entity] = member
    return list(newest.values())


def by_place(members: Iterable[Member], place: str) -> dict[str, list[Member]]:
    """Members by the places their versions name on `place` (pg:municipality); a delete goes
    where the entity's last version was."""
    statement = re.compile(rf"<([^>]+)> <{re.escape(place)}> <([^>]+)> \.")
    needle = f"> <{place}> <"
    found: dict[str, list[Member]] = {}
    where: dict[str, list[str]] = {}
    for member in members:  # one pattern for all: compiling one per member took most of a build
        if member.kind == "version":
            pairs = lines_with(member.ntriples, needle, statement)
            where[member.entity] = [iri for subject, iri in pairs if subject == member.iri]
        for iri in where.get(member.entity, []):
            found.setdefault(iri, []).append(member)
    return dict(sorted(found.items()))


def lines_with(text: str, needle: str, statement: re.Pattern[str]) -> list[tuple[str, ...]]:
    """The groups of each whole line the statement matches, looked for only on the lines that
    hold the needle: a pattern tried at every line of 55 MB of members took 0.4 s."""
    found = []
    at = text.find(needle)
    while at != -1:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end == -1 else end
        if (match := statement.fullmatch(text, start, end)) is not None:
            found.append(match.groups())
        at = text.find(needle, end)
    return found


def write_part(minted: Minted, target: Path, part: Part, size: int) -> str:
    """A chain of pages of `size` members (one, empty, when there are none); returns the first
    page's IRI."""
    folder = target / part.folder
    folder.mkdir(parents=True, exist_ok=True)
    chunks = [part.members[i : i + size] for i in range(0, len(part.members), size)] or [[]]
    for number, chunk in enumerate(chunks):
        node = minted.iri(f"{part.path}/{urls.PAGE}{number}")
        more = number + 1 < len(chunks)
        after = minted.iri(f"{part.path}/{urls.PAGE}{number + 1}") if more else None
        following = chunks[number + 1][0].time if more else None
        text = chained(minted, node, after, following, chunk)
        if number == 0 and part.about_stream:
            text = "".join(collection(stream_iri(minted), minted)) + text
        (folder / ldes_page(number)).write_text(text, encoding="utf-8")
    (folder / LDES_PAGES).write_text(json.dumps({"pages": len(chunks)}) + "\n", encoding="utf-8")
    return str(minted.iri(f"{part.path}/{urls.PAGE}0"))


def reuse(before: Path, folder: Path) -> bool:
    """The last build's views, linked (the same bytes, no copy), when the history has not grown
    since it: they are made from the history alone. False if that build has none."""
    views = [before / LDES_DIR / view for view in (urls.STREAM_LATEST_VIEW, urls.STREAM_PLACE_VIEW)]
    if not all(view.is_dir() for view in views):
        return False
    for view in views:
        for path in view.rglob("*"):
            target = folder / LDES_DIR / path.relative_to(before / LDES_DIR)
            if path.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(path, target)
    return True


def render(members: list[Member], minted: Minted, folder: Path, size: int) -> None:
    """Both views' roots and pages, in the build's stream folder, from every member so far."""
    stream = stream_iri(minted)
    target = folder / LDES_DIR
    view = urls.STREAM_LATEST_VIEW
    root = minted.iri(urls.stream_view(view))
    lines = head(stream, minted, root) + described(minted, root, view)
    newest = Part(view, urls.stream_view(view), latest(members))
    first = write_part(minted, target, newest, size)
    lines.append(f"<{root}> <{TREE}relation> _:all .\n_:all <{TREE}node> <{first}> .\n")
    lines.append(f"_:all <{RDF.type}> <{TREE}Relation> .\n")
    (target / view / LDES_ROOT).write_text("".join(lines), encoding="utf-8")

    view = urls.STREAM_PLACE_VIEW
    (target / view).mkdir()
    root = minted.iri(urls.stream_view(view))
    lines = head(stream, minted, root) + described(minted, root, view)
    place = str(minted.pg.municipality)
    for number, (iri, chosen) in enumerate(by_place(members, place).items()):
        key = iri.rstrip("/").rsplit("/", 1)[-1]
        part = Part(f"{view}/{key}", urls.stream_view(f"{view}/{key}"), chosen, True)
        first = write_part(minted, target, part, size)
        lines.append(relation(root, "EqualToRelation", first, place, f"<{iri}>", f"p{number}"))
    (target / view / LDES_ROOT).write_text("".join(lines), encoding="utf-8")
