"""The SPARQL endpoint's requests are handed to its handlers without the router (asgi/direct.py),
and answered exactly as the router's routes answer them: status, headers, bytes and log line,
for answers in every format and for every refusal (400, 403, 413, 415, 429), by GET, HEAD and
POST. The same app is built twice, once without the direct layer, and both are asked alike."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlencode

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import Response

from practicegraph.builder.outcome import Outcome
from practicegraph.core.settings import BuildSettings, ServeSettings
from practicegraph.web.app import create_app
from practicegraph.web.asgi.direct import Direct
from practicegraph.web.fair_use import Admission
from practicegraph.web.routes.sparql import QUERY, Endpoint, url_query
from tests.http.conftest import LIMITS, InProcess

BASE = "http://localhost:8000/"
PRACTICE = f"<{BASE}id/praktijk/opvoedingsondersteuning>"
LONGEST = 300
QUERIES = [
    f"SELECT ?p ?o WHERE {{ {PRACTICE} ?p ?o }}",  # light: answered in the serving process
    f"DESCRIBE {PRACTICE}",
    "SELECT ?s WHERE { ?s a ?type } LIMIT 3",  # by the worker pool
    "ASK {}",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2",
    f"SELECT * {{ SERVICE <http://example.org/> {{ {PRACTICE} ?p ?o }} }}",  # 403
    "SELECT * WHERE { " + "{" * 70 + "}" * 70 + " }",  # 400: nested too deep
    "SELECT (1" + "+1" * 120 + " AS ?x) {}",  # 413: longer than LONGEST
    "SELECT ?x WHERE { ?x ?y }",  # 400: the engine's syntax error
]
ACCEPTS = [
    None,
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/turtle",
    "application/ld+json",
    "text/html",
    "image/png",  # 406
]


def requests() -> Iterator[tuple[str, str, dict[str, str], bytes]]:
    """Method, target, headers, body."""
    for query in QUERIES:
        target = "/sparql?" + urlencode({"query": query})
        for accept in ACCEPTS:
            yield "GET", target, {"accept": accept} if accept else {}, b""
        yield "HEAD", target, {"accept": "text/turtle"}, b""
        yield "GET", target, {"origin": "https://example.org"}, b""
        form = {"content-type": "application/x-www-form-urlencoded"}
        yield "POST", "/sparql", form, urlencode({"query": query}).encode()
        sent = {"content-type": "application/sparql-query", "accept": "text/turtle"}
        yield "POST", "/sparql", sent, query.encode()
    yield "GET", "/sparql", {"accept": "text/turtle"}, b""  # the service description
    yield "GET", "/sparql", {"accept": "text/html"}, b""
    yield "GET", "/sparql?update=x", {}, b""  # 403: read-only
    yield "GET", "/sparql?query=a&query=b", {}, b""
    yield "POST", "/sparql", {"content-type": "application/sparql-update"}, b"INSERT DATA {}"
    yield "POST", "/sparql", {"content-type": "text/plain"}, b"ASK {}"  # 415
    yield "POST", "/sparql", {"content-type": "application/sparql-query"}, b"\xff"
    yield "POST", "/sparql", {"content-type": "application/sparql-query"}, b"A" * 10_000  # 413
    yield "PUT", "/sparql", {}, b""  # not the direct layer's: the router's 405 either way


Answer = tuple[int, list[tuple[str, str]], bytes, dict[str, object]]


class Asked:
    """An app in process, with or without the direct layer, and what each request got."""

    def __init__(self, settings: BuildSettings, direct: bool) -> None:
        limits: dict[str, Any] = {"sparql_max_query_length": LONGEST, "sparql_client_limit": 1}
        app = create_app(ServeSettings(project_dir=settings.project_dir, **{**LIMITS, **limits}))
        (layer,) = [m for m in app.user_middleware if cast(object, m.cls) is Direct]
        routes = cast("dict[tuple[str, str], Any]", layer.kwargs["routes"])
        self.admission: Admission = routes["GET", "/sparql"].__self__.admission
        if not direct:
            app.user_middleware.remove(layer)
        self.client = httpx.Client(transport=InProcess(app), base_url="http://127.0.0.1:8000")

    def ask(
        self,
        caplog: pytest.LogCaptureFixture,
        method: str,
        target: str,
        headers: dict[str, str],
        body: bytes = b"",
    ) -> Answer:
        """The answer, and its log line's fields but its time."""
        caplog.clear()
        sent = {"x-request-id": "the-same-id", **headers}
        response = self.client.request(method, target, headers=sent, content=body or None)
        (record,) = [r for r in caplog.records if r.name == "practicegraph.access"]
        logged = {k: v for k, v in getattr(record, "fields", {}).items() if k != "ms"}
        return response.status_code, response.headers.multi_items(), response.content, logged

    def close(self) -> None:
        self.client.close()  # and its transport: the app's lifespan ends


@pytest.fixture(scope="module")
def both(built: tuple[BuildSettings, Outcome, Path]) -> Iterator[tuple[Asked, Asked]]:
    direct, routed = Asked(built[0], direct=True), Asked(built[0], direct=False)
    yield direct, routed
    direct.close()
    routed.close()


def test_the_direct_layer_answers_as_the_router(
    both: tuple[Asked, Asked], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="practicegraph.access")
    statuses = set()
    for method, target, headers, body in requests():
        direct, routed = (asked.ask(caplog, method, target, headers, body) for asked in both)
        assert direct == routed, (method, target, headers)
        statuses.add(direct[0])
    assert {200, 400, 403, 405, 406, 413, 415} <= statuses


def test_a_client_past_fair_use_is_refused_alike(
    both: tuple[Asked, Asked], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="practicegraph.access")
    answers = []
    for asked in both:
        assert asked.admission.enter("127.0.0.1") is None  # the client's one query, running
        try:
            answers.append(asked.ask(caplog, "GET", "/sparql?query=ASK%7B%7D", {}))
        finally:
            asked.admission.leave("127.0.0.1")
    assert answers[0][0] == 429
    assert answers[0] == answers[1]


def test_the_direct_layer_takes_the_endpoints_requests(
    both: tuple[Asked, Asked], caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """That the direct layer is in the way at all: the router puts the route it matched in the
    request's scope, the direct layer never does."""
    caplog.set_level(logging.INFO, logger="practicegraph.access")
    routed: list[bool] = []
    answer = Endpoint.answer

    async def spied(self: Endpoint, request: Request, *rest: Any, **named: Any) -> Response:
        routed.append("route" in request.scope)
        return await answer(self, request, *rest, **named)

    monkeypatch.setattr(Endpoint, "answer", spied)
    for asked in both:
        asked.ask(caplog, "GET", "/sparql?query=ASK%7B%7D", {})
        asked.ask(caplog, "POST", "/sparql", {"content-type": QUERY}, b"ASK {}")
    assert routed == [False, False, True, True]


@pytest.mark.parametrize(
    "sent",
    [b"", b"query=ASK%20%7B%7D", b"query=a+b&default-graph-uri=x", b"a=%ff", b"a=1\tb", b"a#b"]
    + [b"q=" + bytes([c]) for c in b"\r\n#?%&=;/\\ "],
)
def test_the_query_string_is_read_as_the_url_reads_it(sent: bytes) -> None:
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "path": "/sparql",
        "query_string": sent,
        "headers": [(b"host", b"example.org")],
    }
    assert url_query(Request(scope)) == Request(scope).url.query
