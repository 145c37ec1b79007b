"""The operator's walk: docs/production.md's marked blocks, run as written and in order, from a
project that `make run` left with a development build and history, to a server on its
production base answering its operator, with a backup restored."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, cli, copy_project, serve
from tests.system.walkthrough import blocks, prepare, run

pytestmark = pytest.mark.slow  # builds twice and serves

PAGE = ROOT / "docs" / "production.md"


def test_the_operator_walks_docs_production_from_make_run_to_public(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    prepare(project)
    assert cli(project, "build").returncode == 0  # what `make run` leaves: a localhost history
    settings, history, serving, backing_up = blocks(PAGE, "operator")

    run(settings, project, {})
    refused = cli(project, "build")
    assert refused.returncode == 1, "the development history is not carried over"
    said = " ".join(refused.stderr.split())
    assert "a stream never changes base" in said
    assert f"mv {project / 'state'} {project / 'state'}.old" in said

    moved = run(history, project, {})
    assert "build written to" in moved.stderr
    assert list(project.glob("state.localhost-*")), "the development state is kept aside"
    assert (project / "state" / "ldes").is_dir(), "a new stream, for the production base"

    process, port = serve(project, {}, tmp_path / "server.log")
    try:
        url = f"http://127.0.0.1:{port}/praktijken"
        answered = run(serving, project, {"SERVER": url})
        assert '"status":"ready"' in answered.stdout.replace(" ", "")
        assert "practicegraph_build_info{build=" in answered.stdout
        practice = httpx.get(f"{url}/id/praktijk/opvoedingsondersteuning")
        assert practice.status_code == 303
        assert practice.headers["location"].endswith(
            "/praktijken/doc/praktijk/opvoedingsondersteuning"
        )
        assert (
            httpx.get(f"{url}/metrics", headers={"Authorization": "Bearer wrong"}).status_code
            == 401
        )
    finally:
        process.terminate()
        process.wait(10)

    backups = tmp_path / "backups"
    run(backing_up, project, {"BACKUPS": str(backups)})
    assert [p.name.startswith("state-") for p in backups.iterdir()] == [True]
