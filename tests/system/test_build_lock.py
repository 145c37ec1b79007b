"""One build at a time, and a killed build leaves nothing the next one trips over."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from practicegraph.builder.lock import exclusive
from practicegraph.core.build_folder import BUILDS, CURRENT
from practicegraph.core.settings import BuildSettings
from tests.conftest import cli, copy_project, stays, wait_for


def build_process(project: Path, *options: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "practicegraph", "build", *options, "--project-dir", str(project)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )


def test_a_second_build_waits_for_the_first_or_is_refused(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    dist = BuildSettings(project_dir=project).dist
    with exclusive(dist):  # a build that holds the lock
        refused = cli(project, "build", "--no-wait")
        assert refused.returncode == 1
        assert "another build of this project is running (pid" in " ".join(refused.stderr.split())
        said = tmp_path / "waiting.err"
        with said.open("w", encoding="utf-8") as sink:
            waiting = subprocess.Popen(
                [sys.executable, "-m", "practicegraph", "build", "--project-dir", str(project)],
                stdout=subprocess.DEVNULL,
                stderr=sink,
                env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
            )

        def waits() -> bool:
            return "waiting for another build of this project" in said.read_text(encoding="utf-8")

        wait_for(lambda: waits() or waiting.poll() is not None, "the build to find the lock")
        assert waits(), said.read_text(encoding="utf-8")
        assert stays(lambda: waiting.poll() is None, 1), "it waits while the lock is held"
    assert waiting.wait(timeout=120) == 0, said.read_text(encoding="utf-8")
    assert (dist / CURRENT).resolve().is_dir()


def test_builds_killed_at_any_point_leave_nothing_behind(tmp_path: Path) -> None:
    """Killed while starting, validating, writing the store, writing the dumps: the last good
    build stays current, and the next build removes what the killed one left."""
    project = copy_project(tmp_path / "project")
    settings = BuildSettings(project_dir=project)
    first = cli(project, "build")
    assert first.returncode == 0, first.stderr
    builds = settings.dist / BUILDS

    def partial(*inside: str) -> bool:
        return any((p.joinpath(*inside)).exists() for p in builds.glob(".partial-*"))

    points: dict[str, Callable[[], bool]] = {
        "starting": lambda: True,
        "validating": lambda: "pid" in (settings.dist / ".build.lock").read_text(),
        "writing the store": lambda: partial("store"),
        "writing the dumps": lambda: partial("dumps"),
    }
    edited = project / "data" / "practices" / "opvoedingsondersteuning.ttl"
    left = []
    for number, (point, reached) in enumerate(points.items()):
        text = edited.read_text(encoding="utf-8")
        edited.write_text(
            text.replace('"Opvoedingsondersteuning"@nl', f'"Opvoeding {number}"@nl', 1)
        )
        before = (settings.dist / CURRENT).resolve()
        process = build_process(project, "--full")
        wait_for(lambda: reached() or process.poll() is not None, point, timeout=120)  # noqa: B023
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        assert (settings.dist / CURRENT).resolve() == before, (
            f"killed {point}: the last build serves"
        )
        left += list(builds.glob(".partial-*"))
    assert left, "a build killed while writing leaves its folder"
    final = cli(project, "build")
    assert final.returncode == 0, final.stderr
    assert not list(builds.glob(".partial-*")), "the next build removed them"
    assert not list(settings.dist.glob(f".{CURRENT}.*"))
    history = (settings.state / "ldes" / "practices.jsonl").read_text(encoding="utf-8")
    members = [json.loads(line) for line in history.splitlines()[1:]]
    assert len({m["iri"] for m in members}) == len(members), "no member twice"
    current = (settings.dist / CURRENT).resolve()
    served = "".join(p.read_text(encoding="utf-8") for p in (current / "ldes").rglob("*.nt"))
    assert all(f"<{m['iri']}>" in served for m in members), "every member is served"


@pytest.mark.parametrize("leftover", [".partial-abc", ".partial-xyz"])
def test_the_next_build_removes_a_killed_builds_folder(tmp_path: Path, leftover: str) -> None:
    project = copy_project(tmp_path / "project")
    dist = BuildSettings(project_dir=project).dist
    (dist / BUILDS / leftover / "store").mkdir(parents=True)
    (dist / f".{CURRENT}.12345").symlink_to("nowhere")
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert not (dist / BUILDS / leftover).exists()
    assert not (dist / f".{CURRENT}.12345").is_symlink()
