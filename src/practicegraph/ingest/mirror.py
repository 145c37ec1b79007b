"""The folder a harvest fills and `import DIR --sync` reads: each page where `wget --mirror` puts
it (`www.vvsg.be/kennisitem/vvsg/taalcafes.html`), and beside them, hidden from the import,
what the harvest knows of each address (`.harvest/state.json`): its file, the validators of its
last answer (ETag, Last-Modified) for conditional requests, where it moved, and in how many
consecutive harvests it was gone. Every file is written whole or not at all, and the state at
least once a second, so a harvest killed midway resumes about where it stopped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from practicegraph.core.locking import held
from practicegraph.core.writing import write_atomically

STATE = Path(".harvest") / "state.json"
LOCK = Path(".harvest") / "lock"


@dataclass
class Page:
    url: str
    file: str | None = None
    """Relative to the mirror; None until a copy was fetched."""
    etag: str | None = None
    last_modified: str | None = None
    moved_to: str | None = None
    gone: int = 0
    """Consecutive harvests the page was gone in."""
    gone_in: str | None = None
    """The harvest that counted it last, so that a resumed harvest does not count it twice."""


@dataclass
class Mirror:
    folder: Path
    pages: dict[str, Page] = field(default_factory=dict)
    run: str | None = None
    """The harvest under way (kept until it completes, so a resumed one is the same run)."""

    @classmethod
    @contextmanager
    def claimed(
        cls, folder: Path, waiting: Callable[[str], None] | None = None
    ) -> Iterator[Mirror]:
        """The mirror for one harvest at a time (a lock in it, let go however the process ends),
        without what a killed one left half-written: a page written whole goes to a temporary
        file first (core.writing), and a kill between the two leaves that file behind."""
        with held(folder / LOCK, "harvest of this mirror", True, waiting):
            for leftover in folder.rglob(".*.tmp"):
                leftover.unlink(missing_ok=True)
            yield cls.open(folder)

    @classmethod
    def open(cls, folder: Path) -> Mirror:
        path = folder / STATE
        if not path.is_file():
            return cls(folder)
        data = json.loads(path.read_text(encoding="utf-8"))
        pages = {url: Page(**page) for url, page in data.get("pages", {}).items()}
        return cls(folder, pages, data.get("run"))

    def save(self) -> None:
        document = {"run": self.run, "pages": {u: asdict(p) for u, p in sorted(self.pages.items())}}
        text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
        write_atomically(self.folder / STATE, text.encode("utf-8"))

    def page(self, url: str) -> Page:
        return self.pages.setdefault(url, Page(url))

    def keep(self, page: Page, data: bytes, media: str) -> bool:
        """Store the page's bytes where its address puts them; whether they changed."""
        relative = where(page.url, ".txt" if media == "text/plain" else ".html")
        path = self.folder / relative
        changed = not path.is_file() or path.read_bytes() != data
        if changed:
            write_atomically(path, data)
        if page.file is not None and page.file != relative:
            (self.folder / page.file).unlink(missing_ok=True)
        page.file = relative
        return changed

    def drop(self, page: Page) -> None:
        """The page's copy out of the mirror (the import then withdraws its practice)."""
        if page.file is not None:
            (self.folder / page.file).unlink(missing_ok=True)
        page.file = None

    def addresses(self) -> dict[Path, str]:
        """Each copy's path and the address it was fetched from."""
        return {
            self.folder / page.file: page.url
            for page in self.pages.values()
            if page.file is not None and page.moved_to is None
        }

    def sites(self) -> frozenset[str]:
        """The hosts the harvest fetched from."""
        return frozenset(urlsplit(url).netloc for url in self.pages)

    def formerly(self) -> dict[str, tuple[str, ...]]:
        """Each address and the addresses that moved to it, followed to the end of a chain."""
        found: dict[str, list[str]] = {}
        for page in self.pages.values():
            target, seen = page.moved_to, {page.url}
            while target is not None and target not in seen:
                seen.add(target)
                following = self.pages.get(target)
                if following is None or following.moved_to is None:
                    found.setdefault(target, []).append(page.url)
                    break
                target = following.moved_to
        return {url: tuple(sorted(old)) for url, old in found.items()}


def where(url: str, suffix: str = ".html") -> str:
    """Where `wget --mirror` would keep the address: host, path, `.html` (`.txt` for a text
    copy); a query string becomes a short digest, as a file name cannot hold one."""
    parts = urlsplit(url)
    path = parts.path.strip("/") or "index"
    if parts.query:
        path += "-" + hashlib.sha256(parts.query.encode()).hexdigest()[:12]
    safe = "/".join(segment for segment in path.split("/") if segment not in ("", ".", ".."))
    return f"{parts.netloc.replace(':', '_')}/{safe or 'index'}{suffix}"
