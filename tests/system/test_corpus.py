"""A saved site of practice pages the importer never saw, imported in one command.

tests/corpus/site/ holds pages written for this test after the real ones: HTML and text, bullet
and prose target groups, several and unknown categories, no footer, a truncated copy, an unknown
section, merged municipality names, a page in a `wget --mirror` tree, and pages that are no
practice (a contact page, an index, an empty file), with style sheets and images mixed in.
Every line of every practice page is looked up in the data the import wrote.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from bs4 import BeautifulSoup
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from tests.conftest import ROOT, SERVER_ENV, cli, serve

CORPUS = ROOT / "tests" / "corpus" / "site"
BASE = "http://localhost:8000/"
PG = BASE + "ns/praktijk#"
SCHEMA = "http://schema.org/"
HEADINGS = {
    "categorie",
    "doelen",
    "doelgroep",
    "beschrijving",
    "succesfactoren",
    "uitdagingen",
    "deze praktijk in",
    "beleidsdomeinen",
}
FOOTER = ("staat jouw praktijk", "deze databank bouwen")
MARKS = ("[…]", "(…)", "…", "...")
"""A copier's mark that the copy stops here: no text of the page."""
LABEL = re.compile(r"^(?:contact|meer\s+info|partners?|website)\s*:?\s*", re.IGNORECASE)
PIECES = re.compile(r":\s|,\s|;\s|\s+en\s+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PAGES = 10
NOT_PAGES = {
    "contact.html": "not a practice page",
    "leeg.txt": "is empty",
    "www.vvsg.be/kennisitem/vvsg/index.html": "not a practice page",
}


Report = dict[str, Any]
"""One page's entry in the import's --report JSON."""


def plain(text: str) -> str:
    return " ".join(text.split()).casefold()


def lines_of(path: Path) -> list[str]:
    """The page's lines as a reader sees them, read without the importer's code."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".html":
        return [line.strip().lstrip("•").strip() for line in text.splitlines()]
    soup = BeautifulSoup(text, "html.parser")
    for hidden in soup.find_all(["head", "nav", "script", "style"]):
        hidden.decompose()
    found = []
    for img in soup.find_all("img"):
        source = img["src"]
        assert isinstance(source, str)  # only attributes such as class hold a list of values
        found.append(Path(source).name)
    blocks = ["p", "li", "h1", "h2", "h3", "figcaption"]
    return found + [tag.get_text(" ") for tag in soup.find_all(blocks)]


def section_of(soup: BeautifulSoup, heading: str) -> str:
    """The text of a page's section, found by its h2 heading."""
    found = soup.find("h2", string=heading)
    assert found is not None, heading
    section = found.find_parent("section")
    assert section is not None, heading
    return section.get_text()


def haystack(project: Path, practice_file: Path) -> str:
    """Every text and address in the practice's file, and the labels of its concepts."""
    graph = Graph().parse(practice_file, format="turtle", publicID=BASE)
    labels = Graph()
    for scheme in (project / "ontology").glob("*.ttl"):
        labels.parse(scheme, format="turtle", publicID=BASE)
    found = []
    for node in graph.objects():
        found.append(str(node).removeprefix("mailto:"))
        if isinstance(node, URIRef):
            found += [str(label) for label in labels.objects(node, SKOS.prefLabel)]
    return plain("\n".join(found))


def missing_lines(page: Path, data: str, cut: list[str]) -> list[str]:
    missing = []
    for raw in lines_of(page):
        line = " ".join(raw.split())
        folded = line.casefold().rstrip(":")
        skipped = folded in HEADINGS or folded.startswith(FOOTER) or line in (*cut, *MARKS)
        if not line or skipped:
            continue
        rest = LABEL.sub("", line, count=1)
        pieces = EMAIL.findall(rest) + PIECES.split(EMAIL.sub(" , ", rest))
        if any(plain(piece) and plain(piece) not in data for piece in pieces):
            missing.append(line)
    return missing


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Report]]:
    project = tmp_path_factory.mktemp("corpus")
    for folder in ("ontology", "shapes", "data"):
        shutil.copytree(ROOT / folder, project / folder)
    result = cli(
        project, "import", str(CORPUS), "--new-concepts", "--report", str(project / "report.json")
    )
    assert result.returncode == 0, result.stderr
    report = json.loads((project / "report.json").read_text(encoding="utf-8"))
    pages = {str(Path(entry["page"]).relative_to(CORPUS)): entry for entry in report["pages"]}
    return project, pages


