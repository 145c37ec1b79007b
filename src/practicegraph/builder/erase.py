"""Erasure that reaches history: `practicegraph erase VALUE`.

The event stream's history is append-only for good reason (a published member never changes),
but a person's request to be removed outranks that. An erasure lists the value as personal,
replaces it in every member of the history by its placeholder (an address in an IRI takes its
triple with it), and makes a full build, which writes every page of the stream again, starting
the query store afresh. The members keep their IRIs, times and digests. The builds kept for
rollback still hold the value, so they are removed; the pages whose bytes changed are returned,
for purging HTTP caches and CDNs (closed pages are served as immutable).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from pyoxigraph import NamedNode

from practicegraph.builder.freeze.contacts import in_iri
from practicegraph.builder.freeze.ldes.history import INDEX, Member, history_path
from practicegraph.builder.freeze.ldes.pages import page_iri
from practicegraph.builder.lock import exclusive
from practicegraph.builder.outcome import Outcome
from practicegraph.builder.pipeline import build_alone
from practicegraph.core.build_folder import BUILDS
from practicegraph.core.formats import RDF_MEDIA
from practicegraph.core.personal_data import Entry, Kind, as_read, mailbox, mark, normal, read
from practicegraph.core.personal_text import EMAIL, find, names_pattern, national, redact
from practicegraph.core.settings import BuildSettings
from practicegraph.core.vocab import Minted
from practicegraph.core.writing import write_atomically

SUFFIXES = ("html", *(media.suffix for media in RDF_MEDIA))
"""The suffixes the stream's routes serve a page under (web/render/responses.SUFFIXES): each is
a URL of its own to a cache or CDN, so each is purged."""


@dataclass(frozen=True)
class Erased:
    kind: Kind
    members: list[int]
    """Positions in the history of the members that held the value."""
    pages: list[str]
    """The event stream's pages whose bytes changed."""
    outcome: Outcome
    folder: Path | None
    """The new build, or None if it was refused (the history is erased all the same)."""
    removed: list[Path]
    """Older builds deleted, so that no rollback brings the value back."""

    @property
    def urls(self) -> list[str]:
        """Every URL a changed page is served at: as it is, and with each suffix."""
        suffixes = ("", *(f".{suffix}" for suffix in SUFFIXES))
        return [f"{page}{suffix}" for page in self.pages for suffix in suffixes]


def kind_of(value: str) -> Kind:
    if EMAIL.fullmatch(mailbox(value)):
        return "email"
    return "telephone" if national(value) is not None else "name"


class Scrubber:
    """Finds one value in N-Triples lines and writes them without it."""

    def __init__(self, value: str, kind: Kind) -> None:
        self.kind = kind
        self.key = normal(kind, value)
        self.names = names_pattern([value]) if kind == "name" else None

    def same(self, written: str) -> bool:
        return normal(self.kind, written) == self.key

    def line(self, line: str) -> str | None:
        """The line as it stays: unchanged, rewritten, or None when its triple goes."""
        (quad,) = pyoxigraph.parse(line, format=pyoxigraph.RdfFormat.N_TRIPLES)
        iris = [t for t in (quad.subject, quad.predicate, quad.object) if isinstance(t, NamedNode)]
        if any(f.kind == self.kind and self.same(f.value) for i in iris for f in in_iri(i.value)):
            return None  # read as the build reads an IRI: a mailto:'s cc=, a link's query
        value = quad.object
        if not isinstance(value, pyoxigraph.Literal):
            return line
        text = as_read(value.value)
        found = [f for f in find(text, self.names) if f.kind == self.kind and self.same(f.value)]
        if not found:
            return line
        changed = pyoxigraph.Literal(
            redact(text, found),
            **({"language": value.language} if value.language else {"datatype": value.datatype}),
        )
        return f"{quad.subject} {quad.predicate} {changed} .\n"

    def member(self, member: Member) -> Member | None:
        """The member without the value, or None if it never held it."""
        lines = member.ntriples.splitlines(keepends=True)
        kept = [self.line(line) for line in lines]
        if kept == lines:
            return None
        text = "".join(line for line in kept if line is not None)
        return Member(member.iri, member.entity, member.time, member.kind, member.digest, text)


def scrub_history(state: Path, scrubber: Scrubber) -> list[int]:
    """Rewrite the history file without the value (unchanged lines kept byte for byte); its
    index is made again by the next read. Returns the positions changed."""
    path = history_path(state)
    if not path.is_file():
        return []
    changed: list[int] = []
    out: list[str] = []
    with path.open(encoding="utf-8") as handle:
        out.append(handle.readline())
        for position, line in enumerate(handle):
            scrubbed = scrubber.member(Member(**json.loads(line)))
            if scrubbed is None:
                out.append(line)
            else:
                changed.append(position)
                out.append(scrubbed.as_json() + "\n")
    if changed:
        write_atomically(path, "".join(out).encode("utf-8"))
        path.with_name(INDEX).unlink(missing_ok=True)
    return changed


def erase(settings: BuildSettings, value: str, kind: Kind | None, note: str) -> Erased:
    """Erase the value from the history, list it as personal, build afresh, remove older
    builds: all under the build lock, so no build runs in between."""
    value = mailbox(value.strip())
    kind = kind or kind_of(value)
    minted = Minted(settings.base)
    with exclusive(settings.dist):
        read(settings.project_dir)  # a malformed list refuses the erasure before it scrubs
        members = scrub_history(settings.state, Scrubber(value, kind))
        mark(settings.project_dir, Entry(value, kind, "personal", "", note))
        outcome, folder = build_alone(settings, strict=False, reuse=False)
        removed = []
        if folder is not None:
            for old in sorted((settings.dist / BUILDS).iterdir()):
                if old.is_dir() and not old.name.startswith(".") and old != folder:
                    shutil.rmtree(old)
                    removed.append(old)
    size = settings.ldes_page_size
    pages = sorted({position // size for position in members})
    return Erased(
        kind, members, [str(page_iri(minted, n)) for n in pages], outcome, folder, removed
    )
