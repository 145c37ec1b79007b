"""Whole-dataset downloads in every format, plain and gzipped, written once per build.

Every dump is the concatenation of one piece per named graph, in the order of the graph names:
N-Quads, N-Triples and Turtle documents concatenate as they are (blank node labels are unique
across graphs), the JSON-LD dump is one `{"@id": graph, "@graph": [...]}` object per graph, and
a gzipped dump is one gzip member per piece (RFC 1952 allows several; gzip, zcat and every gzip
library read them as one stream). Where each piece lies is kept in the build (`pieces.json`),
so the next build copies the bytes of every graph that did not change instead of writing the
whole dataset again.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyoxigraph

from practicegraph.builder.generate.context import context
from practicegraph.core import urls
from practicegraph.core.build_folder import CONTEXT_FILE, DUMPS, PIECES
from practicegraph.core.compactor import Compactor, GraphWriter
from practicegraph.core.formats import compactor_for
from practicegraph.core.vocab import Minted

STEM = "dataset"


@dataclass(frozen=True)
class Dump:
    """One dump file as a catalog lists it: IANA media type, EU file type and its name."""

    suffix: str
    media_type: str
    file_type: str
    format_name: str


EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
FILES = (
    Dump("nq", "application/n-quads", EU_FILE_TYPE + "RDF_N_QUADS", "N-Quads"),
    Dump("nt", "application/n-triples", EU_FILE_TYPE + "RDF_N_TRIPLES", "N-Triples"),
    Dump("ttl", "text/turtle", EU_FILE_TYPE + "RDF_TURTLE", "Turtle"),
    Dump("jsonld", "application/ld+json", EU_FILE_TYPE + "JSON_LD", "JSON-LD"),
)
"""Every dump is also written gzipped, as {name}.gz."""
CHUNK = 8 << 20
"""Bytes read at a time when copying from the last build."""
GZIP_LEVEL = 6
"""As the gzip tool: level 9 takes twice as long for a few percent."""

Pieces = dict[str, bytes]
"""One graph's bytes for each plain dump file, by file name."""
Ranges = dict[str, list[int]]
"""Where one graph's piece lies in each dump file: file name → [offset, length]."""
Step = tuple[str, bool, Ranges | None]
"""A graph to write: its name, whether it comes first, where to copy it from (or None)."""


def context_url(base: str) -> str:
    return base + urls.CONTEXT


PLAIN = [f"{STEM}.{dump.suffix}" for dump in FILES]
ALL = sorted([*PLAIN, *(f"{name}.gz" for name in PLAIN)])


