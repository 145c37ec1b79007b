"""A running server follows dist/current: a new build is served without a restart, a refused
build changes nothing, and requests during the swap are answered."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest

from practicegraph.builder.pipeline import build
from practicegraph.core.build_folder import BUILDS, CURRENT
from practicegraph.core.settings import BuildSettings
from tests.conftest import SERVER_ENV, rewrite, serve, wait_for

pytestmark = pytest.mark.slow  # a real server follows three builds

PRACTICE = "/doc/praktijk/opvoedingsondersteuning.nt"
FILE = "data/practices/opvoedingsondersteuning.ttl"


def edit(project: Path, old: str, new: str) -> None:
    rewrite(project / FILE, old, new)


def build_id(client: httpx.Client) -> str:
    listing = client.get("/dumps/", headers={"Accept": "application/json"})
    assert listing.status_code == 200
    found: str = listing.json()["build"]
    return found


def test_a_new_build_is_served_without_a_restart(project: Path, tmp_path: Path) -> None:
    settings = BuildSettings(project_dir=project)
    _outcome, first = build(settings)
    assert first is not None
    process, port = serve(project, SERVER_ENV, tmp_path / "server.log")
    statuses: list[int] = []
    stop = threading.Event()

    def keep_asking() -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as asker:
            while not stop.is_set():
                statuses.append(asker.get(PRACTICE).status_code)

    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            assert build_id(client) == first.name
            assert "Herziene opvoedingsondersteuning" not in client.get(PRACTICE).text
            asking = threading.Thread(target=keep_asking)
            asking.start()

            edit(
                project,
                'dct:title "Opvoedingsondersteuning',
                'dct:title "Herziene opvoedingsondersteuning',
            )
            _outcome, second = build(settings)
            assert second is not None
            wait_for(lambda: build_id(client) == second.name, "the new build to be served")
            assert "Herziene opvoedingsondersteuning" in client.get(PRACTICE).text

            edit(project, "dct:title", "dct:titel")  # not in the model: refused
            outcome, refused = build(settings)
            assert refused is None
            assert outcome.violations
            assert (settings.dist / CURRENT).resolve() == second  # what the server follows
            assert sorted((settings.dist / BUILDS).iterdir()) == sorted([first, second])
            assert build_id(client) == second.name
            stop.set()
            asking.join()
        assert process.poll() is None, "the same server process"
        assert statuses
        assert set(statuses) == {200}, "every request during the swap was answered"
    finally:
        stop.set()
        process.terminate()
        process.wait(10)


def test_a_current_build_that_cannot_be_opened_is_logged_and_the_last_keeps_serving(
    project: Path, tmp_path: Path
) -> None:
    _outcome, first = build(BuildSettings(project_dir=project))
    assert first is not None
    log = tmp_path / "server.log"
    process, port = serve(project, SERVER_ENV, log)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            assert build_id(client) == first.name
            # a good build, but for another base: this server cannot serve it
            other = BuildSettings(
                project_dir=project, base="https://elders.example/", state_dir=tmp_path / "s"
            )
            _outcome, foreign = build(other)
            assert foreign is not None
            assert (project / "dist" / CURRENT).resolve() == foreign

            def refused() -> bool:
                client.get("/")  # the server looks at dist/current before a request
                return f"cannot serve {foreign}" in log.read_text()

            wait_for(refused, "the server to report the build it cannot open")
            assert build_id(client) == first.name
            assert client.get(PRACTICE).status_code == 200
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(10)
