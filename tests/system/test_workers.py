"""Two uvicorn worker processes serve one build: both open the same read-only store."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.conftest import Server, serve, wait_for

pytestmark = pytest.mark.slow  # a second real server with two uvicorn workers


def started(log: Path) -> set[str]:
    return {line for line in log.read_text().splitlines() if "Started server process" in line}


def test_two_workers_share_one_read_only_store(server: Server, tmp_path: Path) -> None:
    log = tmp_path / "workers.log"
    # eight clients at once from one address: past the default fair-use bound of 2
    fair = {"PRACTICEGRAPH_SPARQL_CLIENT_LIMIT": "8"}
    process, port = serve(server.settings.project_dir, fair, log, "--workers", "2")
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
        wait_for(lambda: len(started(log)) == 2, "both workers' start-up lines")
    finally:
        process.terminate()
        process.wait(15)
