"""The pages of a saved site: a folder saved by a browser or by `wget --mirror`.

Every HTML file and text copy in it, in nested folders too, is a candidate page; images,
style sheets, scripts and the browser's `_files` folders are not pages and are passed over. A
mirror keeps each page under its host name ("www.vvsg.be/kennisitem/vvsg/taalcafes.html"), so
the page's address can be read from where it lies when the page itself does not say it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from practicegraph.ingest.document import HTML_SUFFIXES
from practicegraph.ingest.mirror import Mirror

PAGE_SUFFIXES = (*HTML_SUFFIXES, ".txt")
HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+[a-z]{2,}(?::\d+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    path: Path
    address: str | None
    """The address its place in a mirror gives it, if the folder is one."""
    formerly: tuple[str, ...] = ()
    """In a harvest's mirror, the addresses that moved to this one."""


def candidates(folder: Path) -> list[Candidate]:
    """The files of the folder that can be pages, in a stable order; in a harvest's mirror,
    each with the address it was fetched from."""
    mirror = Mirror.open(folder)
    fetched, moves = mirror.addresses(), mirror.formerly()
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        hidden = any(part.startswith(".") or part.endswith("_files") for part in relative.parts)
        if hidden or not path.is_file() or path.suffix.casefold() not in PAGE_SUFFIXES:
            continue
        address = fetched.get(path) or address_in_mirror(relative)
        found.append(Candidate(path, address, moves.get(address or "", ())))
    return found


def address_in_mirror(relative: Path) -> str | None:
    """ "www.vvsg.be/kennisitem/vvsg/taalcafes.html" → https://www.vvsg.be/kennisitem/vvsg/taalcafes"""
    parts = relative.parts
    if len(parts) < 2 or not HOST.match(parts[0]):
        return None
    *folders, name = parts[1:]
    stem = Path(name).stem if Path(name).suffix.casefold() in HTML_SUFFIXES else name
    path = "/".join([*folders, *([] if stem == "index" else [stem])])
    return f"https://{parts[0]}/{path}"
