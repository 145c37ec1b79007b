"""Cool URIs don't change, checked: an IRI that answered in one build answers in the next,
described, withdrawn (410) or moved (301), or the build is refused and the last keeps serving."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from practicegraph.builder.pipeline import build, validate
from practicegraph.core.build_folder import CURRENT
from practicegraph.core.settings import BuildSettings
from tests.conftest import SERVER_ENV, cli, copy_project, serve
from tests.http.conftest import in_process

BASE = "http://localhost:8000/"
PRACTICE = "data/practices/opvoedingsondersteuning.ttl"
OLD = "initiatief/opvoedingsondersteuning-wereldmamas"
NEW = "initiatief/opvoedingsondersteuning-wereldmamas-in-aalst"
HEADER = "from,to,since,reason\n"


def rename_by_hand(project: Path) -> None:
    path = project / PRACTICE
    text = path.read_text(encoding="utf-8")
    key = "initiatief:opvoedingsondersteuning-wereldmamas "
    assert key in text
    path.write_text(text.replace(key, "initiatief:opvoedingsondersteuning-wereldmamas-in-aalst "))


def test_an_iri_that_vanishes_refuses_the_build_until_it_is_redirected(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    settings = BuildSettings(project_dir=project)
    _outcome, first = build(settings)
    assert first is not None
    rename_by_hand(project)
    for reuse in (True, False):  # the incremental build and a full one alike
        vanished = [f for f in validate(settings, reuse).violations if f.shape == "persistent IRIs"]
        assert [f.focus for f in vanished] == [f"<{BASE}id/{OLD}>"]
        assert vanished[0].file == PRACTICE
        assert "would answer 404" in vanished[0].message
        assert "data/redirects.csv" in vanished[0].message
    refused = cli(project, "build")
    assert refused.returncode == 1
    assert f"{BASE}id/{OLD} answered in build" in " ".join(refused.stderr.split())
    assert (project / "dist" / CURRENT).resolve() == first  # the last good build serves on

    (project / "data" / "redirects.csv").write_text(
        HEADER + f"id/{OLD},id/{NEW},2026-12-01,retitled\n", encoding="utf-8"
    )
    _outcome, second = build(settings)
    assert second is not None
    process, port = serve(project, SERVER_ENV, tmp_path / "server.log")
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            moved = client.get(f"/id/{OLD}")
            assert moved.status_code == 301
            assert moved.headers["location"] == f"/id/{NEW}"
            document = client.get(f"/doc/{OLD}.ttl?page=1")
            assert document.status_code == 301
            assert document.headers["location"] == f"/doc/{NEW}.ttl?page=1"
            followed = client.get(
                f"/doc/{OLD}", headers={"Accept": "text/turtle"}, follow_redirects=True
            )
            assert followed.status_code == 200
            assert str(followed.url).endswith(f"/doc/{NEW}")
            ask = f"ASK {{ <{BASE}id/{OLD}> <http://purl.org/dc/terms/isReplacedBy> <{BASE}id/{NEW}> }}"
            answer = client.get(
                "/sparql",
                params={"query": ask},
                headers={"Accept": "application/sparql-results+json"},
            )
            assert answer.json()["boolean"] is True
    finally:
        process.terminate()
        process.wait(10)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (f"id/{OLD},id/initiatief/nergens,2026-12-01,x\n", "which this build does not describe"),
        (f"id/praktijk/instroommeting,id/{OLD},2026-12-01,x\n", "redirected and described as well"),
        (
            "id/initiatief/a,id/initiatief/b,2026-12-01,x\nid/initiatief/b,id/initiatief/a,2026-12-01,x\n",
            "redirected in a circle",
        ),
    ],
    ids=["to-nothing", "still-described", "circle"],
)
def test_the_redirect_list_is_checked_with_its_line(
    tmp_path: Path, rows: str, message: str
) -> None:
    project = copy_project(tmp_path / "project")
    (project / "data" / "redirects.csv").write_text("# why\n" + HEADER + rows, encoding="utf-8")
    found = validate(BuildSettings(project_dir=project)).violations
    assert found, "the build should be refused"
    assert all(f.file == "data/redirects.csv" for f in found)
    assert any(message in f.message and f.line == 3 for f in found), found


def test_a_malformed_redirect_list_names_its_file_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "data" / "redirects.csv").write_text(HEADER + "id/initiatief/a\n", encoding="utf-8")
    result = cli(project, "build")
    assert result.returncode == 1
    assert "data/redirects.csv:2" in result.stderr
    assert "expected 4 columns" in result.stderr


def test_the_import_redirects_an_initiative_retitled_on_its_page(tmp_path: Path) -> None:
    """The import changes the key of an initiative whose title changed: it writes the redirect,
    not a tombstone, and the next build passes the check."""
    project = copy_project(tmp_path / "project")
    settings = BuildSettings(project_dir=project)
    _outcome, first = build(settings)
    assert first is not None
    page = project / "data" / "sources" / "practice-opvoedingsondersteuning.txt"
    text = page.read_text(encoding="utf-8")
    assert "\nWereldmama's: " in text
    page.write_text(text.replace("\nWereldmama's: ", "\nWereldmama's in Aalst: "), encoding="utf-8")
    result = cli(project, "import", str(page), "--title", "Opvoedingsondersteuning", "--force")
    assert result.returncode == 0, result.stderr
    assert "redirected (301)" in " ".join(result.stderr.split())
    rows = (project / "data" / "redirects.csv").read_text(encoding="utf-8")
    assert f"id/{OLD},id/{NEW}," in rows
    assert "wereldmamas" not in (project / "data" / "withdrawn.ttl").read_text(encoding="utf-8")
    _outcome, second = build(settings)
    assert second is not None
    assert second != first

    page.write_text(text, encoding="utf-8")  # retitled back: the old IRI is described again
    result = cli(project, "import", str(page), "--title", "Opvoedingsondersteuning", "--force")
    assert result.returncode == 0, result.stderr
    rows = (project / "data" / "redirects.csv").read_text(encoding="utf-8")
    assert f"id/{NEW},id/{OLD}," in rows
    assert f"id/{OLD},id/" not in rows
    outcome, third = build(settings)
    assert third is not None, [f.message for f in outcome.violations]


def test_a_deleted_practice_file_is_refused_and_withdraw_makes_it_410(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    settings = BuildSettings(project_dir=project)
    _outcome, first = build(settings)
    assert first is not None
    practice = project / "data" / "practices" / "instroommeting.ttl"
    kept = practice.read_bytes()
    practice.unlink()
    vanished = {f.focus for f in validate(settings).violations}
    assert f"<{BASE}id/praktijk/instroommeting>" in vanished
    assert f"<{BASE}id/initiatief/instroommeting-leuven>" in vanished
    practice.write_bytes(kept)

    result = cli(project, "withdraw", str(practice), "--reason", "Niet meer in de databank.")
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stderr.split())
    assert "answer 410 Gone once you build" in said, "not before the build"
    assert not practice.exists()
    copy = project / "data" / "sources" / "practice-instroommeting.excerpt.txt"
    assert not copy.exists(), "the page copy goes with it, as --sync removes it"
    tombstones = (project / "data" / "withdrawn.ttl").read_text(encoding="utf-8")
    assert "praktijk:instroommeting a as:Tombstone" in tombstones
    assert '"Niet meer in de databank."@nl' in tombstones
    assert '"Niet meer in de databank."@en' not in tombstones, "no English text was given"
    _outcome, second = build(settings)
    assert second is not None
    with in_process(settings) as client:
        for path in ("/id/praktijk/instroommeting", "/doc/praktijk/instroommeting"):
            assert client.get(path).status_code == 410, path
            turtle = client.get(path, headers={"Accept": "text/turtle"})
            assert turtle.status_code == 410, path