def _bytes(
    terms: list[pyoxigraph.Quad] | list[pyoxigraph.Triple],
    rdf_format: pyoxigraph.RdfFormat,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    data = pyoxigraph.serialize(terms, format=rdf_format, prefixes=prefixes)
    assert data is not None  # no output file given: the bytes are returned
    return data


class Serializer:
    """Writes one named graph of the store as its piece of every dump."""

    def __init__(self, store: pyoxigraph.Store, minted: Minted) -> None:
        self.store = store
        self.prefixes = {prefix: str(ns) for prefix, ns in minted.prefixes().items()}
        self.compactor: Compactor = compactor_for(context(minted))
        empty: list[pyoxigraph.Triple] = []
        self.turtle_header = _bytes(empty, pyoxigraph.RdfFormat.TURTLE, self.prefixes)
        self.url = context_url(minted.base)

    def heads(self) -> Pieces:
        """What each plain file starts with."""
        opening = f'{{"@context": {json.dumps(self.url)}, "@graph": ['
        return {
            f"{STEM}.nq": b"",
            f"{STEM}.nt": b"",
            f"{STEM}.ttl": self.turtle_header,
            f"{STEM}.jsonld": opening.encode(),
        }

    def tails(self) -> Pieces:
        return {name: b"\n]}\n" if name.endswith(".jsonld") else b"" for name in PLAIN}

    def pieces(self, name: str, first: bool) -> Pieces:
        graph = pyoxigraph.NamedNode(name)
        quads = list(self.store.quads_for_pattern(None, None, None, graph))
        triples = [quad.triple for quad in quads]
        turtle = _bytes(triples, pyoxigraph.RdfFormat.TURTLE, self.prefixes)
        assert turtle.startswith(self.turtle_header)
        body = {
            self.compactor.id_key: self.compactor.iri(name),
            "@graph": list(GraphWriter(self.compactor, triples).nodes()),
        }
        separator = "\n" if first else ",\n"
        return {
            f"{STEM}.nq": _bytes(quads, pyoxigraph.RdfFormat.N_QUADS),
            f"{STEM}.nt": _bytes(triples, pyoxigraph.RdfFormat.N_TRIPLES),
            f"{STEM}.ttl": turtle[len(self.turtle_header) :],
            f"{STEM}.jsonld": (separator + json.dumps(body, ensure_ascii=False)).encode(),
        }


def compressed(pieces: Pieces) -> Pieces:
    """Each piece with its gzip member: zlib releases the GIL, so threads overlap here."""
    found = dict(pieces)
    for name, data in pieces.items():
        found[f"{name}.gz"] = gzip.compress(data, GZIP_LEVEL, mtime=0)
    return found


class Sink:
    """One dump file being written: its SHA-256 as it grows, where each piece went, and runs
    of pieces copied from the same file of the last build (one read for many graphs)."""

    def __init__(self, path: Path, source: Path | None) -> None:
        self.path = path
        self.handle: IO[bytes] = path.open("wb")
        self.source: IO[bytes] | None = source.open("rb") if source and source.is_file() else None
        self.digest = hashlib.sha256()
        self.size = 0
        self.run: list[int] | None = None
        """[offset, length] in the source, still to be copied."""

    def write(self, data: bytes) -> list[int]:
        self.flush()
        self.handle.write(data)
        self.digest.update(data)
        start, self.size = self.size, self.size + len(data)
        return [start, len(data)]

    def copy(self, offset: int, length: int) -> list[int]:
        """Copy a piece of the last build's file; returns where it lands in this one."""
        if self.run is not None and self.run[0] + self.run[1] == offset:
            start = self.size + self.run[1]
            self.run[1] += length
            return [start, length]
        self.flush()
        self.run = [offset, length]
        return [self.size, length]

    def flush(self) -> None:
        if self.run is None:
            return
        assert self.source is not None
        offset, length = self.run
        self.run = None
        self.source.seek(offset)
        while length:
            data = self.source.read(min(length, CHUNK))
            if not data:
                raise OSError(f"{self.path.name} of the last build is shorter than recorded")
            self.handle.write(data)
            self.digest.update(data)
            self.size += len(data)
            length -= len(data)

    def close(self) -> None:
        self.flush()
        self.handle.close()
        if self.source is not None:
            self.source.close()


class Previous:
    """The dump files of the build before, and where each graph's piece is in them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / DUMPS
        self.pieces: dict[str, dict[str, Any]] = {}
        try:
            document = json.loads((folder / PIECES).read_text(encoding="utf-8"))
            present = all((self.folder / file).is_file() for file in ALL)
            if document.get("files") == ALL and present:
                self.pieces = document["graphs"]
        except (OSError, ValueError):
            pass

    def reusable(self, name: str, key: str | None, first: bool) -> Ranges | None:
        known = self.pieces.get(name)
        if key is None or known is None or known["key"] != key or known["first"] != first:
            return None
        ranges: Ranges = known["ranges"]
        return ranges


@dataclass
class Written:
    """The dump files of a build and their SHA-256 digests."""

    paths: list[Path]
    digests: dict[str, str]


def write(
    store: pyoxigraph.Store,
    folder: Path,
    minted: Minted,
    keys: dict[str, str | None],
    previous: Path | None = None,
) -> Written:
    """Write every dump and the JSON-LD context. `keys` holds, per graph in the store, what
    determines its content: a graph whose key equals the one in the previous build is copied
    from that build's files; None means it is always serialised."""
    target = folder / DUMPS
    target.mkdir()
    serializer = Serializer(store, minted)
    old = Previous(previous) if previous is not None else None
    graphs = sorted(str(name.value) for name in store.named_graphs())
    plan: list[Step] = []
    for number, name in enumerate(graphs):
        first = number == 0
        plan.append((name, first, old.reusable(name, keys.get(name), first) if old else None))

    def make(step: Step) -> Pieces | None:
        name, first, reuse = step
        return None if reuse is not None else compressed(serializer.pieces(name, first))

    source = old.folder if old is not None else None
    sinks = {file: Sink(target / file, source and source / file) for file in ALL}
    for file, data in compressed(serializer.heads()).items():
        sinks[file].write(data)
    recorded: dict[str, dict[str, Any]] = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        for (name, first, reuse), made in zip(plan, _ordered(pool, make, plan), strict=True):
            if made is None:
                assert reuse is not None
                ranges = {file: sinks[file].copy(*where) for file, where in reuse.items()}
            else:
                ranges = {file: sinks[file].write(data) for file, data in made.items()}
            recorded[name] = {"key": keys.get(name), "first": first, "ranges": ranges}
    for file, data in compressed(serializer.tails()).items():
        sinks[file].write(data)
    for sink in sinks.values():
        sink.close()
    document = {"files": sorted(sinks), "graphs": recorded}
    (folder / PIECES).write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
    context_text = json.dumps(context(minted), ensure_ascii=False, indent=2)
    (folder / CONTEXT_FILE).write_text(context_text + "\n", encoding="utf-8")
    return Written(
        [sink.path for sink in sinks.values()],
        {f"{DUMPS}/{file}": sink.digest.hexdigest() for file, sink in sinks.items()},
    )


def _ordered(
    pool: ThreadPoolExecutor,
    make: Callable[[Step], Pieces | None],
    plan: list[Step],
) -> Iterator[Pieces | None]:
    """Results in plan order, a bounded number in flight, so memory stays flat at 1M."""
    window = 64
    pending = deque(pool.submit(make, step) for step in plan[:window])
    waiting = iter(plan[window:])
    while pending:
        yield pending.popleft().result()
        step = next(waiting, None)
        if step is not None:
            pending.append(pool.submit(make, step))
