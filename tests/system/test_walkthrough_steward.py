"""The data steward's walk of docs/importing.md, run as the page writes it: from a clone after
`make run` (a build, the server running), import a page, settle the review, build, see the
practice served, withdraw another, see it gone. A step the product no longer takes fails here."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from tests.conftest import ROOT, cli, copy_project, serve, wait_for
from tests.system.walkthrough import prepare, walk

pytestmark = pytest.mark.slow  # a real server follows the builds the walk makes

PAGE = ROOT / "docs" / "importing.md"
BASE = "http://localhost:8000/"


OUTCOMES = [
    ("/id/praktijk/buddywerking", 303),
    ("/doc/praktijk/buddywerking", 200),
    ("/id/praktijk/instroommeting", 410),
    ("/doc/praktijk/instroommeting", 410),
]
"""What the walk leaves served: the imported practice, and the withdrawn one gone."""


def settle(client: httpx.Client, path: str, status: int) -> None:
    """Wait until the path answers the status: the server follows a new build within about a
    second of it, at its next request."""
    wait_for(lambda: client.get(path).status_code == status, f"{path} to answer {status}")


def test_the_stewards_walk_of_the_import_guide(tmp_path: Path) -> None:
    project = prepare(copy_project(tmp_path / "project"))
    built = cli(project, "build")
    assert built.returncode == 0, built.stderr
    process, port = serve(project, {}, tmp_path / "server.log")
    url = f"http://127.0.0.1:{port}"
    try:
        steps = walk(PAGE, "steward", project, {"SERVER": url})
        with httpx.Client(base_url=url, timeout=30) as client:
            for path, status in OUTCOMES:
                settle(client, path, status)
            document = client.get("/doc/praktijk/buddywerking", headers={"Accept": "text/turtle"})
    finally:
        process.terminate()
        process.wait(10)

    imported = project / "pages" / "buddywerking.txt"
    assert imported.read_bytes() == (ROOT / "tests/corpus/site/buddywerking.txt").read_bytes()
    assert "2 decision(s) wait for review" in steps[2].stdout, "as step 3 says"
    assert "nothing waits for review" in steps[3].stdout, "as step 4 says"
    report = steps[4].stderr
    assert "praktijk:buddywerking" in report, "the warning step 5 names"
    assert "pgsh:PracticeTargetGroupWanted" in report, "the warning step 5 names"
    assert document.status_code == 200, document.text
    graph = Graph().parse(data=document.text, format="turtle")
    practice = URIRef(f"{BASE}id/praktijk/buddywerking")
    assert Literal("Buddywerking", lang="nl") in set(graph.objects(practice, DCTERMS.title))
    assert "sara.peeters" not in document.text, "marked personal, so kept out"
    assert not (project / "data" / "practices" / "instroommeting.ttl").exists()
