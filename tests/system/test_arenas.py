"""Every serving process allocates from two glibc malloc arenas (`fewer_arenas`): the server
that serves alone and the query workers it starts; the threads that render documents at once
would otherwise each get an arena of their own, and leave free memory behind in each."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from practicegraph.cli.serving import ARENAS
from tests.conftest import Server

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="glibc and /proc")

HEAP = 64 << 20
"""glibc's HEAP_MAX_SIZE on 64-bit: each arena but the main one is a heap mapped at an address
aligned to it."""


def arenas_besides_main(pid: int) -> int:
    """The process's arena heaps: anonymous read-write mappings aligned to a heap's size."""
    starts = set()
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        fields = line.split()
        start = int(fields[0].split("-")[0], 16)
        if len(fields) == 5 and fields[1] == "rw-p" and start % HEAP == 0:
            starts.add(start)
    return len(starts)


def children(pid: int) -> list[int]:
    return [
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]


def test_the_server_renders_from_two_arenas_with_many_threads(server: Server) -> None:
    def render(number: int) -> int:
        # a conditional request passes the response cache: each one is rendered, in a thread
        headers = {"Accept": "text/html", "If-None-Match": f'"{number}"'}
        return httpx.get(f"{server.url}/doc/gemeente/71022", headers=headers).status_code

    with ThreadPoolExecutor(16) as pool:
        assert set(pool.map(render, range(160))) == {200}
    assert arenas_besides_main(server.process.pid) <= int(ARENAS) - 1


def test_query_workers_start_with_the_arena_bound(server: Server) -> None:
    workers = [
        pid
        for pid in children(server.process.pid)
        if b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]
    assert workers
    for pid in workers:
        environment = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        assert f"MALLOC_ARENA_MAX={ARENAS}".encode() in environment
