"""A shape switched off with `sh:deactivated true` is named as a warning in every build: file,
line and shape, in full builds and in the incremental builds that follow them."""

from __future__ import annotations

import json
from pathlib import Path

from practicegraph.builder.pipeline import build
from practicegraph.core.build_folder import MANIFEST
from practicegraph.core.settings import BuildSettings
from tests.conftest import cli, rewrite

SHAPES = "shapes/practices.ttl"


def switch_off(project: Path) -> int:
    """Append the line an attacker would; its line number."""
    path = project / SHAPES
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "pgsh:InitiativeShape sh:deactivated true .\n", encoding="utf-8")
    return len(text.splitlines()) + 1


def deactivated(findings: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [
        (f["severity"], f["file"], f["line"], f["shape"])
        for f in findings
        if f["constraint"] == "sh:deactivated"
    ]


def test_a_deactivated_shape_is_a_warning_with_file_line_and_shape(project: Path) -> None:
    line = switch_off(project)
    checked = cli(project, "validate", "--format", "json")
    assert checked.returncode == 0, checked.stdout
    (warning,) = [f for f in json.loads(checked.stdout)["findings"] if f["file"] == SHAPES]
    assert deactivated([warning]) == [("Warning", SHAPES, line, "pgsh:InitiativeShape")]
    assert "switched off (sh:deactivated true)" in warning["message"]
    built = cli(project, "build")
    assert built.returncode == 0, built.stderr
    text = " ".join(built.stderr.split())
    assert f"{SHAPES} Warning line {line} pgsh:InitiativeShape" in text


def test_an_incremental_build_still_names_it(project: Path) -> None:
    line = switch_off(project)
    settings = BuildSettings(project_dir=project)
    first, folder = build(settings)
    assert folder is not None
    assert first.plan is not None
    assert not first.plan.incremental
    expected = [("Warning", SHAPES, line, "pgsh:InitiativeShape")]
    assert deactivated([f.as_json() for f in first.findings]) == expected
    rewrite(
        project / "data/practices/instroommeting.ttl",
        '"Stad Leuven monitort',
        '"De stad Leuven monitort',
    )
    again, folder = build(settings)
    assert folder is not None
    assert again.plan is not None
    assert again.plan.incremental
    assert deactivated([f.as_json() for f in again.findings]) == expected
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert deactivated(manifest["warnings"]) == expected
