"""The response cache in front of an app: kept answers come back whole, per negotiated format
and method, within a budget that counts keys too; failures, conditional requests and other paths
pass through; a header as sent is never part of a key."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response

from practicegraph.web.asgi.cache import ResponseCache
from practicegraph.web.asgi.variant import Variants
from practicegraph.web.render.negotiation import choose, negotiated, remembered

OFFERED = ("text/html", "text/turtle")


class Client:
    """Requests straight into the ASGI app (httpx's ASGI transport), one at a time."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def request(self, method: str, path: str, headers: dict[str, str]) -> httpx.Response:
        async def ask() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                return await client.request(method, path, headers=headers)

        return asyncio.run(ask())

    def get(self, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
        return self.request("GET", path, headers or {})

    def head(self, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
        return self.request("HEAD", path, headers or {})


def counting_app(budget: int) -> tuple[Client, list[str]]:
    calls: list[str] = []
    app = FastAPI()

    @app.api_route("/doc/{name}", methods=["GET", "HEAD"])
    def document(name: str, request: Request) -> Response:
        calls.append(name)
        accept = choose(request.headers.get("accept"), OFFERED)
        if name == "down":
            return PlainTextResponse("store down", status_code=503)
        if name.startswith("missing"):
            return PlainTextResponse("no such document " * 20, status_code=404)
        body = (name * 4 if name != "big" else "x" * 200) + f" as {accept}"
        return PlainTextResponse(body, headers={"Vary": "Accept", "ETag": f'"{name}"'})

    @app.get("/other/{name}")
    def other(name: str) -> Response:
        calls.append(f"other {name}")
        return PlainTextResponse(name)

    app.add_middleware(
        ResponseCache, budget=budget, prefixes=("/doc/",), variants=Variants(OFFERED)
    )
    return Client(app), calls


def test_kept_answers_come_back_whole_per_accept_header() -> None:
    client, calls = counting_app(budget=10_000)
    first = client.get("/doc/a", headers={"Accept": "text/turtle"})
    again = client.get("/doc/a", headers={"Accept": "text/turtle"})
    other = client.get("/doc/a", headers={"Accept": "text/html"})
    assert calls == ["a", "a"]
    assert again.content == first.content == b"aaaa as text/turtle"
    assert other.content == b"aaaa as text/html"
    for header in ("content-type", "content-length", "etag", "vary"):
        assert again.headers[header] == first.headers[header]
    head = client.head("/doc/a", headers={"Accept": "text/turtle"})
    assert head.status_code == 200
    client.head("/doc/a", headers={"Accept": "text/turtle"})
    assert calls == ["a", "a", "a"], "HEAD is kept apart from GET, once"


def test_failures_conditional_requests_big_bodies_and_other_paths_pass_through() -> None:
    client, calls = counting_app(budget=10_000)
    for _ in range(2):
        assert client.get("/doc/down").status_code == 503
        client.get("/doc/b", headers={"If-None-Match": '"b"'})
        client.get("/doc/c", headers={"Range": "bytes=0-1"})
        client.get("/other/d")
    assert calls == ["down", "b", "c", "other d"] * 2
    small, asked = counting_app(budget=150)
    small.get("/doc/big")
    small.get("/doc/big")
    assert asked == ["big", "big"], "an answer over the budget is not kept"


def test_a_not_found_answer_is_not_kept_nor_pushes_out_kept_ones() -> None:
    """Missing paths are the client's to choose: keeping their 404s would let many unique ones
    push every useful answer out of the budget."""
    client, calls = counting_app(budget=1100)
    client.get("/doc/a")
    for number in range(20):
        assert client.get(f"/doc/missing{number}").status_code == 404
    assert client.get("/doc/missing0").status_code == 404
    client.get("/doc/a")
    assert calls == ["a", *(f"missing{number}" for number in range(20)), "missing0"]


def test_the_oldest_answers_go_first_when_the_budget_is_spent() -> None:
    client, calls = counting_app(budget=1100)  # two of these answers (about 500 bytes with key)
    for name in ("a", "b", "c", "c", "b", "a"):
        client.get(f"/doc/{name}")
    assert calls == ["a", "b", "c", "a"], "c and b kept; a went first"


def test_unique_accept_headers_that_choose_one_format_share_one_entry() -> None:
    """An attacker's unique Accept headers (each a new key, as sent) are one negotiated key."""
    client, calls = counting_app(budget=10_000)
    for n in range(50):
        accept = f"text/turtle;q=0.9, x/{n};q=0.{n:02d}, " + "a/b;q=0.1, " * 300
        response = client.get("/doc/a", headers={"Accept": accept})
        assert response.content == b"aaaa as text/turtle"
    assert calls == ["a"]


def test_the_budget_counts_the_keys() -> None:
    """Long query strings make long keys: two do not fit in a budget two short answers fit."""
    client, calls = counting_app(budget=4000)
    for query in ("_profile=" + "1" * 1500, "_profile=" + "2" * 1500, "_profile=" + "1" * 1500):
        client.get(f"/doc/a?{query}")
    assert len(calls) == 3, "the first key and its answer went to make room for the second"
    for query in ("page=2&_profile=x", "_profile=x&page=2", "_profile=x&page=%32"):
        client.get(f"/doc/c?{query}")
    assert calls.count("c") == 1, "one query, however it is written"
    for query in ("a=1", "a=2", "page=1&page=1"):
        client.get(f"/doc/d?{query}")
    assert calls.count("d") == 3, "a parameter the routes do not read (or read twice): not kept"


def test_only_short_accept_headers_are_remembered() -> None:
    """Negotiating is remembered per Accept header sent, within a bound a client cannot raise."""
    remembered.cache_clear()
    for n in range(20):
        assert negotiated(f"text/turtle, x/y{n};q=0.{n:02d}, " + "a/b;q=0.1, " * 100, OFFERED)
    assert remembered.cache_info().currsize == 0, "past 512 bytes: chosen, not remembered"
    for _ in range(3):
        assert negotiated("text/turtle", OFFERED) == "text/turtle"
    assert remembered.cache_info().hits == 2
    assert remembered.cache_info().maxsize == 1024
