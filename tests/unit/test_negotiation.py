"""Accept headers as clients really send them, and the format each one gets."""

from __future__ import annotations

import pytest

from practicegraph.web.render.negotiation import choose
from practicegraph.web.render.responses import OFFERED

FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
CHROME = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
    "application/signed-exchange;v=b3;q=0.7"
)
TABLE = [
    (None, "text/html"),
    ("", "text/html"),
    ("*/*", "text/html"),
    (FIREFOX, "text/html"),
    (CHROME, "text/html"),
    ("text/turtle", "text/turtle"),
    ("text/turtle; charset=utf-8", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/json", "application/json"),
    ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("text/turtle;q=0, application/rdf+xml", "application/rdf+xml"),
    ("text/html;q=0, */*;q=0.1", "text/turtle"),
    ("application/*", "application/ld+json"),
    ("text/*;q=0.5, application/n-triples", "application/n-triples"),
    ("application/ld+json;q=0.5, text/turtle;q=0.9", "text/turtle"),
    ("application/ld+json;q=0.5, text/turtle;q=0.5", "text/turtle"),
    ("text/*", "text/html"),
    ("image/png", None),
    ("text/turtle;q=0", None),
    ("application/xml", None),
    ("%%%garbage", "text/html"),
]


@pytest.mark.parametrize(("accept", "expected"), TABLE)
def test_accept_table(accept: str | None, expected: str | None) -> None:
    assert choose(accept, OFFERED) == expected
