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
        line.startswith(f"data/personal-data.csv:{rows}  a email proposed") for line in lines
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
