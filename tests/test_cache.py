"""The response cache keeps what it is given within its budget, least recently used out first."""

from __future__ import annotations

from fastapi.responses import Response

from practicegraph.web.cache import ResponseCache


def made(body: bytes, status: int = 200) -> Response:
    return Response(body, status, {"ETag": '"x"'}, media_type="text/plain")


def test_kept_answers_come_back_whole_and_the_oldest_go_first() -> None:
    cache = ResponseCache(budget=10)
    calls: list[str] = []

    def make(name: str, body: bytes, status: int = 200) -> Response:
        calls.append(name)
        return made(body, status)

    assert cache.get("a", lambda: make("a", b"aaaa")).body == b"aaaa"
    again = cache.get("a", lambda: make("a", b"other"))
    assert again.body == b"aaaa"
    assert again.headers["etag"] == '"x"'
    assert again.headers["content-length"] == "4"
    cache.get("b", lambda: make("b", b"bbbb"))
    cache.get("a", lambda: make("a", b"aaaa"))  # a is now the most recent
    cache.get("c", lambda: make("c", b"cccc"))  # 12 bytes > 10: b goes
    assert calls == ["a", "b", "c"]
    cache.get("b", lambda: make("b", b"bbbb"))
    assert calls == ["a", "b", "c", "b"]
    assert cache.used <= 10


def test_failures_and_large_bodies_are_not_kept() -> None:
    cache = ResponseCache(budget=100)
    calls: list[int] = []

    def make(status: int, body: bytes) -> Response:
        calls.append(status)
        return made(body, status)

    cache.get("down", lambda: make(503, b"store down"))
    cache.get("down", lambda: make(503, b"store down"))
    cache.get("big", lambda: make(200, b"x" * 101))
    cache.get("big", lambda: make(200, b"x" * 101))
    assert calls == [503, 503, 200, 200]
    assert cache.used == 0
