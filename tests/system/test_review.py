"""`practicegraph review` lists each decision that waits for a person, with file, line and the
edit that settles it, and exits 3 while any waits (0 when none)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import cli, rewrite

LEUVEN = '"Stad Leuven monitort alle cijfers rond nieuwkomers."@nl'


def test_review_lists_what_waits_and_settling_it_empties_the_list(project: Path) -> None:
    quiet = cli(project, "review")
    assert quiet.returncode == 0, quiet.stdout
    assert "nothing waits for review" in quiet.stdout

    listed = project / "data" / "personal-data.csv"
    listed.write_text(
        listed.read_text(encoding="utf-8") + "jan.peeters@stad.be,email,proposed,,a name\n",
        encoding="utf-8",
    )
    scheme = project / "ontology" / "categorieen.ttl"
    scheme.write_text(
        scheme.read_text(encoding="utf-8")
        + "\n<id/concept/categorie/buurtwerk> a skos:Concept ;\n"
        + "    skos:inScheme <id/conceptscheme/categorie> ;\n"
        + "    skos:topConceptOf <id/conceptscheme/categorie> ;\n"
        + '    skos:notation "buurtwerk" ;\n    skos:prefLabel "Buurtwerk"@nl .\n',
        encoding="utf-8",
    )
    rewrite(
        project / "data" / "practices" / "instroommeting.ttl",
        LEUVEN,
        '"Stad Leuven monitort alle cijfers rond nieuwkomers; bel 016 27 22 00."@nl',
    )
    assert cli(project, "build").returncode == 0

    waiting = cli(project, "review")
    assert waiting.returncode == 3
    lines = waiting.stdout.splitlines()
    rows = len(listed.read_text(encoding="utf-8").splitlines())
    assert any(
        line.startswith(f"data/personal-data.csv:{rows}  an e-mail address proposed")
        for line in lines
    )
    assert any("ontology/categorieen.ttl:" in line and "'Buurtwerk'" in line for line in lines)
    assert any(
        line.startswith("data/practices/instroommeting.ttl:") and "telephone number" in line
        for line in lines
    )
    assert "016 27 22 00" not in waiting.stdout, "a withheld value is named by place, not value"
    assert "3 decision(s) wait for review" in waiting.stdout

    listed.write_text(
        listed.read_text(encoding="utf-8").replace(",proposed,", ",personal,")
        + "016 27 22 00,telephone,functional,,the city's number\n",
        encoding="utf-8",
    )
    rewrite(scheme, '"Buurtwerk"@nl .', '"Buurtwerk"@nl , "Neighbourhood work"@en .')
    assert cli(project, "build").returncode == 0
    settled = cli(project, "review")
    assert settled.returncode == 0, settled.stdout


def test_a_title_made_from_an_address_waits_until_a_person_settles_it(
    project: Path, tmp_path: Path
) -> None:
    """The address loses accents ("creche" for "Crèche"): the import publishes its words, lists
    them in data/titles.csv, and the reviewed title is the page's from the next import on,
    under the same key."""
    page = tmp_path / "creche-de-kleine-wereld.txt"
    page.write_text(
        "https://www.vvsg.be/kennisitem/vvsg/creche-de-kleine-wereld\n\n"
        "Een crèche voor kinderen van nieuwkomers.\n\nCategorie\n\nOnthaalbeleid\n\n"
        "Deze praktijk in\n\nNinove\n\n • De crèche opende in 2024.\n",
        encoding="utf-8",
    )
    first = cli(project, "import", str(page))
    assert first.returncode == 0, first.stderr
    assert "check it in data/titles.csv" in " ".join(first.stderr.split())
    titles = project / "data" / "titles.csv"
    row = "https://www.vvsg.be/kennisitem/vvsg/creche-de-kleine-wereld,Creche de kleine wereld,"
    assert row + "proposed" in titles.read_text(encoding="utf-8")

    waiting = cli(project, "review")
    assert waiting.returncode == 3
    line = next(x for x in waiting.stdout.splitlines() if x.startswith("data/titles.csv:"))
    assert "'Creche de kleine wereld' is made from the address" in line
    assert cli(project, "import", str(page)).returncode == 0
    assert titles.read_text(encoding="utf-8").count("creche-de-kleine-wereld") == 1

    rewrite(titles, row + "proposed", row.replace("Creche", "Crèche") + "reviewed")
    assert cli(project, "import", str(page)).returncode == 0
    text = (project / "data" / "practices" / "creche-de-kleine-wereld.ttl").read_text("utf-8")
    assert 'dct:title "Crèche de kleine wereld"@nl' in text
    assert "werd bij het nazien vastgelegd" in text
    assert cli(project, "review").returncode == 0


def test_a_malformed_title_list_names_its_line(project: Path) -> None:
    titles = project / "data" / "titles.csv"
    titles.write_text(
        titles.read_text(encoding="utf-8") + "https://example.org/x,X,maybe\n", encoding="utf-8"
    )
    result = cli(project, "review")
    assert result.returncode == 1
    lines = len(titles.read_text(encoding="utf-8").splitlines())
    assert f"data/titles.csv:{lines}" in result.stderr
    assert "status must be one of proposed, reviewed, not 'maybe'" in result.stderr
