"""A remote store and the build folder never disagree unseen: the stores to publish to are a
setting, a store names the build it holds, `publish` loads an existing build (after a rollback),
and a server whose store holds another build than the one it serves says so in /readyz (503
naming both, once the publish window has passed) and /metrics."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.conftest import cli, copy_project, serve
from tests.engines import ENGINES

pytestmark = pytest.mark.slow  # a store's server and two of ours in front of it

TOKEN = "a-token-of-sixteen-or-more"
OPERATOR = {"Authorization": f"Bearer {TOKEN}"}
PRACTICE = "/id/praktijk/instroommeting"


def current_build(project: Path) -> str:
    manifest = json.loads((project / "dist" / "current" / "manifest.json").read_text("utf-8"))
    return str(manifest["build"])


def point_current_at(project: Path, build: str) -> None:
    """A rollback as docs/operations.md gives it: dist/current pointed at an older build."""
    dist = project / "dist"
    (dist / ".current.rollback").symlink_to(Path("builds") / build)
    (dist / ".current.rollback").replace(dist / "current")


def until(check: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "not within the time"
        time.sleep(0.2)


def readiness(url: str) -> httpx.Response:
    return httpx.get(f"{url}/readyz", headers=OPERATOR, timeout=10)


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_a_rollback_is_seen_until_the_store_follows(name: str, tmp_path: Path) -> None:
    with ENGINES[name](tmp_path / name) as engine:
        project = copy_project(tmp_path / "project")
        (project / ".env").write_text(
            f"PRACTICEGRAPH_PUBLISH_TO='[\"{engine.graph_store}\"]'\n", encoding="utf-8"
        )
        first = cli(project, "build")
        assert first.returncode == 0, first.stderr
        assert f"to {engine.graph_store}" in first.stderr, "the setting names the store"
        before = current_build(project)
        env = {"PRACTICEGRAPH_STORE": engine.query, "PRACTICEGRAPH_OPERATOR_TOKEN": TOKEN}
        strict, strict_port = serve(
            project, env | {"PRACTICEGRAPH_STORE_LAG": "0"}, tmp_path / "strict.log"
        )
        patient, patient_port = serve(project, env, tmp_path / "patient.log")
        try:
            url, waiting = f"http://127.0.0.1:{strict_port}", f"http://127.0.0.1:{patient_port}"
            ready = readiness(url)
            assert ready.status_code == 200, ready.text
            agreed = ready.json()["checks"]["published"]
            assert (agreed["ok"], agreed["serving"], agreed["store"]) == (True, before, before)

            practice = project / "data" / "practices" / "instroommeting.ttl"
            assert cli(project, "withdraw", str(practice), "--reason", "Stopgezet.").returncode == 0
            assert cli(project, "build").returncode == 0
            after = current_build(project)
            until(lambda: readiness(url).json()["checks"]["published"]["serving"] == after)
            assert readiness(url).status_code == 200
            assert httpx.get(url + PRACTICE).status_code == 410

            point_current_at(project, before)
            until(lambda: readiness(url).json()["checks"]["published"]["serving"] == before)
            disagreeing = readiness(url)
            assert disagreeing.status_code == 503
            assert "published" in disagreeing.json()["failing"]
            problem = disagreeing.json()["checks"]["published"]["problem"]
            assert f"holds build {after} while this server serves {before}" in problem
            until(lambda: readiness(waiting).json()["checks"]["published"]["serving"] == before)
            assert readiness(waiting).status_code == 200, "within the publish window"
            scraped = httpx.get(f"{waiting}/metrics", headers=OPERATOR).text
            assert "practicegraph_store_holds_served_build 0.0" in scraped

            republished = cli(project, "publish")
            assert republished.returncode == 0, republished.stderr
            assert f"of build {before} to {engine.graph_store}" in republished.stderr
            assert readiness(url).status_code == 200
            assert httpx.get(url + PRACTICE, follow_redirects=True).status_code == 200
            scraped = httpx.get(f"{waiting}/metrics", headers=OPERATOR).text
            assert "practicegraph_store_holds_served_build 1.0" in scraped
        finally:
            for process in (strict, patient):
                process.terminate()
                process.wait(10)


def test_publish_needs_a_store_and_a_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    nowhere = cli(project, "publish")
    assert nowhere.returncode == 1
    assert "give --to URL or set PRACTICEGRAPH_PUBLISH_TO" in " ".join(nowhere.stderr.split())
    unbuilt = cli(project, "publish", "--to", "http://127.0.0.1:9/store")
    assert unbuilt.returncode == 1
    assert "no finished build" in unbuilt.stderr
    down = cli(project, "build", "--publish-to", "http://127.0.0.1:9/store")
    missing = cli(project, "publish", "--build", "20000101T000000000000Z", "--to", "http://x/")
    assert f"the builds kept are {current_build(project)}" in " ".join(missing.stderr.split())
    assert down.returncode == 1
    said = " ".join(down.stderr.split())
    assert f"build {current_build(project)} is current and served here, but" in said
    assert "`practicegraph publish` loads it" in said


def test_an_empty_store_is_never_ready(tmp_path: Path) -> None:
    """A store that holds no build yet (a new replica's, before its first publish) would answer
    every document 404: the publish window does not cover it."""
    with ENGINES["oxigraph"](tmp_path / "empty") as engine:
        project = copy_project(tmp_path / "project")
        assert cli(project, "build").returncode == 0
        env = {"PRACTICEGRAPH_STORE": engine.query, "PRACTICEGRAPH_OPERATOR_TOKEN": TOKEN}
        process, port = serve(project, env, tmp_path / "server.log")  # the default window
        try:
            answer = readiness(f"http://127.0.0.1:{port}")
            assert answer.status_code == 503
            assert answer.json()["failing"] == ["published"]
            assert "holds build (none)" in answer.json()["checks"]["published"]["problem"]
        finally:
            process.terminate()
            process.wait(10)
