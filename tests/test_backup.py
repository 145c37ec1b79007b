"""state/ backed up and restored: the event stream goes on where it stopped, no member twice
and none lost, as if the state had never been lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from practicegraph.layout import CURRENT
from practicegraph.settings import BuildSettings
from tests.conftest import cli, copy_project, rewrite

PRACTICE = "data/practices/instroommeting.ttl"


def edit(project: Path, old: str, new: str) -> None:
    rewrite(project / PRACTICE, old, new)


def history(settings: BuildSettings) -> list[dict[str, str]]:
    lines = (settings.state / "ldes" / "practices.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[1:]]


def served(settings: BuildSettings) -> str:
    current = (settings.dist / CURRENT).resolve()
    return "".join(p.read_text(encoding="utf-8") for p in (current / "ldes").rglob("*.nt"))


def build(project: Path) -> None:
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr


def test_a_restored_state_continues_the_stream_where_it_stopped(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    settings = BuildSettings(project_dir=project)
    build(project)
    edit(project, '"Stad Leuven monitort', '"De stad Leuven monitort')
    build(project)
    archive = tmp_path / "backups" / "state.tar.gz"
    made = cli(project, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    before = history(settings)
    assert f"{len(before)} members" in made.stderr

    shutil.rmtree(settings.state)  # the disk with state/ is lost
    restored = cli(project, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert history(settings) == before
    edit(project, '"De stad Leuven monitort', '"Leuven monitort')
    build(project)
    after = history(settings)
    assert after[: len(before)] == before, "the stream goes on from where it stopped"
    (new,) = after[len(before) :]
    assert new["entity"].endswith("/initiatief/instroommeting-leuven")
    assert len({m["iri"] for m in after}) == len(after), "no member twice"
    assert all(f"<{m['iri']}>" in served(settings) for m in after), "none lost"


def test_a_backup_older_than_the_stream_served_is_refused(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    build(project)
    archive = tmp_path / "old.tar.gz"
    assert cli(project, "backup", str(archive)).returncode == 0
    edit(project, '"Stad Leuven monitort', '"De stad Leuven monitort')
    build(project)
    refused = cli(project, "restore", str(archive))
    assert refused.returncode == 1
    assert "published since would be lost" in " ".join(refused.stderr.split())
    forced = cli(project, "restore", str(archive), "--force")
    assert forced.returncode == 0, forced.stderr
    wrong_base = cli(project, "restore", str(archive), "--base", "https://data.example.be/")
    assert wrong_base.returncode == 1
    assert "the backup is for base http://localhost:8000/" in wrong_base.stderr
