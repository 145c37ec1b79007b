"""Two uvicorn worker processes serve one build: both open the same read-only store."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.conftest import Server, free_port, serve


def started(log: Path) -> set[str]:
    return {line for line in log.read_text().splitlines() if "Started server process" in line}


def test_two_workers_share_one_read_only_store(server: Server, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "workers.log"
    process = serve(server.settings.project_dir, port, {}, log, "--workers", "2")
    url = f"http://127.0.0.1:{port}"
    try:

        def fetch(number: int) -> int:
            with httpx.Client(base_url=url, timeout=30) as client:
                if number % 2:
                    return client.get(
                        "/doc/gemeente/71022", headers={"Accept": "text/turtle"}
                    ).status_code
                query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
                return client.get(
                    "/sparql", params=query, headers={"Accept": "text/csv"}
                ).status_code

        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(fetch, range(40)))
        assert statuses == [200] * 40
        deadline = time.monotonic() + 30
        while len(started(log)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(started(log)) == 2, log.read_text()
    finally:
        process.terminate()
        process.wait(15)
