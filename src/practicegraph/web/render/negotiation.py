"""The one place that reads Accept: q-values, parameters, wildcards and specificity.

Views get a media type from the offers (or None: 406) and never parse headers themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import mimeparse

ANY = "*/*"
REMEMBERED = 512
"""Longest Accept header whose negotiated media type is remembered; clients send a handful of
short ones, and negotiating each kept answer (or light query) again would cost a sixth of its
time."""


def choose(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offer the client prefers; ties go to the earlier offer (the server's preference).

    No Accept header means */* (RFC 9110 §12.5.1); a header that does not parse is read as */*
    rather than refused, as browsers and proxies send odd ones.
    """
    header = accept.strip() if accept else ""
    try:
        best = mimeparse.best_match(list(reversed(offered)), header or ANY)
    except (ValueError, IndexError):
        best = mimeparse.best_match(list(reversed(offered)), ANY)
    return best or None


@lru_cache(maxsize=1024)
def remembered(accept: str | None, offered: tuple[str, ...]) -> str | None:
    return choose(accept, offered)


def negotiated(accept: str | None, offered: tuple[str, ...]) -> str | None:
    """`choose`, remembered for short headers only, so that what is remembered stays small (at
    most 1,024 headers of 512 bytes) whatever clients send."""
    if accept is not None and len(accept) > REMEMBERED:
        return choose(accept, offered)
    return remembered(accept, offered)
