"""Hostile requests get a 2xx, 3xx or 4xx answer, never a 5xx or a dropped connection, and the
server lives on: generated paths, query strings and headers sent as raw bytes to the real
server (an HTTP client library would clean them up first)."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Server

ROUTES = ["doc/", "id/", "ns/", "graph/", "ldes/practices/", "sparql", "praktijken", "dumps/", ""]
PIECES = st.one_of(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_./", min_size=1, max_size=12),
    st.sampled_from(["%00", "%ff", "%fe", "%c3%a9", "%", "%zz", "%2f", "..", "%0d%0a", "?", "#"]),
    st.text(min_size=1, max_size=4).map(
        lambda t: t.encode("utf-8", "surrogatepass").decode("latin-1")
    ),
    st.integers(min_value=1, max_value=12_000).map(lambda n: "a" * n),
)
HEADER_VALUE = st.binary(max_size=60).map(
    lambda b: bytes(c for c in b if c == 0x09 or 0x20 <= c <= 0x7E or c >= 0x80)
)
HEADER_NAMES = ["Accept", "Accept-Profile", "Origin", "If-None-Match", "Range", "X-Request-ID"]


def status_of(server: Server, target: bytes, headers: list[tuple[str, bytes]]) -> int:
    """Send one request as raw bytes; the status of the answer (0 if the connection dropped)."""
    address = urlsplit(server.url)
    lines = [b"GET " + target + b" HTTP/1.1", b"Host: " + address.netloc.encode()]
    lines += [name.encode() + b": " + value for name, value in headers]
    lines += [b"Connection: close", b"", b""]
    with socket.create_connection((address.hostname, address.port), timeout=30) as connection:
        connection.sendall(b"\r\n".join(lines))
        answer = b""
        while b"\r\n" not in answer:
            chunk = connection.recv(4096)
            if not chunk:
                return 0
            answer += chunk
    return int(answer.split(b" ", 2)[1])


@pytest.mark.parametrize(
    ("target", "status"),
    [
        (b"/doc/x%00y", 400),
        (b"/doc/%ff%fe", 400),
        ("/doc/éè".encode(), 400),
        (b"/id/%ff", 400),
        (b"/praktijken?q=%ff", 400),
        (b"/doc/" + b"a" * 10_000, 414),
    ],
    ids=["nul", "invalid-utf8-escape", "raw-utf8", "id-invalid", "query-invalid", "10kB"],
)
def test_the_requests_that_broke_it_are_refused_in_words(
    server: Server, target: bytes, status: int
) -> None:
    assert status_of(server, target, []) == status


def test_a_path_of_unicode_is_a_404_with_valid_headers(http: httpx.Client) -> None:
    """An IRI's non-ASCII characters are percent-encoded (RFC 3987) in the headers we send."""
    response = http.get("/doc/%C3%A9%C3%A8", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert response.headers["content-location"] == "/doc/%C3%A9%C3%A8.ttl"
    assert "</doc/%C3%A9%C3%A8.html>" in response.headers["link"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    route=st.sampled_from(ROUTES),
    pieces=st.lists(PIECES, max_size=4),
    query=st.lists(PIECES, max_size=3),
    headers=st.lists(st.tuples(st.sampled_from(HEADER_NAMES), HEADER_VALUE), max_size=3),
)
def test_generated_requests_never_get_a_5xx(
    server: Server,
    route: str,
    pieces: list[str],
    query: list[str],
    headers: list[tuple[str, bytes]],
) -> None:
    path = ("/" + route + "".join(pieces)).encode("latin-1")
    target = path + (b"?" + "&".join(query).encode("latin-1") if query else b"")
    status = status_of(server, target.replace(b" ", b"%20"), headers)
    assert 200 <= status < 500, (target, headers, status)
    assert httpx.get(server.url + "/", timeout=30).status_code == 200, "the server lives on"


def test_a_wrong_parameter_is_named_in_words(http: httpx.Client) -> None:
    response = http.get("/doc/praktijk/opvoedingsondersteuning", params={"page": "abc"})
    assert response.status_code == 400
    assert response.text.startswith("400 Bad Request: page: input should be a valid integer")
    assert "{" not in response.text, "not the validator's error list"