def test_every_practice_page_imports_and_the_others_are_skipped_with_a_reason(
    imported: tuple[Path, dict[str, Report]],
) -> None:
    _project, pages = imported
    written = [name for name, entry in pages.items() if entry["outcome"] == "written"]
    assert len(written) == PAGES, pages
    for name, reason in NOT_PAGES.items():
        assert pages[name]["outcome"] == "skipped"
        assert reason in " ".join(pages[name]["errors"])
    assert not any(name.startswith("assets/") for name in pages)  # not pages at all


def test_every_line_of_every_page_is_in_the_data(imported: tuple[Path, dict[str, Report]]) -> None:
    project, pages = imported
    for name, entry in pages.items():
        if entry["outcome"] != "written":
            continue
        cut = [
            m.group(1) for w in entry["warnings"] for m in [re.search(r"left out: '(.*)'$", w)] if m
        ]
        data = haystack(project, Path(entry["file"]))
        assert missing_lines(CORPUS / name, data, cut) == [], name


def test_the_only_line_left_out_is_the_one_truncation_cut(
    imported: tuple[Path, dict[str, Report]],
) -> None:
    _project, pages = imported
    named = [w for entry in pages.values() for w in entry["warnings"] if "left out:" in w]
    assert named == [
        "line 27: the copy is cut off and its last line stops mid-sentence; it is left out:"
        " 'Het onthaalbureau biedt avondlessen aan voor wie overdag'"
    ]


def test_the_result_builds_without_hand_edits(imported: tuple[Path, dict[str, Report]]) -> None:
    project, _pages = imported
    result = cli(project, "validate")
    assert result.returncode == 0, result.stderr
    message = " ".join(result.stderr.split())
    assert "To translate: the concept has no English label" in message  # the new concepts


def practice(project: Path, key: str) -> Graph:
    path = project / "data" / "practices" / f"{key}.ttl"
    return Graph().parse(path, format="turtle", publicID=BASE)


def test_titles_keep_their_accents_and_iris_come_from_the_address(
    imported: tuple[Path, dict[str, Report]],
) -> None:
    project, pages = imported
    entry = pages["taalcafes.html"]
    assert (entry["practice"], entry["title"]) == (BASE + "id/praktijk/taalcafes", "Taalcafés")
    graph = practice(project, "taalcafes")
    source = URIRef(BASE + "id/bron/taalcafes")
    assert graph.value(source, URIRef(SCHEMA + "url")) == URIRef(
        "https://www.vvsg.be/kennisitem/vvsg/taalcafes"
    )
    mirrored = pages["www.vvsg.be/kennisitem/vvsg/samen-sporten.html"]
    assert mirrored["title"] == "Samen sporten"  # the HTML title, without the site's name
    graph = practice(project, "samen-sporten")
    assert graph.value(URIRef(BASE + "id/bron/samen-sporten"), URIRef(SCHEMA + "url")) == URIRef(
        "https://www.vvsg.be/kennisitem/vvsg/samen-sporten"
    )
    from_address = pages["onthaalbrochure.txt"]
    assert "made from the page's address, which may lack its accents" in " ".join(
        from_address["warnings"]
    )


