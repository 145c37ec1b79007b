"""The event stream's history: every member ever published, in the state folder, append-only."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pyoxigraph

from practicegraph.core.reading import SourceError, json_fields

HISTORY = "practices.jsonl"
INDEX = "index.json"
KINDS = ("version", "delete")
NOT_IN_IRI = re.compile(r'[\s\x00-\x1f\x7f-\x9f<>"{}|^`\\]')
"""What an IRI may not hold (RFC 3987): written raw into a page's N-Triples, a space or `>`
ends the IRI and the rest is read as triples of the writer's choosing."""
STAMP = re.compile(r"\d{8}T\d{12}Z")
"""A member's stamp, as `members.changes` writes it: %Y%m%dT%H%M%S%fZ."""


@dataclass(frozen=True)
class Member:
    """One immutable member: a version of an entity, or its deletion."""

    iri: str
    entity: str
    time: str
    kind: str
    """"version" or "delete"."""
    digest: str
    ntriples: str

    def as_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, sort_keys=True)


def header(base: str) -> bytes:
    """The history's first line: the base its members were minted under."""
    return (json.dumps({"base": base}) + "\n").encode("utf-8")


def checked_member(line: bytes, base: str) -> Member:
    """One history line as the build writes it, for this base; anything else is a ValueError
    that says what is wrong (a restore reads lines it did not write). A build copies a member's
    IRI and N-Triples into the pages raw, so the IRI must be one a build mints and every triple
    must be about the member (or one of its blank nodes): else a forged line injects triples
    about any subject into every page served."""
    try:
        data = json_fields(line, Member, "the line")
    except ValueError as error:
        raise ValueError(f"not a member: {error}") from None
    if not all(isinstance(value, str) for value in data.values()):
        raise ValueError("not a member: every field is text")
    member = Member(**data)
    if member.kind not in KINDS:
        raise ValueError(f"kind {member.kind!r} is neither version nor delete")
    if not (member.entity.startswith(base) and member.iri.startswith(member.entity + "/")):
        raise ValueError(f"a member not minted under base {base}")
    for field, iri in (("entity", member.entity), ("iri", member.iri)):
        if bad := NOT_IN_IRI.search(iri):
            raise ValueError(f"the {field} holds {bad[0]!r}, which no IRI may hold")
    stamp = member.iri.removeprefix(member.entity + "/version/")
    if stamp == member.iri or not STAMP.fullmatch(stamp):
        raise ValueError(f"the iri is not {member.entity}/version/ and a stamp")
    try:
        datetime.fromisoformat(member.time)
        triples = pyoxigraph.parse(member.ntriples.encode("utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
        subjects = {quad.subject for quad in triples}
    except (ValueError, SyntaxError) as error:
        raise ValueError(f"a member with a bad time or bad N-Triples ({error})") from None
    itself = pyoxigraph.NamedNode(member.iri)
    for subject in subjects:
        if subject != itself and not isinstance(subject, pyoxigraph.BlankNode):
            raise ValueError(f"the member's N-Triples say something of {subject}, not of itself")
    return member


def history_path(state: Path) -> Path:
    return state / "ldes" / HISTORY


@dataclass
class History:
    """The history file, and what a build needs of it without reading it whole: each member's
    line offset and each entity's latest member (kind, digest, first time seen). These are kept
    in an index beside the history; a missing or stale index is made again from the history."""

    path: Path
    base: str
    offsets: list[int]
    latest: dict[str, tuple[str, str, str]]
    """Entity → (kind, digest, time it first entered the stream as a version)."""
    size: int
    """Bytes of the history the index covers."""

    def __len__(self) -> int:
        return len(self.offsets)

    @classmethod
    def read(cls, state: Path, base: str) -> History:
        """The history so far; one made for another base is an error, never overwritten."""
        path = history_path(state)
        if not path.exists():
            return cls(path, base, [], {}, 0)
        with path.open("rb") as handle:
            header = json.loads(handle.readline() or b"{}")
        if header.get("base") != base:
            raise SourceError(
                path,
                1,
                f"the event stream history is for base {header.get('base')}, not {base}: a stream"
                " never changes base. Going to production? Move the development state aside"
                f" (mv {path.parents[1]} {path.parents[1]}.old) or set PRACTICEGRAPH_STATE_DIR to"
                " a new folder; the first build under the new base starts a new stream"
                " (docs/production.md)",
            )
        index = path.with_name(INDEX)
        try:
            known = json.loads(index.read_text(encoding="utf-8"))
            if known["base"] == base and known["size"] == path.stat().st_size:
                latest = {e: (k, d, f) for e, (k, d, f) in known["latest"].items()}
                return cls(path, base, known["offsets"], latest, known["size"])
        except (OSError, ValueError, KeyError):
            pass
        return cls.scan(path, base)

    @classmethod
    def scan(cls, path: Path, base: str) -> History:
        """Read the whole history; a last line cut off by a crash is dropped (its build was
        never made current)."""
        history = cls(path, base, [], {}, 0)
        with path.open("rb") as handle:
            position = len(handle.readline())
            for line in handle:
                if not line.endswith(b"\n"):
                    break
                history.note(Member(**json.loads(line)), position)
                position += len(line)
        if position != path.stat().st_size:
            with path.open("r+b") as handle:
                handle.truncate(position)
        history.size = position
        return history

    def note(self, member: Member, offset: int) -> None:
        self.offsets.append(offset)
        before = self.latest.get(member.entity)
        first = before[2] if before and before[2] else ""
        if member.kind == "version" and not first:
            first = member.time
        self.latest[member.entity] = (member.kind, member.digest, first)

    def members(self, start: int, stop: int | None = None) -> list[Member]:
        """Members start..stop (by position), read from their lines."""
        stop = len(self.offsets) if stop is None else stop
        if start >= stop:
            return []
        end = self.offsets[stop] if stop < len(self.offsets) else self.size
        with self.path.open("rb") as handle:
            handle.seek(self.offsets[start])
            data = handle.read(end - self.offsets[start])
        return [Member(**json.loads(line)) for line in data.splitlines()]

    def append(self, members: list[Member]) -> None:
        """Add members at the end, on disk before the build that serves them is swapped in."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.size == 0:
            self.path.write_bytes(header(self.base))
            self.size = self.path.stat().st_size
        with self.path.open("ab") as handle:
            for member in members:
                line = (member.as_json() + "\n").encode("utf-8")
                handle.write(line)
                self.note(member, self.size)
                self.size += len(line)
            handle.flush()
            os.fsync(handle.fileno())
        self.write_index()

    def write_index(self) -> None:
        index = self.path.with_name(INDEX)
        temporary = index.with_name(f".{index.name}.{os.getpid()}")
        document = {
            "base": self.base,
            "size": self.size,
            "offsets": self.offsets,
            "latest": self.latest,
        }
        temporary.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
        temporary.replace(index)
