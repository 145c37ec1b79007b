"""`import DIR --sync` keeps the data in step with a newer copy of the site, and what left it
answers 410 Gone, through the real CLI, the real build and the real server."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import httpx
from rdflib import Graph, URIRef

from practicegraph.builder.pipeline import build
from practicegraph.core.settings import BuildSettings
from tests.conftest import ROOT, SERVER_ENV, cli, copy_project, serve, wait_for

CORPUS = ROOT / "tests" / "corpus" / "site"
BASE = "http://localhost:8000/"
AS = "https://www.w3.org/ns/activitystreams#"
TAALCAFES = "taalcafes.html"


def report(path: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return found


def by_title(document: dict[str, Any]) -> dict[str, str]:
    return {p["title"]: p["outcome"] for p in document["pages"] if p["title"]}


def newer_site(tmp_path: Path) -> Path:
    """The site a month later: a page gone, one gone that was edited here, one changed (its
    first initiative's places too), one new."""
    site = tmp_path / "site-later"
    shutil.copytree(CORPUS, site)
    (site / TAALCAFES).unlink()
    (site / "resultaten.html").unlink()
    changed = site / "fusiegemeenten.txt"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("Kortessem, Borgloon en Hoeselt", "Borgloon en Hoeselt"))
    new = site / "samen-koken.txt"
    text = (site / "onthaalbrochure.txt").read_text(encoding="utf-8")
    new.write_text(
        text.replace("onthaalbrochure", "samen-koken").replace("Dilbeek maakte", "Dilbeek kookt"),
        encoding="utf-8",
    )
    return site


def ids(project: Path) -> list[str]:
    """Every practice, initiative and source page the data describes, as /doc/ paths."""
    found = []
    for path in (project / "data" / "practices").glob("*.ttl"):
        graph = Graph().parse(path, format="turtle", publicID=BASE)
        found += [str(s) for s in graph.subjects() if isinstance(s, URIRef)]
    return sorted({iri.replace(BASE + "id/", "/doc/") for iri in found if "/id/" in iri})


def build_id(client: httpx.Client) -> str:
    found: str = client.get("/dumps/", headers={"Accept": "application/json"}).json()["build"]
    return found


