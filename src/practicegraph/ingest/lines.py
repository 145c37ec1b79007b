"""A page as numbered, normalised lines, from the text copy or from the page's HTML.

Both inputs end up the same: one line per paragraph, list item or heading, with white space
normalised (no-break and other Unicode spaces, runs of spaces, leading and trailing space) and
nothing else changed. HTML adds what text loses: which lines are headings, and link targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

BULLET = re.compile(r"^[•◦▪‣·*\-](?:\s+|$)")
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "dt", "dd")
SKIPPED = ("script", "style", "noscript", "template", "nav", "head")


@dataclass(frozen=True)
class Line:
    number: int
    text: str
    bullet: bool = False
    continued: bool = False
    """An indented line under a list item: more text of that item."""
    heading: bool = False
    links: tuple[tuple[str, str], ...] = ()
    """(link text, target) pairs, from HTML."""


def normalise(text: str) -> str:
    """Unicode spaces to one space, invisible characters gone, trimmed; the words stay."""
    return " ".join(text.translate(INVISIBLE).split())


def from_text(text: str) -> list[Line]:
    """Lines of a text copy; blank lines are kept out, as paragraphs are one line each."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        plain = raw.translate(INVISIBLE)
        stripped = plain.strip()
        bullet = BULLET.match(stripped)
        content = normalise(stripped[bullet.end() :] if bullet else stripped)
        if not content:
            if bullet:
                lines.append(Line(number, "", bullet=True))
            continue
        indented = plain[:2].isspace() and len(plain) > 2 and not bullet
        lines.append(Line(number, content, bullet=bool(bullet), continued=indented))
    return lines


def _links(tag: Tag) -> tuple[tuple[str, str], ...]:
    found = []
    for anchor in tag.find_all("a", href=True):
        href = str(anchor["href"]).strip()
        if urlsplit(href).scheme in ("http", "https", "mailto"):
            found.append((normalise(anchor.get_text(" ")), href))
    return tuple(found)


def _line(tag: Tag) -> Line | None:
    text = normalise(tag.get_text(" "))
    number = tag.sourceline or 0
    if tag.name and tag.name.startswith("h") and tag.name[1:].isdigit():
        return Line(number, text, heading=True) if text else None
    if not text and tag.name != "li":
        return None
    return Line(number, text, bullet=tag.name == "li", links=_links(tag))


@dataclass(frozen=True)
class Head:
    """What an HTML page says about itself outside its text."""

    title: str | None = None
    """The document's <title>, without the site's name after " | "."""
    address: str | None = None
    """Its canonical address: <link rel=canonical>, og:url, or a browser's "saved from" mark."""


SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.IGNORECASE)


def _head(soup: BeautifulSoup, html: str) -> Head:
    title = None
    if soup.title is not None:
        title = normalise(soup.title.get_text(" ")).split(" | ")[0].strip() or None
    address = None
    for tag in soup.find_all(["link", "meta"]):
        rel: list[str] = list(tag.get("rel") or [])
        value = tag.get("href") if "canonical" in rel else None
        if tag.get("property") == "og:url":
            value = tag.get("content")
        if value and urlsplit(str(value)).scheme in ("http", "https"):
            address = str(value).strip()
            break
    saved = SAVED_FROM.search(html[:2000])
    if address is None and saved:
        address = saved.group(1)
    return Head(title, address)


def read_html(html: str) -> tuple[list[Line], Head]:
    """Lines of the page's HTML: headings, paragraphs and list items in document order; an
    image as its file name, as the text copies have it. And what its head says."""
    soup = BeautifulSoup(html, "html.parser")
    head = _head(soup, html)
    for hidden in soup.find_all(SKIPPED):
        hidden.decompose()
    root = soup.body or soup
    lines: list[Line] = []
    for element in root.descendants:
        if not isinstance(element, Tag):
            continue
        if element.name == "img" and element.get("src"):
            name = PurePosixPath(urlsplit(str(element["src"])).path).name
            if name:
                lines.append(Line(element.sourceline or 0, name))
        elif element.name in BLOCKS and not element.find_parent(BLOCKS):
            line = _line(element)
            if line is not None:
                lines.append(line)
    return lines, head
