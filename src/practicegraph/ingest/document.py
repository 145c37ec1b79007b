"""A page file read as lines: text or HTML, refused before parsing when it cannot be a page.

The limits protect the rest of the pipeline: a page is a few kilobytes of text, so a file of
megabytes is something else (a saved video, a data dump) and is refused unread, and a file with
no text at all is never a practice, whatever --title says.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from practicegraph.ingest import lines
from practicegraph.ingest.lines import Head, Line

MAX_PAGE_BYTES = 5_000_000
"""The largest page file the import reads (5 MB); real pages are under 100 kB, HTML included."""
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


class PageError(Exception):
    """A page that cannot be imported; every reason is listed."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


class NotAPracticePageError(PageError):
    """A page that is no practice: another page of the site, or an empty one."""


@dataclass(frozen=True)
class Document:
    lines: list[Line]
    media_type: str
    head: Head


def is_html(path: Path, text: str) -> bool:
    start = text.lstrip()[:200].casefold()
    return path.suffix.casefold() in HTML_SUFFIXES or start.startswith(("<!doctype", "<html"))


def read(path: Path) -> Document:
    """The page's lines, its media type (HTML by suffix or first tag) and its head."""
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise PageError(
                [
                    f"{path} is {size:,} bytes, over the limit of {MAX_PAGE_BYTES:,} bytes for"
                    " a page: refused unread"
                ]
            )
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise PageError([f"cannot read {path}: {error}"]) from error
    if is_html(path, text):
        found, head = lines.read_html(text)
        document = Document(found, "text/html", head)
    else:
        document = Document(lines.from_text(text), "text/plain", Head())
    if not any(line.text for line in document.lines):
        raise NotAPracticePageError([f"{path} is empty: it has no text to import"])
    return document
