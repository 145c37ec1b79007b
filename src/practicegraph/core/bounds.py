"""How big a source file, and a literal or IRI in it, may be; checked before a parser holds
them. A megabyte literal parses, then takes validation minutes and gigabytes (a pattern
matched over it, copies of it per graph); no practice is that long. The file by its size on
disk, the literal by one linear scan of the Turtle text for its string and IRI tokens."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from practicegraph.core.reading import SourceError

OUTSIDE = re.compile(rb"[\"'<#\\]")
"""What starts a token the scan skips whole: a string, an IRI, a comment, an escape."""
SHORT_END = {b'"': re.compile(rb'["\\\n]'), b"'": re.compile(rb"['\\\n]")}
LONG_END = {b'"': re.compile(rb'"""|\\'), b"'": re.compile(rb"'''|\\")}


def check_size(path: Path, limit_mb: int) -> None:
    """A file past the limit is refused by its size, before it is read."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise SourceError(path, None, f"cannot read: {error}") from error
    if size > limit_mb * 1024 * 1024:
        raise SourceError(
            path,
            None,
            f"the file is {size / 1024 / 1024:.1f} MB, more than max_source_mb allows"
            f" ({limit_mb} MB): split it, or raise PRACTICEGRAPH_MAX_SOURCE_MB",
        )


def string_end(data: bytes, start: int) -> int | None:
    """Where the string starting at `start` ends (after its closing quotes); None if it does
    not (the parser names that error)."""
    quote = data[start : start + 1]
    long = data.startswith(quote * 3, start)
    pattern = LONG_END[quote] if long else SHORT_END[quote]
    cursor = start + (3 if long else 1)
    while (found := pattern.search(data, cursor)) is not None:
        if found.group() == b"\\":
            cursor = found.start() + 2
        elif found.group() == b"\n":
            return None
        else:
            end = found.end()
            while long and data[end : end + 1] == quote and end - found.end() < 2:
                end += 1  # a long string may end in one or two quotes of its own
            return end
    return None


def tokens(data: bytes) -> Iterator[tuple[int, int]]:
    """(start, end) of every string and IRI of a Turtle text, comments and escapes skipped."""
    position = 0
    while (found := OUTSIDE.search(data, position)) is not None:
        start = found.start()
        char = found.group()
        if char == b"#":
            end = data.find(b"\n", start)
        elif char == b"\\":
            end = start + 1
        elif char == b"<":
            end = data.find(b">", start)
            if end >= 0:
                yield start, end + 1
        else:
            closed = string_end(data, start)
            end = -1 if closed is None else closed - 1
            if closed is not None:
                yield start, closed
        if end < 0:
            return
        position = end + 1


def check_literals(path: Path, data: bytes, limit_kb: int) -> None:
    """A string or IRI token past the limit is refused with its line, before parsing."""
    limit = limit_kb * 1024
    if len(data) <= limit:
        return  # no token is longer than its file
    for start, end in tokens(data):
        if end - start > limit:
            raise SourceError(
                path,
                data.count(b"\n", 0, start) + 1,
                f"a literal or IRI of {(end - start) / 1024:.0f} KB, more than max_literal_kb"
                f" allows ({limit_kb} KB): a text that long is no practice's",
            )
