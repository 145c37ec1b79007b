"""Rendered answers of one build on disk, shared by every server process and every restart.

The in-memory cache (`cache`) is each process's own: after a build switch or a restart, and for
each of N workers, every document was rendered again before the server was fast. Here the first
process to render an answer writes it beside the build (`{build}/rendered/`, one file per
variant, written whole by a rename), and every other process, and the same one after a restart,
reads it instead of rendering. A build never changes, so an answer written is the answer while
the code that rendered it runs: answers are kept under the code's fingerprint
(`rendered/{fingerprint}/`), and the renders of other code are removed when a process opens the
build, so a deployed rendering fix shows at once. They all go when their build is pruned.

Bounded by `PRACTICEGRAPH_RENDER_CACHE_MB`, in the blocks the files take: each process counts the
folder once when it opens the build and then what it writes itself, so with N processes writing
at once the folder may pass the bound by what the others wrote meanwhile (at most N times it).
Only requests whose query the routes read are kept at all (`cache.READ`). A build folder the
server may not write to turns this tier off (logged once); the server never needs it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path

from practicegraph.web.asgi.variant import Key

log = logging.getLogger("practicegraph.cache")
BLOCK = 4096
"""A file takes whole blocks of disk, a redirect's few hundred bytes too: counted as it takes."""
Headers = list[tuple[bytes, bytes]]


RENDERING = ("pyoxigraph", "rdflib", "jinja2", "orjson")
"""The libraries whose versions change what a document looks like, besides our own code."""


@cache
def code_fingerprint() -> str:
    """What rendered an answer: every file of the package and the rendering libraries'
    versions, hashed (read once per process, a few milliseconds)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[2]
    files = (p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in sorted(files):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    for library in RENDERING:
        digest.update(f"{library}={metadata.version(library)}\0".encode())
    return digest.hexdigest()[:16]


def rendered_folder(build_rendered: Path) -> Path:
    """Where this code keeps the answers it rendered for a build."""
    return build_rendered / code_fingerprint()


def name_of(key: Key) -> str:
    """A file name for a variant: the key is the client's to choose, never a path."""
    return hashlib.sha256(json.dumps(key).encode("utf-8")).hexdigest()


class DiskCache:
    def __init__(self, folder: Path, budget: int) -> None:
        self.folder = folder
        self.budget = budget
        self.used = 0
        self.on = budget > 0
        if not self.on:
            return
        try:
            folder.mkdir(exist_ok=True)
            for other in (p for p in folder.iterdir() if p.name != code_fingerprint()):
                if other.is_dir():  # another code's renders (or the layout before fingerprints)
                    shutil.rmtree(other, ignore_errors=True)
                else:
                    other.unlink(missing_ok=True)
            self.folder = rendered_folder(folder)
            self.folder.mkdir(exist_ok=True)
            self.used = sum(p.stat().st_blocks * 512 for p in self.folder.iterdir() if p.is_file())
        except OSError as error:
            log.warning("rendered documents are not kept on disk: %s", error)
            self.on = False

    def get(self, key: Key) -> tuple[int, Headers, bytes] | None:
        """The answer another process (or this one, before a restart) rendered, if any."""
        if not self.on:
            return None
        try:
            data = (self.folder / name_of(key)).read_bytes()
        except OSError:
            return None
        head, _, body = data.partition(b"\n")
        try:
            about = json.loads(head)
            headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in about["headers"]]
            return int(about["status"]), headers, body
        except (ValueError, KeyError, TypeError):
            return None  # not one this module wrote: rendered again, and written over

    def put(self, key: Key, status: int, headers: Headers, body: bytes) -> None:
        """Written whole or not at all (a reader never sees half of one), while the bound
        allows."""
        if not self.on or self.used + BLOCK + len(body) > self.budget:
            return
        head = {
            "status": status,
            "headers": [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers],
        }
        data = json.dumps(head).encode("utf-8") + b"\n" + body
        name = ""
        try:  # no fsync: after a crash a file is whole, or empty and rendered again
            handle, name = tempfile.mkstemp(prefix=".", dir=self.folder)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            Path(name).replace(self.folder / name_of(key))
        except OSError as error:
            if name:
                Path(name).unlink(missing_ok=True)
            log.warning("rendered documents are no longer kept on disk: %s", error)
            self.on = False
            return
        self.used += -(-len(data) // BLOCK) * BLOCK  # what it takes on disk: whole blocks