def test_a_prose_target_group_is_text_and_no_sentence_becomes_a_concept(
    imported: tuple[Path, dict[str, Report]],
) -> None:
    project, _pages = imported
    graph = practice(project, "buddywerking")
    node = URIRef(BASE + "id/praktijk/buddywerking")
    text = graph.value(node, URIRef(PG + "targetGroupDescription"))
    assert isinstance(text, Literal)
    assert str(text).startswith("Nieuwkomers die net in de gemeente")
    schemes = Graph()
    for scheme in (project / "ontology").glob("*.ttl"):
        schemes.parse(scheme, format="turtle", publicID=BASE)
    for concept in schemes.subjects(SKOS.inScheme, None):
        assert len(str(concept).rsplit("/", 1)[-1]) <= 60, concept
        for label in schemes.objects(concept, SKOS.prefLabel):
            assert len(str(label).split()) <= 8, label


def test_unknown_sections_and_credits_are_kept_and_named(
    imported: tuple[Path, dict[str, Report]],
) -> None:
    project, pages = imported
    warnings = " ".join(pages["resultaten.html"]["warnings"])
    assert "the section 'Resultaten' is not part of the model" in warnings
    graph = practice(project, "ontmoetingsavonden")
    headings = {
        str(t)
        for s in graph.objects(None, URIRef(PG + "section"))
        for t in graph.objects(s, DCTERMS.title)
    }
    assert headings == {"Resultaten", "Deze praktijk in"}
    alone = practice(project, "straathoekwerk")  # a credit but no image
    headings = {
        str(t)
        for s in alone.objects(None, URIRef(PG + "section"))
        for t in alone.objects(s, DCTERMS.title)
    }
    assert headings == {"Fotocredit"}


def test_a_copyright_line_after_the_image_is_its_credit_not_the_summary(
    imported: tuple[Path, dict[str, Report]],
) -> None:
    project, _pages = imported
    graph = practice(project, "buddywerking")
    node = URIRef(BASE + "id/praktijk/buddywerking")
    abstract = graph.value(node, DCTERMS.abstract)
    assert str(abstract) == (
        "Een buddy is een vrijwilliger die een nieuwkomer een tijd begeleidt in zijn nieuwe"
        " gemeente."
    )
    image = graph.value(node, URIRef(SCHEMA + "image"))
    assert str(graph.value(image, URIRef(SCHEMA + "creditText"))) == "© Stad Gent"


def test_a_page_without_footer_keeps_its_last_section(
    imported: tuple[Path, dict[str, Report]],
) -> None:
    project, pages = imported
    graph = practice(project, "onthaalbrochure")
    domains = set(graph.objects(None, URIRef("http://data.europa.eu/m8g/thematicArea")))
    assert domains == {
        URIRef(BASE + "id/concept/beleidsdomein/" + k) for k in ("integratie", "taal")
    }
    assert "the page has no footer, so it may be incomplete" in " ".join(
        pages["onthaalbrochure.txt"]["warnings"]
    )
    assert (None, URIRef(PG + "truncated"), None) not in graph


def test_merged_municipalities_are_reported(imported: tuple[Path, dict[str, Report]]) -> None:
    _project, pages = imported
    warnings = " ".join(pages["fusiegemeenten.txt"]["warnings"])
    assert "Kortessem: merged into Hasselt (71072) on 2025-01-01" in warnings
    assert "Galmaarden: merged into Pajottegem (23106) on 2025-01-01" in warnings


def test_what_is_no_practice_fails_when_named_alone(project: Path, tmp_path: Path) -> None:
    contact = cli(project, "import", str(CORPUS / "contact.html"))
    assert contact.returncode == 1
    assert "not a practice page: none of its sections was found" in " ".join(contact.stderr.split())
    empty = cli(project, "import", str(CORPUS / "leeg.txt"), "--title", "Leeg")
    assert empty.returncode == 1
    assert "is empty: it has no text to import" in " ".join(empty.stderr.split())
    huge = tmp_path / "huge.txt"
    huge.write_text("Doelen\n\n • " + "a" * 6_000_000 + "\n", encoding="utf-8")
    refused = cli(project, "import", str(huge))
    assert refused.returncode == 1
    assert "over the limit of 5,000,000 bytes for a page: refused unread" in " ".join(
        refused.stderr.split()
    )
    assert not list((project / "data" / "sources").glob("huge*"))


