"""What an operator running it in public gets: health and readiness, Prometheus metrics added up
over worker processes, one structured log line per request under its id."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import SERVER_ENV, Server, copy_project, free_port, serve, wait_for

TOKEN = "operator-token-for-tests-0123456789"
PRACTICE = "/doc/praktijk/opvoedingsondersteuning"


@pytest.fixture(scope="module")
def operated(
    server: Server, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The server as an operator runs it: two worker processes, JSON logs, a token."""
    log = tmp_path_factory.mktemp("operated") / "server.log"
    env = {
        **SERVER_ENV,
        "PRACTICEGRAPH_OPERATOR_TOKEN": TOKEN,
        "PRACTICEGRAPH_LOG_FORMAT": "json",
        "PRACTICEGRAPH_SPARQL_WORKERS": "1",
    }
    process, port = serve(server.settings.project_dir, env, log, "--workers", "2")
    yield f"http://127.0.0.1:{port}", log
    process.terminate()
    process.wait(10)


def test_health_and_readiness_say_little_to_the_public(http: httpx.Client) -> None:
    assert http.get("/healthz").json() == {"status": "ok"}
    ready = http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready"}
    assert ready.headers["cache-control"] == "no-store"
    assert http.get("/metrics").status_code == 404, "no token configured: no metrics"


