"""A practice withdrawn: /wijzigingen and its feed say so after the build that did it, newest
first."""

from __future__ import annotations

from pathlib import Path

import feedparser

from practicegraph.builder.pipeline import build
from practicegraph.core.settings import BuildSettings
from tests.conftest import cli
from tests.http.conftest import in_process


def test_a_withdrawal_is_listed_and_fed_after_its_build(project: Path) -> None:
    settings = BuildSettings(project_dir=project)
    _outcome, first = build(settings)
    assert first is not None
    practice = project / "data" / "practices" / "instroommeting.ttl"
    withdrawn = cli(project, "withdraw", str(practice), "--reason", "Dubbel.")
    assert withdrawn.returncode == 0, withdrawn.stderr
    outcome, second = build(settings)
    assert second is not None, [f.message for f in outcome.violations]
    with in_process(settings) as client:
        page = client.get("/wijzigingen").text
        parsed = feedparser.parse(client.get("/wijzigingen.atom").content)
    assert "Ingetrokken: Instroommeting" in page
    assert not parsed.bozo
    newest = parsed.entries[0]
    assert newest.title == "Ingetrokken: Instroommeting"
    assert newest.link == "http://localhost:8000/doc/praktijk/instroommeting"
    assert len(parsed.entries) == 4, "three added, then one withdrawn"
