"""The layout of a build folder: every file the build writes and the server reads, named once,
and the manifest that says what a build holds."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

CURRENT = "current"
"""dist/current: the link to the build being served."""
BUILDS = "builds"
"""dist/builds/{id}: the finished builds; a build is written beside them (PARTIAL_PREFIX)."""
PARTIAL_PREFIX = ".partial-"
"""A build being written: a folder beside the finished ones, renamed into place when complete."""
STORE = "store"
DOCUMENTS = "documents.json"
"""Our hash IRIs by the document that describes them ({base}ns/praktijk → its terms)."""
MANIFEST = "manifest.json"
DUMPS = "dumps"
PIECES = "pieces.json"
"""Where each named graph's piece lies in each dump file: what the next build copies."""
CONTEXT_VERSION = "v1"
"""Of the JSON-LD context; a change that breaks readers of the old one makes a new version."""
CONTEXT_FILE = f"context-{CONTEXT_VERSION}.jsonld"
LDES = "ldes"
"""The event stream's folder."""
LDES_ROOT = "stream.nt"
"""The stream and its view, with the relations to the pages."""
LDES_PAGES = "pages.json"
"""How many pages the stream has."""
LDES_POLLING_SECONDS = 60
"""How long clients may cache the stream's root and its newest page before they poll again."""
DESCRIPTIONS = {"catalog": "catalog.nt", "void": "void.nt"}
"""Documents about the build, kept as written: the store would read xsd:nonNegativeInteger back
as xsd:integer, and portals check the catalog's datatypes."""
RENDERED = "rendered"
"""Answers the server rendered, kept for every process of it (web/asgi/disk_cache.py); the only
thing a server writes, and only into the build it serves."""
CHANGES = "changes.json"
"""The practices added, updated, moved and withdrawn, newest first (core.changes)."""
PRACTICE_INDEX = "practices.json"
"""Per practice its texts and facet values: what the site searches and filters in memory."""


def ldes_page(number: int) -> str:
    """The file of the event stream's page `number` (from 0)."""
    return f"page-{number}.nt"


@dataclass(frozen=True)
class GraphRecord:
    """One named graph of a build: what the next build reuses when its source is unchanged."""

    name: str
    kind: str
    source: str
    """The source file, relative to the project folder."""
    triples: int
    sha256: str | None
    """Of the source file's bytes; None for generated graphs."""
    unit: bool
    """A practice file: a change to it alone is built incrementally."""
    documents: dict[str, list[str]] = field(default_factory=dict)
    """Our hash IRIs it describes, by their document."""

    def as_json(self) -> dict[str, Any]:
        found = asdict(self)
        if not self.documents:
            del found["documents"]
        return found

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GraphRecord:
        return cls(
            data["name"],
            data["kind"],
            data["source"],
            data["triples"],
            data.get("sha256"),
            bool(data.get("unit")),
            data.get("documents", {}),
        )


@dataclass(frozen=True)
class FileRecord:
    """A dump file: its size and digest, for the catalog and the downloads page."""

    bytes: int
    sha256: str


@dataclass(frozen=True)
class StreamRecord:
    """The event stream as this build serves it."""

    members: int = 0
    new: int = 0
    """Members this build added."""
    last: str | None = None
    """The IRI of the last member served: how the next build knows the history is the same."""

    def as_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"members": self.members, "new": self.new}
        if self.last is not None:
            found["last"] = self.last
        return found


@dataclass(frozen=True)
class Manifest:
    """MANIFEST: what a build holds, written last, read by the next build and the server."""

    build: str
    created: str
    base: str
    world: str
    """The digest of everything but the practice files a build is judged in (builder.previous)."""
    triples: int
    classes: dict[str, int]
    """Distinct typed IRIs per class."""
    graphs: list[GraphRecord]
    files: dict[str, FileRecord]
    warnings: list[dict[str, Any]]
    """The build's SHACL warnings, as the builder's findings write themselves."""
    ldes: StreamRecord = field(default_factory=StreamRecord)

    def as_json(self) -> dict[str, Any]:
        return {
            "build": self.build,
            "created": self.created,
            "base": self.base,
            "world": self.world,
            "triples": self.triples,
            "classes": self.classes,
            "graphs": [graph.as_json() for graph in self.graphs],
            "files": {name: asdict(record) for name, record in self.files.items()},
            "warnings": self.warnings,
            "ldes": self.ldes.as_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        stream = data.get("ldes", {})
        return cls(
            data["build"],
            data["created"],
            data["base"],
            data["world"],
            data["triples"],
            data["classes"],
            [GraphRecord.from_json(graph) for graph in data["graphs"]],
            {name: FileRecord(**record) for name, record in data["files"].items()},
            data.get("warnings", []),
            StreamRecord(stream.get("members", 0), stream.get("new", 0), stream.get("last")),
        )

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        """The manifest of a build folder; OSError or ValueError when it is missing or foreign."""
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        try:
            return cls.from_json(data)
        except (KeyError, TypeError) as error:
            raise ValueError(f"{folder / MANIFEST}: not a manifest of this version") from error

    def write(self, folder: Path) -> None:
        text = json.dumps(self.as_json(), indent=2, ensure_ascii=False) + "\n"
        (folder / MANIFEST).write_text(text, encoding="utf-8")