def test_readiness_names_its_parts_to_the_operator(operated: tuple[str, Path]) -> None:
    url, _log = operated
    body = httpx.get(f"{url}/readyz", headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert body["status"] == "ready"
    checks = body["checks"]
    assert checks["build"]["ok"]
    assert checks["build"]["build"]
    assert checks["store"]["ok"]
    assert checks["store"]["ms"] < 1000
    assert checks["workers"] == {"ok": True, "alive": 1, "of": 1}


def test_readiness_fails_naming_the_store_when_it_is_down(server: Server, tmp_path: Path) -> None:
    env = {"PRACTICEGRAPH_STORE": f"http://127.0.0.1:{free_port()}/query"}
    process, port = serve(server.settings.project_dir, env, tmp_path / "server.log")
    try:
        ready = httpx.get(f"http://127.0.0.1:{port}/readyz")
        alive = httpx.get(f"http://127.0.0.1:{port}/healthz")
    finally:
        process.terminate()
        process.wait(10)
    assert ready.status_code == 503
    assert ready.json() == {"status": "not ready", "failing": ["store"]}
    assert alive.status_code == 200


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def total(
    found: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    return sum(
        value
        for (sample, have), value in found.items()
        if sample == name and all((k, v) in have for k, v in labels.items())
    )


def test_metrics_count_real_traffic_over_both_processes(operated: tuple[str, Path]) -> None:
    url, _log = operated
    with httpx.Client(base_url=url) as client:
        for _round in range(20):  # enough that both processes answer some, and the cache hits
            assert client.get(PRACTICE, headers={"Accept": "text/turtle"}).status_code == 200
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
        assert client.get("/sparql", params={"query": "SELEC nonsense"}).status_code == 400
        big = "SELECT * WHERE { ?s ?p ?o }"
        truncated = client.get("/sparql", params={"query": big}, headers={"Accept": "text/csv"})
        assert truncated.headers["x-sparql-results-truncated"]
        assert client.get("/metrics").status_code == 404, "not without the token"
        scraped = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        manifest = client.get("/dumps/", headers={"Accept": "application/json"}).json()
    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain; version=0.0.4")
    found = samples(scraped.text)
    assert total(found, "practicegraph_requests_total", family="resource", status="200") >= 20
    assert total(found, "practicegraph_request_seconds_count", family="resource") >= 20
    for outcome in ("answered", "refused", "truncated"):
        assert total(found, "practicegraph_sparql_queries_total", outcome=outcome) >= 1, outcome
    assert total(found, "practicegraph_sparql_query_seconds_count") >= 3
    assert total(found, "practicegraph_response_cache_total", result="hit") >= 1
    # the first answer of a process is rendered (miss) or read from disk, if another process of
    # any server over this build rendered it before (disk)
    first = total(found, "practicegraph_response_cache_total", result="miss")
    assert first + total(found, "practicegraph_response_cache_total", result="disk") >= 1
    assert total(found, "practicegraph_build_info", build=manifest["build"]) >= 1
    assert total(found, "practicegraph_build_age_seconds") > 0
    assert total(found, "practicegraph_store_triples") > 10_000
    assert ("practicegraph_query_worker_restarts_total", ()) in found


def test_one_json_line_per_request_under_its_id(operated: tuple[str, Path]) -> None:
    url, log = operated
    query = "ASK { ?s ?p ?o }"
    sent = httpx.get(f"{url}/sparql", params={"query": query}, headers={"X-Request-ID": "trace-42"})
    assert sent.headers["x-request-id"] == "trace-42"
    made = httpx.get(f"{url}{PRACTICE}", headers={"X-Request-ID": "bad id with spaces"})
    assert made.headers["x-request-id"] != "bad id with spaces"

    def lines() -> list[dict[str, object]]:
        return [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]

    def logged(rid: str) -> list[dict[str, object]]:  # written once the answer has been sent
        return [entry for entry in lines() if entry.get("request_id") == rid]

    wait_for(lambda: logged("trace-42") and logged(made.headers["x-request-id"]), "log lines")
    (line,) = logged("trace-42")
    assert line["logger"] == "practicegraph.access"
    assert line["method"] == "GET"
    assert line["path"] == "/sparql"
    assert line["status"] == 200
    assert isinstance(line["ms"], int | float)
    assert line["ms"] >= 0
    assert isinstance(line["bytes"], int)
    assert line["bytes"] > 0
    assert line["outcome"] == "answered"
    assert line["query_length"] == len(query)
    assert isinstance(line["query_hash"], str)
    assert len(line["query_hash"]) == 16
    assert "query" not in line, "the query's text only at debug level"
    assert any("serving build" in str(entry["message"]) for entry in lines())


@pytest.mark.parametrize(
    ("trusted", "seen"), [('["127.0.0.1"]', "203.0.113.7"), ("[]", "127.0.0.1")]
)
def test_forwarded_addresses_count_only_from_trusted_proxies(
    server: Server, tmp_path: Path, trusted: str, seen: str
) -> None:
    env = {"PRACTICEGRAPH_TRUSTED_PROXIES": trusted, "PRACTICEGRAPH_LOG_FORMAT": "json"}
    log = tmp_path / "server.log"
    process, port = serve(server.settings.project_dir, env, log)
    try:
        headers = {"X-Forwarded-For": "203.0.113.7", "X-Request-ID": "proxied-1"}
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", headers=headers).status_code == 200
        wait_for(lambda: "proxied-1" in log.read_text(), "the request's log line")
    finally:
        process.terminate()
        process.wait(10)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    (line,) = [entry for entry in lines if entry.get("request_id") == "proxied-1"]
    assert line["client"] == seen


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/doc/praktijk/opvoedingsondersteuning.ttl",
        "/sparql?query=ASK{}",
        "/nothing",
        "/doc/%ff",
        "/healthz",
        "/dumps/",
    ],
)
def test_security_headers_on_every_answer(http: httpx.Client, path: str) -> None:
    headers = http.get(path).headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "strict-transport-security" not in headers, "not over plain http"


def test_hsts_where_the_base_is_https(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    env = {"PRACTICEGRAPH_BASE": "https://data.example.be/"}
    built = subprocess.run(
        [sys.executable, "-m", "practicegraph", "build", "--project-dir", str(project)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    process, port = serve(project, env, tmp_path / "server.log")
    try:
        headers = httpx.get(f"http://127.0.0.1:{port}/").headers
    finally:
        process.terminate()
        process.wait(10)
    assert headers["strict-transport-security"] == "max-age=31536000"


def test_at_debug_level_a_query_line_holds_its_text(server: Server, tmp_path: Path) -> None:
    env = {"PRACTICEGRAPH_LOG_LEVEL": "debug", "PRACTICEGRAPH_LOG_FORMAT": "json"}
    log = tmp_path / "server.log"
    process, port = serve(server.settings.project_dir, env, log)
    query = "ASK { ?s a ?kind }"
    try:
        headers = {"X-Request-ID": "debugged-1"}
        httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": query}, headers=headers)
        wait_for(lambda: "debugged-1" in log.read_text(), "the request's log line")
    finally:
        process.terminate()
        process.wait(10)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    (line,) = [entry for entry in lines if entry.get("request_id") == "debugged-1"]
    assert line["query"] == query
