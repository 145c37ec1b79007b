"""The bounds on a request, at the real server's edge: a head too long is refused (414, 431)
while it arrives, before it is in memory; a head too slow is answered 408 and closed; a client
gone mid-request is a 499, not a 500; pipelined requests a client never reads the answers of
are read no further than a few ahead; a log line stays one line whatever the path holds. Every
route of /openapi.json is walked, so that a route added later inherits the checks."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import select
import socket
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from practicegraph.builder.outcome import Outcome
from practicegraph.core.settings import BuildSettings
from practicegraph.web import logs
from tests.conftest import SERVER_ENV, serve, wait_for
from tests.system.test_operations import samples

TOKEN = "operator-token-for-bounds-0123456789"
PRACTICE = "/doc/praktijk/opvoedingsondersteuning"
MISSING = "/doc/praktijk/nothing-of-that-name"
HEADER_TIMEOUT = 2
MB = 1 << 20
PLAUSIBLE = {"number": "1", "page": "0"}
"""Values of path parameters the OpenAPI document gives no example of."""
HOSTILE = "%00{<script>" * 850 + "%E2%80%AE"
"""About 10 KB of a value as sent in a URL (NUL, markup, a right-to-left override)."""


@dataclass(frozen=True)
class Edge:
    url: str
    port: int
    pid: int
    log: Path

    def lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8", errors="replace").splitlines()


Built = tuple[BuildSettings, Outcome, Path]


def start_edge(built: Built, log: Path, log_format: str) -> Iterator[Edge]:
    env = {
        **SERVER_ENV,
        "PRACTICEGRAPH_OPERATOR_TOKEN": TOKEN,
        "PRACTICEGRAPH_LOG_FORMAT": log_format,
        "PRACTICEGRAPH_HEADER_TIMEOUT": str(HEADER_TIMEOUT),
    }
    process, port = serve(built[0].project_dir, env, log)
    yield Edge(f"http://127.0.0.1:{port}", port, process.pid, log)
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def edge(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Edge]:
    """A server of its own (its memory and its log are what the tests read), plain log lines."""
    yield from start_edge(built, tmp_path_factory.mktemp("edge") / "server.log", "plain")


@pytest.fixture(scope="module")
def json_edge(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Edge]:
    yield from start_edge(built, tmp_path_factory.mktemp("edge-json") / "server.log", "json")


def exchange(edge: Edge, raw: bytes) -> tuple[int, bytes]:
    """Send raw bytes; the answer's status and body (0 and b"" when the connection dropped).
    What the server does not read of a refused request may fail the sending: it is the answer
    that counts."""
    with socket.create_connection(("127.0.0.1", edge.port), timeout=60) as connection:
        with contextlib.suppress(OSError):
            connection.sendall(raw)
        answer = b""
        try:
            while chunk := connection.recv(65536):
                answer += chunk
        except OSError:
            pass
    if not answer.startswith(b"HTTP/1.1 "):
        return 0, b""
    head, _blank, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def request(
    target: str, *headers: tuple[str, str], method: str = "GET", body: bytes = b""
) -> bytes:
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{name}: {value}" for name, value in headers]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    lines += ["Connection: close", "", ""]
    return "\r\n".join(lines).encode("latin-1") + body


def resident_mb(pid: int) -> float:
    """Resident memory of a process and all its children (the query workers), in MB."""
    pids, total = [pid], 0
    while pids:
        current = pids.pop()
        status = Path(f"/proc/{current}/status").read_text()
        resident = re.search(r"VmRSS:\s+(\d+) kB", status)
        assert resident is not None, status
        total += int(resident[1])
        for task in Path(f"/proc/{current}/task").iterdir():
            pids += [int(child) for child in (task / "children").read_text().split()]
    return total / 1024


def answers(edge: Edge) -> bool:
    return httpx.get(f"{edge.url}{PRACTICE}.ttl", timeout=30).status_code == 200


@pytest.mark.slow
def test_unique_megabyte_accept_headers_leave_memory_flat(edge: Edge) -> None:
    """The attack that took a server from 183 to 470 MB: 150 unique 1 MB Accept headers, to a
    missing and to an existing document. Each is refused while it arrives."""
    for path in (MISSING, PRACTICE):
        httpx.get(edge.url + path, headers={"Accept": "text/turtle"})  # warm: cached, rendered
    before = resident_mb(edge.pid)
    filler = "application/x-filler;q=0.1, " * (MB // 28)
    for path in (MISSING, PRACTICE):
        for n in range(150):
            status, body = exchange(
                edge, request(path, ("Accept", f"text/turtle;q=0.9, x/y{n};q=0.5, {filler}"))
            )
            assert status in (431, 0), status
            assert status == 0 or b"Request Header Fields Too Large" in body
    grown = resident_mb(edge.pid) - before
    assert grown < 20, f"{grown:.0f} MB more after 300 requests of 1 MB"
    assert answers(edge)


@pytest.mark.slow
def test_unfinished_20_mb_header_lines_are_refused_with_memory_bounded(edge: Edge) -> None:
    before = resident_mb(edge.pid)
    line = request("/", method="GET").removesuffix(b"\r\n") + b"X-Long: " + b"a" * (20 * MB)
    with ThreadPoolExecutor(5) as pool:
        results = list(pool.map(lambda _n: exchange(edge, line), range(5)))
    assert all(status in (431, 0) for status, _body in results), results
    assert any(status == 431 for status, _body in results), "refused in words"
    grown = resident_mb(edge.pid) - before
    assert grown < 20, f"{grown:.0f} MB more after five unfinished 20 MB header lines"
    assert answers(edge)


@pytest.mark.slow
def test_connections_that_dribble_their_heads_are_closed(edge: Edge) -> None:
    """50 connections that send a byte of their head every half second: each is answered 408
    and closed once the header timeout has passed, while the server answers everyone else."""
    slow = [socket.create_connection(("127.0.0.1", edge.port)) for _ in range(50)]
    for connection in slow:
        connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    heard: dict[socket.socket, bytes] = {}
    stop = threading.Event()

    def dribble() -> None:
        while not stop.is_set():
            for connection in slow:
                if connection not in heard:
                    with contextlib.suppress(OSError):
                        connection.send(b"a")
            stop.wait(0.5)

    def all_closed() -> bool:
        readable, _w, _x = select.select([c for c in slow if c not in heard], [], [], 0.1)
        for connection in readable:
            try:
                heard[connection] = connection.recv(65536)
            except OSError:
                heard[connection] = b""
        return len(heard) == len(slow)

    dribbler = threading.Thread(target=dribble)
    dribbler.start()
    try:
        assert answers(edge), "the server answers others meanwhile"
        wait_for(all_closed, "the server to close 50 slow heads", timeout=HEADER_TIMEOUT * 10)
        assert answers(edge)
    finally:
        stop.set()
        dribbler.join()
        for connection in slow:
            connection.close()
    said = [answer for answer in heard.values() if answer]
    assert said, "some 408 answers were read"
    assert all(answer.startswith(b"HTTP/1.1 408 Request Timeout") for answer in said)


def pipeline_without_reading(port: int, raw: bytes, patience: float = 3.0) -> socket.socket:
    """A connection that writes as much of `raw` as the server takes, giving up once nothing
    more is taken for `patience` seconds, and never reads; open, for the caller to close."""
    connection = socket.create_connection(("127.0.0.1", port))
    connection.setblocking(False)
    sent, last = 0, time.monotonic()
    while sent < len(raw) and time.monotonic() - last < patience:
        try:
            sent += connection.send(raw[sent : sent + 65536])
            last = time.monotonic()
        except BlockingIOError:
            select.select([], [connection], [], 0.1)
    return connection


@pytest.mark.slow
def test_pipelined_requests_never_read_leave_memory_flat(edge: Edge) -> None:
    """One connection wrote 512 KB of pipelined `GET /healthz` (15,400 requests) and never read
    an answer: uvicorn parsed and queued every one, and 20 such connections took the server
    from 363 to 928 MB for good. It now reads no further than a few requests ahead."""
    one = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    raw = one * ((256 << 10) // len(one))
    httpx.get(f"{edge.url}/healthz")
    before = resident_mb(edge.pid)
    with ThreadPoolExecutor(10) as pool:
        held = list(pool.map(lambda _n: pipeline_without_reading(edge.port, raw), range(10)))
    try:
        assert answers(edge), "a new connection is answered meanwhile"
        most = before
        for _sample in range(12):  # the server parses what it took over a few seconds
            most = max(most, resident_mb(edge.pid))
            time.sleep(0.5)
        grown = most - before
        assert grown < 30, f"{grown:.0f} MB more after 10 connections of 256 KB pipelined"
    finally:
        for connection in held:
            connection.close()
    assert answers(edge)


def test_pipelined_requests_are_all_answered_in_order(edge: Edge) -> None:
    """Held back a few ahead, not dropped: 2,000 requests written at once (each read of them
    fills the queue many times over) get 2,000 answers, in order."""
    ids = [f"pipelined-{n}" for n in range(2_000)]
    raw = b"".join(
        f"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-ID: {name}\r\n\r\n".encode() for name in ids
    )
    raw += request("/healthz")  # the last: Connection: close
    with socket.create_connection(("127.0.0.1", edge.port), timeout=60) as connection:
        writer = threading.Thread(target=connection.sendall, args=(raw,))
        writer.start()
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
        writer.join()
    assert answer.count(b"HTTP/1.1 200 OK\r\n") == len(ids) + 1
    echoed = re.findall(rb"x-request-id: (pipelined-\d+)", answer, re.IGNORECASE)
    assert [name.decode() for name in echoed] == ids


def metric_total(edge: Edge, **labels: str) -> float:
    scraped = httpx.get(f"{edge.url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    return sum(
        value
        for (name, have), value in samples(scraped.text).items()
        if name == "practicegraph_requests_total"
        and all((key, wanted) in have for key, wanted in labels.items())
    )


@pytest.mark.slow
def test_a_client_gone_mid_body_is_a_499_without_a_traceback(edge: Edge) -> None:
    """The client sends part of its query and leaves: it asked for a 100 Continue, which comes
    once the endpoint is reading the body, so it leaves while the endpoint waits for the rest."""
    head = request(
        "/sparql",
        ("Content-Type", "application/sparql-query"),
        ("Content-Length", "5000"),
        ("Expect", "100-continue"),
        ("X-Request-ID", "gone-mid-body-1"),
        method="POST",
    )
    with socket.create_connection(("127.0.0.1", edge.port), timeout=30) as connection:
        connection.sendall(head)
        assert connection.recv(1024).startswith(b"HTTP/1.1 100 Continue")
        connection.sendall(b"ASK { ?s ?p")
    wait_for(lambda: any("gone-mid-body-1" in line for line in edge.lines()), "its log line")
    (line,) = [line for line in edge.lines() if "gone-mid-body-1" in line]
    assert "POST /sparql 499 " in line
    assert "Traceback" not in edge.log.read_text()
    assert metric_total(edge, family="sparql", status="499") >= 1
    assert metric_total(edge, family="sparql", status="500") == 0


TRICK = "/doc/a%0aFORGED%20200%20line%1b[31mred%e2%80%aeX"
"""A path that would write a second log line and a terminal escape, and reorder the text."""
SHOWN = "/doc/a\\nFORGED 200 line\\x1b[31mred\\u202eX"


@pytest.mark.slow
def test_a_plain_log_line_escapes_control_characters(edge: Edge) -> None:
    status, _body = exchange(edge, request(TRICK, ("X-Request-ID", "escaped-plain-1")))
    assert status == 400
    wait_for(lambda: any("escaped-plain-1" in line for line in edge.lines()), "its log line")
    (line,) = [line for line in edge.lines() if "escaped-plain-1" in line]
    assert f"GET {SHOWN} 400 " in line
    assert not any(line.startswith("FORGED") for line in edge.lines())
    assert "\x1b" not in edge.log.read_text()
    assert "\u202e" not in edge.log.read_text()


@pytest.mark.slow
def test_a_json_log_line_escapes_control_characters(json_edge: Edge) -> None:
    status, _body = exchange(json_edge, request(TRICK, ("X-Request-ID", "escaped-json-1")))
    assert status == 400

    def logged() -> list[dict[str, Any]]:
        found = [json.loads(line) for line in json_edge.lines() if line.startswith("{")]
        return [entry for entry in found if entry.get("request_id") == "escaped-json-1"]

    wait_for(logged, "its log line")
    (line,) = logged()
    assert line["path"] == SHOWN, "control characters written out, not merely JSON-escaped"
    assert SHOWN in line["message"]
    assert "\x1b" not in json_edge.log.read_text()
    assert "\u202e" not in json_edge.log.read_text()


@pytest.mark.parametrize("character", ["\u061c", "\u200b", "\u2060", "\ufeff", "\U000e0001"])
def test_every_format_character_is_escaped_in_both_formats(character: str) -> None:
    """U+061C (ARABIC LETTER MARK, %D8%9C in a path) reorders text like U+202E does; every
    Unicode format character (Cf) is written escaped, not only the bidi controls listed by hand."""
    path = f"/doc/a{character}b"
    shown = f"/doc/a{ascii(character)[1:-1]}b"
    record = logging.LogRecord(
        "practicegraph.access", logging.INFO, __file__, 1, "GET %s 404", (path,), None
    )
    plain = logs.PlainFormatter("%(message)s").format(record)
    written = logs.JsonFormatter().format(record)
    assert plain == f"GET {shown} 404"
    assert character not in written
    assert json.loads(written)["message"] == f"GET {shown} 404"


def test_a_traceback_cannot_pass_for_a_record() -> None:
    """An exception's message may hold what a client sent: its lines are escaped and, in the
    plain format, indented under the record, which alone starts a line."""
    forged = "2026-12-07 06:00:00,000 INFO practicegraph.access: GET / 200 FORGED"
    try:
        raise ValueError(f"no such path /doc/a\n{forged}\x1b[31m")
    except ValueError:
        record = logging.LogRecord(
            "practicegraph.access",
            logging.ERROR,
            __file__,
            1,
            "failed %s",
            ("/a\n",),
            sys.exc_info(),
        )
    plain = logs.PlainFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s").format(record)
    first, *rest = plain.splitlines()
    assert first.endswith("failed /a\\n")
    assert rest, "the traceback keeps its lines"
    assert all(line.startswith("    ") for line in rest)
    assert any(line == f"    {forged}\\x1b[31m" for line in rest)
    written = logs.JsonFormatter().format(record)
    assert "\n" not in written
    assert "\x1b" not in written
    assert json.loads(written)["message"] == "failed /a\\n"


def operations(edge: Edge) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """Every operation the served /openapi.json lists: method, path filled in, parameters."""
    document = httpx.get(f"{edge.url}/openapi.json").json()
    found = []
    for template, methods in document["paths"].items():
        for method, operation in methods.items():
            parameters = operation.get("parameters", [])
            path = template
            for parameter in parameters:
                if parameter["in"] == "path":
                    value = parameter.get("example", PLAUSIBLE.get(parameter["name"], "x"))
                    path = path.replace("{" + parameter["name"] + "}", quote(str(value), safe="/"))
            found.append((method.upper(), path, parameters))
    return found


def hostile_requests(method: str, path: str, parameters: list[dict[str, Any]]) -> list[bytes]:
    """Hostile values in each query parameter (and unknown ones), in the path, in the headers
    the app reads, and in a POST's body: each short enough to pass the bounds and reach the app,
    and once more past them."""
    names = [p["name"] for p in parameters if p["in"] == "query"]
    names += ["unknown", "_profile", "_mediatype"]
    body = b"query=" + HOSTILE.encode() if method == "POST" else b""
    headers = (
        ("Accept", "text/turtle;q=1..2, " + HOSTILE),
        ("Accept-Profile", "<x>;q=1..2, <" + HOSTILE + ">"),
        ("Origin", HOSTILE),
        ("X-Request-ID", HOSTILE),
        ("Content-Type", "application/x-www-form-urlencoded"),
    )
    sent = [request(f"{path}?{name}={HOSTILE[:6000]}", method=method) for name in names]
    sent += [
        request(f"{path}?{'&'.join(f'{name}=%00%E2%80%AE<' for name in names)}", method=method),
        request(f"{path.rstrip('/')}/{HOSTILE[:3000]}", method=method),
        request(path, *headers, method=method, body=body),
        request(path, *headers[:-1], method=method, body=body),
        request(f"{path}?{HOSTILE}", method=method),  # past the cap on a request line: 414
    ]
    return sent


@pytest.mark.slow
def test_every_route_inherits_the_bounds(edge: Edge) -> None:
    """Each operation of /openapi.json, as it is served (routes added later included): a head
    too long is 431, a target too long 414, hostile values never a 5xx, never a traceback."""
    walked = operations(edge)
    assert len(walked) > 20, "the OpenAPI document lists the routes"
    for method, path, parameters in walked:
        pad = ("X-Pad", "p" * (70 << 10))
        status, body = exchange(edge, request(path, pad, method=method))
        assert status == 431, (method, path, status)
        assert b"431 Request Header Fields Too Large:" in body
        status, body = exchange(edge, request(f"{path}?q={'a' * (9 << 10)}", method=method))
        assert status == 414, (method, path, status)
        assert method == "HEAD" or b"414 URI Too Long:" in body
        for raw in hostile_requests(method, path, parameters):
            status, _body = exchange(edge, raw)
            assert 200 <= status < 500, (method, path, raw[:120], status)
        assert answers(edge), (method, path)
    assert "Traceback" not in edge.log.read_text()


def test_the_route_walk_fills_every_path_parameter(edge: Edge) -> None:
    assert all("{" not in path for _method, path, _parameters in operations(edge))