def test_a_retitled_page_keeps_its_key_and_iris(project: Path, tmp_path: Path) -> None:
    page = tmp_path / "taalcafes.html"
    page.write_text((CORPUS / "taalcafes.html").read_text(encoding="utf-8"), encoding="utf-8")
    assert cli(project, "import", str(page)).returncode == 0
    text = page.read_text(encoding="utf-8").replace(
        "<h1>Taalcafés</h1>", "<h1>Taalcafés in de bib</h1>"
    )
    page.write_text(text, encoding="utf-8")
    result = cli(project, "import", str(page))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (project / "data" / "practices").glob("taal*")) == [
        "taalcafes.ttl"
    ]
    graph = practice(project, "taalcafes")
    assert (
        str(graph.value(URIRef(BASE + "id/praktijk/taalcafes"), DCTERMS.title))
        == "Taalcafés in de bib"
    )


KILLED_AT_FSYNC = """
import os, signal, sys
real = os.fsync
def fsync(fd):
    real(fd)
    os.kill(os.getpid(), signal.SIGKILL)  # the worst moment: written, not yet renamed
os.fsync = fsync
from practicegraph.cli import app
sys.argv = ["practicegraph", *sys.argv[1:]]
app()
"""


def test_an_import_killed_mid_write_leaves_no_half_file(project: Path, tmp_path: Path) -> None:
    """Killed after writing a page's copy and before any rename: the old files stay whole,
    the next import finishes the job, and nothing half-written is ever read."""
    page = project / "data" / "sources" / "practice-instroommeting.excerpt.txt"
    page.write_text(page.read_text().replace("Stad Leuven", "De stad Leuven"))
    target = project / "data" / "practices" / "instroommeting.ttl"
    before = target.read_bytes()
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    args = ["import", str(page), "--truncated", "--project-dir", str(project)]
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AT_FSYNC, *args], capture_output=True, env=env, check=False
    )
    assert killed.returncode == -9
    assert target.read_bytes() == before
    leftovers = list(target.parent.glob(".*.tmp"))
    assert len(leftovers) == 1
    assert "De stad Leuven" in leftovers[0].read_text()
    assert cli(project, "validate").returncode == 0  # the build never reads it
    result = cli(project, "import", str(page), "--truncated")
    assert result.returncode == 0, result.stderr
    assert "De stad Leuven" in target.read_text()


def test_the_practice_page_shows_the_kept_text_where_the_source_had_it(
    imported: tuple[Path, dict[str, Report]], tmp_path: Path
) -> None:
    project, _pages = imported
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr
    process, port = serve(project, SERVER_ENV, tmp_path / "server.log")
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            page = client.get("/doc/praktijk/ontmoetingsavonden", headers={"Accept": "text/html"})
            assert page.status_code == 200
            soup = BeautifulSoup(page.text, "html.parser")
            headings = [h.get_text() for h in soup.find_all("h2")]
            assert headings.index("Beschrijving") < headings.index("Resultaten")
            assert "Meer dan honderd deelnemers per avond." in section_of(soup, "Resultaten")
            assert page.text.count("Meer dan honderd deelnemers") == 1  # not again in the table
            buddy = client.get("/doc/praktijk/buddywerking", headers={"Accept": "text/html"})
            soup = BeautifulSoup(buddy.text, "html.parser")
            group = section_of(soup, "Doelgroep")
            assert "Nieuwkomers die net in de gemeente wonen" in group
    finally:
        process.terminate()
        process.wait(10)
