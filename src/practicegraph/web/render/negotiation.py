"""The one place that reads Accept: q-values, parameters, wildcards and specificity.

Views get a media type from the offers (or None: 406) and never parse headers themselves.
"""

from __future__ import annotations

from collections.abc import Sequence

import mimeparse

ANY = "*/*"


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