def test_a_newer_copy_of_the_site_syncs_and_nothing_that_resolved_answers_404(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "project")
    for path in (project / "data" / "practices").glob("*.ttl"):
        if path.stem != "opvoedingsondersteuning":  # not of the site: its page has no address
            path.unlink()
    first = cli(project, "import", str(CORPUS), "--new-concepts")
    assert first.returncode == 0, first.stderr
    settings = BuildSettings(project_dir=project)
    _outcome, folder = build(settings)
    assert folder is not None
    before = ids(project)
    edited = project / "data" / "practices" / "ontmoetingsavonden.ttl"
    edited.write_text(edited.read_text(encoding="utf-8") + "# reviewed by hand\n")

    site = newer_site(tmp_path)
    out = tmp_path / "sync.json"
    synced = cli(project, "import", str(site), "--sync", "--report", str(out))
    assert synced.returncode == 1  # the conflict
    outcomes = by_title(report(out))
    assert outcomes["Taalcafés"] == "withdrawn"
    assert outcomes["Ontmoetingsavonden"] == "refused"
    assert outcomes["Gedeelde onthaaldienst"] == "updated"
    assert outcomes["Samen koken"] == "written"
    assert outcomes["Buddywerking"] == "unchanged"
    assert "Opvoedingsondersteuning" not in outcomes  # hand-modelled, no address: not the site's
    assert "was edited since its import: --force withdraws it" in " ".join(synced.stderr.split())
    assert edited.exists()
    assert not (project / "data" / "practices" / "taalcafes.ttl").exists()
    assert not (project / "data" / "sources" / "taalcafes.html").exists()

    forced = cli(project, "import", str(site), "--sync", "--force", "--report", str(out))
    assert forced.returncode == 0, forced.stderr
    assert by_title(report(out))["Ontmoetingsavonden"] == "withdrawn"

    log = tmp_path / "server.log"
    process, port = serve(project, SERVER_ENV, log)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            second = build(settings)[1]
            assert second is not None
            wait_for(lambda: build_id(client) == second.name, "the synced build to be served")
            statuses = {path: client.get(path).status_code for path in before}
            assert set(statuses.values()) <= {200, 410}
            gone = sorted(path for path, status in statuses.items() if status == 410)
            assert "/doc/praktijk/taalcafes" in gone
            assert "/doc/initiatief/gedeelde-onthaaldienst-kortessem-borgloon-en-hoeselt" in gone
            assert all(
                "taalcafes" in p or "ontmoetingsavonden" in p or "kortessem" in p for p in gone
            )
            page = client.get("/doc/praktijk/taalcafes", headers={"Accept": "text/html"})
            assert page.status_code == 410
            assert "<h1>Taalcafés</h1>" in page.text
            assert "staat niet meer op de site" in page.text
            turtle = client.get("/doc/praktijk/taalcafes.ttl")
            assert turtle.status_code == 410
            graph = Graph().parse(data=turtle.text, format="turtle")
            node = URIRef(BASE + "id/praktijk/taalcafes")
            assert (node, URIRef(AS + "formerType"), URIRef(BASE + "ns/praktijk#Practice")) in graph
            assert client.get("/doc/praktijk/samen-koken").status_code == 200
    finally:
        process.terminate()
        process.wait(10)
    members = (second / "ldes").glob("*.nt")
    deletes = [
        line
        for path in members
        for line in path.read_text(encoding="utf-8").splitlines()
        if "id/praktijk/taalcafes/version/" in line and "activitystreams#Delete" in line
    ]
    assert len(deletes) == 1  # the event stream publishes the deletion


def test_a_page_that_comes_back_loses_its_tombstone(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(CORPUS / TAALCAFES, site / TAALCAFES)
    shutil.copy(CORPUS / "onthaalbrochure.txt", site / "onthaalbrochure.txt")
    assert cli(project, "import", str(site)).returncode == 0
    (site / TAALCAFES).unlink()
    assert cli(project, "import", str(site), "--sync").returncode == 0
    withdrawn = project / "data" / "withdrawn.ttl"
    assert "praktijk:taalcafes a as:Tombstone" in withdrawn.read_text(encoding="utf-8")
    assert cli(project, "validate").returncode == 0
    shutil.copy(CORPUS / TAALCAFES, site / TAALCAFES)
    back = cli(project, "import", str(site), "--sync")
    assert back.returncode == 0, back.stderr
    assert "was withdrawn and is back" in " ".join(back.stderr.split())
    assert "taalcafes" not in withdrawn.read_text(encoding="utf-8")
    assert cli(project, "validate").returncode == 0


def test_a_tombstone_of_something_still_described_fails_the_build(project: Path) -> None:
    (project / "data" / "withdrawn.ttl").write_text(
        "@prefix as: <https://www.w3.org/ns/activitystreams#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<id/praktijk/instroommeting> a as:Tombstone ; as:formerType <ns/praktijk#Practice> ;\n"
        '    as:deleted "2026-01-01T00:00:00Z"^^xsd:dateTime ; as:summary "Weg."@nl .\n',
        encoding="utf-8",
    )
    result = cli(project, "validate")
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert "data/practices/instroommeting.ttl Violation line 23 praktijk:instroommeting" in message
    assert (
        "was withdrawn (as:Tombstone in data/withdrawn.ttl) and is described here again" in message
    )


def test_sync_takes_folders_only(project: Path) -> None:
    result = cli(project, "import", str(CORPUS / TAALCAFES), "--sync")
    assert result.returncode == 2
    assert "--sync compares a whole saved site: give folders only" in " ".join(
        result.stderr.split()
    )
