"""Requests no route can mean, refused before routing with a short 400 (or 414): a path or query
that is not UTF-8 once its percent-escapes are decoded, control characters (NUL …) in the path,
a path longer than any IRI we mint.

uvicorn decodes a path it cannot read as UTF-8 into U+FFFD replacement characters, and a NUL
into a NUL; handed on, they end up in the Link and Content-Location headers, which HTTP refuses
(a 500, or a dropped connection). The public endpoint is hostile territory: such a request gets
a clear answer instead.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send

LONGEST = 4096
"""Bytes of a raw path: our IRIs are far shorter; a longer path is 414 URI Too Long."""
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def problem(scope: Scope) -> tuple[int, str] | None:
    """What is wrong with the request's path or query, or None."""
    raw: bytes = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    if len(raw) > LONGEST:
        return 414, f"the path is longer than {LONGEST} bytes"
    for part, text in (("path", raw), ("query string", scope.get("query_string", b""))):
        try:
            decoded = unquote_to_bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            return 400, f"the {part} is not UTF-8 (after its percent-escapes are decoded)"
        if part == "path" and CONTROL.search(decoded):
            return 400, "the path holds a control character"
    return None


class RejectMalformed:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = problem(scope) if scope["type"] == "http" else None
        if found is None:
            await self.app(scope, receive, send)
            return
        status, message = found
        body = f"{status} {'URI Too Long' if status == 414 else 'Bad Request'}: {message}\n"
        headers = [(b"content-type", b"text/plain; charset=utf-8")]
        headers.append((b"content-length", str(len(body.encode())).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body.encode()})
