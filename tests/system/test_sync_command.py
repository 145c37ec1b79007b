"""`practicegraph sync` end to end against the loopback site of test_harvest: the first round
publishes, an unchanged one makes conditional requests only and publishes nothing new, an outage
withdraws nothing, a page gone twice is withdrawn (410, a delete in the stream, a /wijzigingen
entry), and the exit code says whether decisions wait."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from practicegraph.core import sync_record
from practicegraph.core.settings import BuildSettings
from tests.conftest import ROOT, cli
from tests.http.conftest import in_process
from tests.system.test_harvest import Site, site  # noqa: F401 - the loopback site fixture

GONE = "/kennisitem/vvsg/samen-sporten"


def sync(
    project: Path, start: str, mirror: Path, report: Path, *more: str
) -> tuple[int, dict[str, Any], str]:
    env = {
        **os.environ,
        "PRACTICEGRAPH_HARVEST_CONTACT": "data@example.be",
        "PRACTICEGRAPH_HARVEST_RATE": "1000",
        "PRACTICEGRAPH_HARVEST_MAX_PAGE_KB": "64",
        "NO_COLOR": "1",
        "COLUMNS": "200",
    }
    env.pop("PRACTICEGRAPH_BASE", None)
    done = subprocess.run(
        [sys.executable, "-m", "practicegraph", "sync", start, "--mirror", str(mirror),
         "--report", str(report), *more, "--project-dir", str(project)],
        capture_output=True, text=True, env=env, check=False, timeout=300,
    )  # fmt: skip
    return done.returncode, json.loads(report.read_text(encoding="utf-8")), done.stderr


def test_sync_rounds_publish_follow_the_site_and_never_withdraw_on_an_outage(
    site: tuple[Site, str],  # noqa: F811 - the fixture imported above
    project: Path,
    tmp_path: Path,
) -> None:
    state, url = site
    mirror, report = tmp_path / "mirror", tmp_path / "report.json"
    backups = tmp_path / "backups"
    page = (ROOT / "tests" / "corpus" / "site" / "speelpleinwerking.txt").read_bytes()
    state.edits["/kennisitem/vvsg/speelpleinwerking"] = page.replace(
        b"Toegankelijke dienstverlening", b"Buurtgericht samenwerken"
    )
    code, first, stderr = sync(
        project, f"{url}/sitemap.xml", mirror, report, "--backup-dir", str(backups)
    )
    assert code in (0, 3), stderr
    assert first["build"]
    assert first["failed"] is None
    assert (project / "data" / "practices" / "samen-sporten.ttl").is_file()
    assert list(backups.glob("state-*.tar.gz")), "state/ backed up after the build"
    assert code == 3, "a new category is published at once and waits for its translation"
    scheme = (project / "ontology" / "categorieen.ttl").read_text(encoding="utf-8")
    assert '"Buurtgericht samenwerken"@nl' in scheme
    waiting = cli(project, "review")
    assert "'Buurtgericht samenwerken' has no English label" in waiting.stdout
    assert (code == 0) == (stderr.strip() == ""), "quiet when all is well, a summary otherwise"
    record = sync_record.read(project / "state")
    assert record.last_success is not None
    assert record.waiting == first["waiting"]

    state.asked.clear()
    _code, unchanged, _stderr = sync(project, f"{url}/sitemap.xml", mirror, report)
    harvested = unchanged["harvested"]
    assert harvested["added"] == harvested["updated"] == []
    assert harvested["not_modified"] >= 4
    assert unchanged["imported"].get("written", 0) == unchanged["imported"].get("updated", 0) == 0

    state.down = True
    _code, outage, _stderr = sync(project, f"{url}/sitemap.xml", mirror, report)
    assert outage["imported"].get("withdrawn", 0) == 0
    assert (project / "data" / "practices" / "samen-sporten.ttl").is_file()
    state.down = False

    state.listed.remove(GONE)
    state.redirects.pop(GONE, None)
    _code, once, _stderr = sync(project, f"{url}/sitemap.xml", mirror, report)
    assert once["imported"].get("withdrawn", 0) == 0, "gone once: kept"
    _code, twice, _stderr = sync(project, f"{url}/sitemap.xml", mirror, report)
    assert twice["imported"].get("withdrawn") == 1
    assert not (project / "data" / "practices" / "samen-sporten.ttl").exists()
    token = "operator-token-0123456789"
    with in_process(BuildSettings(project_dir=project), operator_token=token) as client:
        assert client.get("/doc/praktijk/samen-sporten").status_code == 410
        scraped = client.get("/metrics", headers={"Authorization": f"Bearer {token}"}).text
        assert "Ingetrokken: " in client.get("/wijzigingen").text
        stream = client.get("/ldes/practices/page/0", headers={"Accept": "application/n-triples"})
    assert "samen-sporten" in stream.text
    synced = sync_record.read(project / "state")
    values = {
        sample.name: sample.value
        for family in text_string_to_metric_families(scraped)
        for sample in family.samples
    }
    assert values["practicegraph_review_waiting"] == synced.waiting
    assert synced.last_success is not None
    assert values["practicegraph_sync_last_success_timestamp_seconds"] == synced.last_success


def test_the_report_goes_into_a_folder_made_for_it(
    site: tuple[Site, str],  # noqa: F811 - the fixture imported above
    project: Path,
    tmp_path: Path,
) -> None:
    _state, url = site
    report = tmp_path / "reports" / "daily" / "sync.json"
    code, written, stderr = sync(project, f"{url}/sitemap.xml", tmp_path / "mirror", report)
    assert "Traceback" not in stderr
    assert written["code"] == code
    assert code in (0, 3), stderr
    assert [p.name for p in report.parent.iterdir()] == ["sync.json"]  # no temporary left


def test_a_report_that_cannot_be_written_is_refused_before_the_round(
    project: Path, tmp_path: Path
) -> None:
    """Found out only at the end, the round would be done, its report lost, and exit 1 would
    say that nothing was published."""
    (tmp_path / "taken").write_text("a file, not a folder\n", encoding="utf-8")
    (project / ".env").write_text("PRACTICEGRAPH_HARVEST_CONTACT=data@example.be\n", "utf-8")
    mirror = tmp_path / "mirror"
    page = ROOT / "tests" / "corpus" / "site" / "buddywerking.txt"
    for command in ("sync", "harvest", "import"):
        start = str(page) if command == "import" else "http://127.0.0.1:1/sitemap.xml"
        more = [] if command == "import" else ["--mirror", str(mirror)]
        mirror.mkdir(exist_ok=True)
        report = tmp_path / "taken" / "sub" / "report.json"
        result = cli(project, command, start, *more, "--report", str(report))
        said = " ".join(result.stderr.split())
        assert result.returncode == 2, (command, said)
        assert "Invalid value for '--report': cannot make its folder" in said
        assert "Traceback" not in result.stderr
        assert not (project / "dist").exists()
        assert list(mirror.iterdir()) == []
    assert not (project / "data" / "practices" / "buddywerking.ttl").exists()


def test_an_unreachable_site_publishes_nothing_and_is_no_success(
    project: Path, tmp_path: Path
) -> None:
    """No start page read: nothing to import or build, exit 1 with the summary on stderr, and
    the last success (what /metrics alerts on) stays the time of the last round that published."""
    sync_record.write(project / "state", sync_record.SyncRecord(1_000.0, 2, ["a page: why"]))
    start = "http://127.0.0.1:1/sitemap.xml"
    code, report, stderr = sync(project, start, tmp_path / "mirror", tmp_path / "sync.json")
    said = " ".join(stderr.split())
    assert code == 1, said
    assert f"start page {start} could not be read: cannot connect:" in said
    assert "nothing published, the last build still serves: no start page could be read" in said
    assert "Traceback" not in said
    assert report["failed"].startswith("no start page could be read")
    assert (report["harvested"]["complete"], report["harvested"]["reached"]) == (False, False)
    assert report["harvested"]["unread"][start].startswith("cannot connect:")
    assert report["build"] is None
    assert not (project / "dist").exists(), "no build"
    assert sync_record.read(project / "state").last_success == 1_000.0


def test_a_round_that_misses_a_start_page_publishes_and_says_so(
    site: tuple[Site, str],  # noqa: F811 - the fixture imported above
    project: Path,
    tmp_path: Path,
) -> None:
    _state, url = site
    env = {**os.environ, "PRACTICEGRAPH_HARVEST_CONTACT": "data@example.be", "NO_COLOR": "1"}
    env.update({"PRACTICEGRAPH_HARVEST_RATE": "1000", "COLUMNS": "200"})
    env.pop("PRACTICEGRAPH_BASE", None)
    report = tmp_path / "sync.json"
    done = subprocess.run(
        [sys.executable, "-m", "practicegraph", "sync", f"{url}/sitemap.xml",
         f"{url}/geen-sitemap.xml", "--mirror", str(tmp_path / "mirror"), "--report", str(report),
         "--project-dir", str(project)],
        capture_output=True, text=True, env=env, check=False, timeout=300,
    )  # fmt: skip
    said = " ".join(done.stderr.split())
    written = json.loads(report.read_text(encoding="utf-8"))
    assert done.returncode in (0, 3), said
    assert written["build"], "published what it read"
    assert f"start page {url}/geen-sitemap.xml could not be read: answered 404" in said
    assert "no page counts as gone this time" in said
    assert sync_record.read(project / "state").last_success is not None
