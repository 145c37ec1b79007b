"""`practicegraph import` on the real source pages, through the real CLI, and on broken pages."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS

from practicegraph.builder.pipeline import validate
from practicegraph.core.settings import BuildSettings
from tests.conftest import PRACTICES, ROOT, beyond_the_repository, cli, literal

BASE = "http://localhost:8000/"
SCHEMA = "http://schema.org/"
SOURCES = "data/sources"
SEED = "data/practices/opvoedingsondersteuning.ttl"
EXCERPTS = {
    "practice-instroommeting.excerpt.txt": "data/practices/instroommeting.ttl",
    "practice-overlegplatformen-en-netwerken.excerpt.txt": (
        "data/practices/overlegplatformen-en-netwerken.ttl"
    ),
}
EXCERPT_WITHOUT_PLACES = "practice-overlegplatformen-en-netwerken.excerpt.txt"
"""Cut off before "Deze praktijk in": it names no municipality."""


def parse(path: Path) -> Graph:
    return Graph().parse(data=path.read_text(encoding="utf-8"), format="turtle", publicID=BASE)


def without_practices(project: Path) -> Path:
    for path in (project / "data" / "practices").glob("*.ttl"):
        path.unlink()
    return project


def test_the_excerpt_pages_import_to_the_files_in_the_repository(project: Path) -> None:
    without_practices(project)
    pages = [str(project / SOURCES / name) for name in EXCERPTS]
    result = cli(project, "import", *pages, "--truncated")
    assert result.returncode == 0, result.stderr
    for target in EXCERPTS.values():
        assert (project / target).read_bytes() == (ROOT / target).read_bytes(), target
    message = " ".join(result.stderr.split())
    assert "no 'Beleidsdomeinen' section" in message
    assert "stops mid-sentence; it is left out: 'Wegwijzer: Her'" in message


def test_the_seed_page_reproduces_the_hand_modelled_file(project: Path) -> None:
    """Isomorphic but for the one documented difference: how the title is explained."""
    without_practices(project)
    page = project / SOURCES / "practice-opvoedingsondersteuning.txt"
    result = cli(project, "import", str(page), "--title", "Opvoedingsondersteuning")
    assert result.returncode == 0, result.stderr
    imported, hand = parse(project / SEED), parse(ROOT / SEED)
    _both, only_imported, only_hand = graph_diff(to_isomorphic(imported), to_isomorphic(hand))
    for only in (only_imported, only_hand):
        statements = set(only.subjects(RDFS.label, None))
        assert len(statements) == 1, "one provenance statement differs"
        labels = [str(label) for label in only.objects(None, RDFS.label)]
        assert all("title" in label or "titel" in label for label in labels), labels
        assert len(only) == 4  # the statement: its type, its two labels, the link to it
    guide = " ".join((ROOT / "docs" / "importing.md").read_text(encoding="utf-8").split())
    assert "differs from the hand-modelled file only in one `dct:provenance` statement" in guide


def test_importing_twice_writes_the_same_bytes_and_touches_nothing(project: Path) -> None:
    page = str(project / SOURCES / "practice-instroommeting.excerpt.txt")
    target = project / EXCERPTS["practice-instroommeting.excerpt.txt"]
    before = target.stat().st_mtime_ns
    result = cli(project, "import", page, "--truncated")
    assert result.returncode == 0, result.stderr
    assert re.search(r"│ unchanged\s*│", result.stderr)
    assert target.stat().st_mtime_ns == before
    assert (
        target.read_bytes() == (ROOT / EXCERPTS["practice-instroommeting.excerpt.txt"]).read_bytes()
    )


def test_a_hand_edited_file_is_not_overwritten_without_force(project: Path) -> None:
    page = str(project / SOURCES / "practice-instroommeting.excerpt.txt")
    target = project / EXCERPTS["practice-instroommeting.excerpt.txt"]
    edited = target.read_text().replace('"Stad Leuven monitort', '"De stad Leuven monitort')
    target.write_text(edited)
    result = cli(project, "import", page, "--truncated")
    assert result.returncode == 1
    assert "was edited since it was imported: --force" in result.stderr
    assert '-    dct:description "De stad Leuven monitort' in result.stderr  # the diff
    assert target.read_text() == edited
    forced = cli(project, "import", page, "--force", "--truncated")
    assert forced.returncode == 0, forced.stderr
    assert (
        target.read_bytes() == (ROOT / EXCERPTS["practice-instroommeting.excerpt.txt"]).read_bytes()
    )


def test_a_changed_page_updates_a_file_nobody_edited(project: Path) -> None:
    page = project / SOURCES / "practice-instroommeting.excerpt.txt"
    page.write_text(page.read_text().replace("Stad Leuven monitort", "Leuven monitort"))
    result = cli(project, "import", str(page), "--truncated")
    assert result.returncode == 0, result.stderr
    assert re.search(r"│ updated\s*│", result.stderr)
    assert '+    dct:description "Leuven monitort' in result.stderr
    text = (project / EXCERPTS["practice-instroommeting.excerpt.txt"]).read_text()
    assert '"Leuven monitort alle cijfers rond nieuwkomers."@nl' in text


def test_the_summary_table_counts_practices_initiatives_and_municipalities(project: Path) -> None:
    pages = [str(project / SOURCES / name) for name in sorted(EXCERPTS)]
    result = cli(project, "import", *pages, "--truncated")
    rows = [line for line in result.stderr.splitlines() if line.startswith("│")]
    assert [re.split(r"\s*│\s*", row)[2:7] for row in rows] == [
        ["Instroommeting", "5", "5", "4", "unchanged"],
        ["Overlegplatformen en netwerken", "0", "0", "3", "unchanged"],
    ]


def test_the_cut_off_pages_say_where_they_come_from_with_prov(project: Path) -> None:
    graph = parse(project / EXCERPTS["practice-instroommeting.excerpt.txt"])
    copy = URIRef(BASE + "id/bron/instroommeting")
    address = URIRef("https://www.vvsg.be/kennisitem/vvsg/instroommeting")
    prov = "http://www.w3.org/ns/prov#"
    assert (copy, URIRef(prov + "wasQuotedFrom"), address) in graph
    assert literal(graph.value(copy, URIRef(BASE + "ns/praktijk#truncated"))).toPython() is True
    assert "onvolledige kopie" in str(graph.value(copy, RDFS.comment))
    practice = URIRef(BASE + "id/praktijk/instroommeting")
    assert (practice, URIRef(prov + "wasDerivedFrom"), copy) in graph
    assert (
        str(graph.value(copy, DCTERMS.identifier))
        == f"{SOURCES}/practice-instroommeting.excerpt.txt"
    )


def test_a_cut_off_last_paragraph_keeps_its_whole_sentences(project: Path) -> None:
    """The tester's page: a last paragraph of two sentences and an unfinished one."""
    page = project / SOURCES / "practice-instroommeting.excerpt.txt"
    whole = "Wegwijzer: een gids voor nieuwe inwoners. Hij verschijnt elk jaar."
    page.write_text(page.read_text().replace("Wegwijzer: Her", f"{whole} Her"))
    result = cli(project, "import", str(page), "--truncated")
    assert result.returncode == 0, result.stderr
    message = " ".join(result.stderr.split())
    assert "stops mid-sentence; its unfinished sentence is left out: 'Her'" in message
    graph = parse(project / EXCERPTS["practice-instroommeting.excerpt.txt"])
    vilvoorde = URIRef(BASE + "id/initiatief/instroommeting-vilvoorde")
    description = str(graph.value(vilvoorde, DCTERMS.description))
    assert description.endswith(f"met nieuwe inwoners.\n{whole}")


def test_an_unknown_concept_is_an_error_unless_added_for_review(project: Path) -> None:
    without_practices(project)
    page = project / SOURCES / "practice-instroommeting.excerpt.txt"
    page.write_text(page.read_text().replace("\nOnthaalbeleid\n", "\nInburgeringsbeleid\n"))
    result = cli(project, "import", str(page))
    assert result.returncode == 1
    assert (
        "'Inburgeringsbeleid' (Categorie) is not in the categorie scheme (ontology/categorieen.ttl)"
        in result.stderr
    )
    assert list((project / "data" / "practices").iterdir()) == []
    added = cli(project, "import", str(page), "--new-concepts")
    assert added.returncode == 0, added.stderr
    scheme = (project / "ontology" / "categorieen.ttl").read_text()
    assert "<id/concept/categorie/inburgeringsbeleid> a skos:Concept" in scheme
    assert 'skos:prefLabel "Inburgeringsbeleid"@nl' in scheme
    # the build publishes it and warns what to translate: an English label and the definitions
    outcome = validate(BuildSettings(project_dir=project))
    findings = beyond_the_repository(outcome.findings)
    assert {(f.shape, f.severity) for f in findings} == {
        ("pgsh:ConceptPrefLabelEnWanted", "Warning"),
        ("pgsh:ConceptDefinitionNlWanted", "Warning"),
        ("pgsh:ConceptDefinitionEnWanted", "Warning"),
    }
    assert {f.focus for f in findings} == {"categorie:inburgeringsbeleid"}
    assert outcome.ok()


def test_an_unknown_municipality_is_an_error_with_candidates(project: Path) -> None:
    page = project / SOURCES / "practice-instroommeting.excerpt.txt"
    page.write_text(page.read_text().replace("\nNinove\n", "\nNinoove\n"))
    before = (project / EXCERPTS["practice-instroommeting.excerpt.txt"]).read_bytes()
    result = cli(project, "import", str(page), "--truncated")
    assert result.returncode == 1
    line = page.read_text().splitlines().index("Ninoove") + 1
    assert f"line {line}: 'Ninoove' is no Flemish municipality" in result.stderr
    assert "closest: Ninove (41048)" in result.stderr
    assert (project / EXCERPTS["practice-instroommeting.excerpt.txt"]).read_bytes() == before


def test_a_new_page_without_title_or_address_needs_one(project: Path, tmp_path: Path) -> None:
    """The seed page, but one no import made a practice of yet (its text changed a little)."""
    seed = (project / SOURCES / "practice-opvoedingsondersteuning.txt").read_text()
    page = tmp_path / "pagina.txt"
    page.write_text(seed.replace("Doelgroep", "Doelgroep\n", 1), encoding="utf-8")
    result = cli(project, "import", str(page))
    assert result.returncode == 1
    assert "no title line and no address: give one with --title" in result.stderr


def test_title_names_one_practice(project: Path) -> None:
    pages = [str(project / SOURCES / name) for name in EXCERPTS]
    result = cli(project, "import", *pages, "--title", "X")
    assert result.returncode == 2
    assert "--title and --url name one page" in " ".join(result.stderr.split())


def content(graph: Graph) -> Graph:
    """The practice and its initiatives, without what says where and how they were copied."""
    prov = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
    copies = set(graph.subjects(RDF.type, URIRef(BASE + "ns/praktijk#SourcePage")))
    statements = set(graph.objects(None, DCTERMS.provenance))
    kept = Graph()
    for s, p, o in graph:
        if s in copies | statements or p in (prov, DCTERMS.provenance, URIRef(SCHEMA + "url")):
            continue
        kept.add((s, p, o))
    return kept


def as_html(text: str) -> str:
    """The seed page as a site would serve it: headings, lists, links, navigation around it."""
    body = ["<h1>Opvoedingsondersteuning</h1>"]
    in_list = False
    for raw in text.splitlines():
        line = raw.strip()
        bullet = line.startswith("•")
        if in_list and not bullet:
            body.append("</ul>")
            in_list = False
        if not line or line.startswith("Staat jouw"):
            continue
        if line in ("Categorie", "Doelen", "Doelgroep", "Beschrijving", "Succesfactoren",
                    "Uitdagingen", "Deze praktijk in", "Beleidsdomeinen"):  # fmt: skip
            body.append(f"<h2>{line}</h2>")
        elif line.endswith(".jpg"):
            body.append(f'<figure><img src="/sites/default/files/{line}" alt=""></figure>')
        elif bullet:
            if not in_list:
                body.append("<ul>")
                in_list = True
            body.append(f"<li>{line.lstrip('• ')}</li>")
        elif line.startswith("Meer info"):
            name = line.removeprefix("Meer info")
            body.append(f'<p>Meer info<a href="https://example.org/{len(name)}">{name}</a></p>')
        else:
            body.append(f"<p>{line.replace(' ', '&nbsp;', 1)}</p>")
    footer = "<footer><p>Staat jouw praktijk nog niet in de databank? Vul dan deze fiche in.</p></footer>"
    return (
        "<!DOCTYPE html><html><head><title>x</title><script>var a = 1;</script></head><body>"
        "<nav><ul><li>Home</li></ul></nav><main>" + "\n".join(body) + "</main>" + footer
        + "</body></html>"
    )  # fmt: skip


def test_the_html_of_a_page_gives_the_same_practice_with_link_targets(project: Path) -> None:
    without_practices(project)
    text = (project / SOURCES / "practice-opvoedingsondersteuning.txt").read_text()
    html = project.parent / "opvoedingsondersteuning.html"
    html.write_text(as_html(text))
    result = cli(project, "import", str(html))
    assert result.returncode == 0, result.stderr
    imported, hand = parse(project / SEED), parse(ROOT / SEED)
    assert to_isomorphic(content(imported)) == to_isomorphic(content(hand))
    schema = "http://schema.org/"
    urls = set(imported.objects(None, URIRef(schema + "url")))
    assert len(urls) == 2
    assert (project / SOURCES / "opvoedingsondersteuning.html").exists()
    titles = {str(t) for t in imported.objects(None, DCTERMS.title)}
    assert titles == {str(t) for t in hand.objects(None, DCTERMS.title)}


def test_the_project_with_imported_pages_builds(project: Path) -> None:
    without_practices(project)
    pages = [str(project / SOURCES / name) for name in EXCERPTS]
    assert cli(project, "import", *pages, "--truncated").returncode == 0
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert "valid: 0 violation(s)" in result.stderr


def test_a_page_that_is_not_utf8_is_an_error_that_names_it(project: Path, tmp_path: Path) -> None:
    page = tmp_path / "latin1.txt"
    page.write_bytes("Crèche in Dilbeek".encode("latin-1"))
    result = cli(project, "import", str(page), "--title", "Crèche")
    assert result.returncode == 1
    assert f"cannot read {page}" in " ".join(result.stderr.split())


def test_names_from_both_sides_of_the_mergers_ask_for_a_reference_date(project: Path) -> None:
    page = project / SOURCES / "practice-instroommeting.excerpt.txt"
    page.write_text(page.read_text().replace("\nDilbeek\n", "\nBilzen en Pajottegem\n"))
    target = project / EXCERPTS["practice-instroommeting.excerpt.txt"]
    before = target.read_bytes()
    result = cli(project, "import", str(page))
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert "from before the 2025 mergers (Bilzen)" in message
    assert "from after them (Pajottegem): give --reference-date" in message
    assert target.read_bytes() == before
    dated = cli(project, "import", str(page), "--reference-date", "2025-01-01", "--force")
    assert dated.returncode == 0, dated.stderr  # Bilzen is a part of Bilzen-Hoeselt by then
    graph = parse(target)
    dates = {str(o) for o in graph.objects(None, URIRef(f"{BASE}ns/praktijk#referenceDate"))}
    assert dates == {"2025-01-01"}


def test_names_only_valid_since_the_mergers_date_the_page_on_the_merger_day(
    project: Path,
) -> None:
    page = project / SOURCES / "practice-instroommeting.excerpt.txt"
    page.write_text(page.read_text().replace("\nDilbeek\n", "\nPajottegem\n"))
    result = cli(project, "import", str(page), "--force")
    assert result.returncode == 0, result.stderr
    graph = parse(project / EXCERPTS["practice-instroommeting.excerpt.txt"])
    dates = {str(o) for o in graph.objects(None, URIRef(f"{BASE}ns/praktijk#referenceDate"))}
    assert dates == {"2025-01-01"}


def date_labels(path: Path, key: str) -> set[str]:
    """The labels of the practice's reference-date statement."""
    graph = parse(path)
    practice = URIRef(f"{BASE}id/praktijk/{key}")
    notes = [
        {str(label) for label in graph.objects(note, RDFS.label)}
        for note in graph.objects(practice, DCTERMS.provenance)
    ]
    return next(labels for labels in notes if any("peildatum" in label for label in labels))


def test_a_page_that_names_no_municipality_is_dated_without_claiming_one(
    project: Path, tmp_path: Path
) -> None:
    """The date note says what the page says: a copy cut off before "Deze praktijk in" names no
    municipality, and says nothing of the rest; a whole page that names none says that."""
    cut = date_labels(project / EXCERPTS[EXCERPT_WITHOUT_PLACES], "overlegplatformen-en-netwerken")
    assert cut == {
        "De peildatum 2025-01-01 is de eerste dag van de huidige gemeentelijst, want de kopie"
        " noemt geen gemeente.",
        "The reference date 2025-01-01 is the first day of the current list of municipalities,"
        " as the copy names no municipality.",
    }
    page = tmp_path / "page.txt"
    page.write_text(
        "https://www.vvsg.be/kennisitem/vvsg/taalcafes\n\nDoelen\n\n • Praten.\n\n"
        "Staat jouw praktijk nog niet in de databank? Vul dan deze fiche in.\n"
    )
    result = cli(project, "import", str(page))
    assert result.returncode == 0, result.stderr
    whole = date_labels(project / "data" / "practices" / "taalcafes.ttl", "taalcafes")
    assert {label.split(", ")[-1] for label in whole} == {
        "want de pagina noemt geen gemeente.",
        "as the page names no municipality.",
    }
    named = date_labels(project / EXCERPTS["practice-instroommeting.excerpt.txt"], "instroommeting")
    assert all("noemt geen" not in label and "names no" not in label for label in named)
    assert any("the municipalities the page names have the same NIS code" in n for n in named)


def test_a_newer_copy_of_the_same_page_replaces_the_old_copy(project: Path, tmp_path: Path) -> None:
    """Same address: the same practice, so its copy and file are updated in place."""
    original = project / SOURCES / "practice-instroommeting.excerpt.txt"
    elsewhere = tmp_path / "saved.txt"
    elsewhere.write_text(original.read_text().replace("Pin vzw", "Pin vzw en Atlas"))
    result = cli(project, "import", str(elsewhere), "--truncated")
    assert result.returncode == 0, result.stderr
    assert re.search(r"│ updated\s*│", result.stderr)
    assert "Atlas" in original.read_text()
    assert not (project / SOURCES / "saved.txt").exists()


def test_a_stray_file_in_the_way_of_a_copy_is_not_overwritten_without_force(
    project: Path, tmp_path: Path
) -> None:
    page = tmp_path / "page.txt"
    page.write_text("https://www.vvsg.be/kennisitem/vvsg/taalcafes\n\nDoelen\n\n • Praten.\n")
    stray = project / SOURCES / "taalcafes.txt"
    stray.write_text("iets anders\n")
    result = cli(project, "import", str(page))
    assert result.returncode == 1
    assert "exists with other content: --force replaces it" in " ".join(result.stderr.split())
    assert stray.read_text() == "iets anders\n"
    forced = cli(project, "import", str(page), "--force")
    assert forced.returncode == 0, forced.stderr
    assert stray.read_text() == page.read_text()


def test_a_literal_too_long_to_parse_is_an_error_with_file_and_line(project: Path) -> None:
    """What a 20 MB page once did to `validate`: a MemoryError traceback from the parser."""
    target = project / EXCERPTS["practice-instroommeting.excerpt.txt"]
    text = target.read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "dct:abstract" in row)
    target.write_text(text.replace('dct:abstract "', 'dct:abstract "' + "x" * 17_000_000, 1))
    result = cli(project, "validate")
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert f"instroommeting.ttl:{line}: a literal or IRI of 16602 KB, more than" in message
    assert "Traceback" not in result.stderr


def test_a_page_that_moved_keeps_its_key_and_records_the_new_address(project: Path) -> None:
    page = project / SOURCES / "practice-instroommeting.excerpt.txt"
    moved = "https://www.vvsg.be/kennisitem/samenleven/instroommeting-nieuwkomers"
    page.write_text(page.read_text().replace(page.read_text().splitlines()[0], moved, 1))
    result = cli(project, "import", str(page), "--truncated")
    assert result.returncode == 0, result.stderr
    message = " ".join(result.stderr.split())
    assert (
        f"the page's address changed from https://www.vvsg.be/kennisitem/vvsg/instroommeting to {moved}"
        in message
    )
    assert "keeps its key 'instroommeting'" in message
    graph = parse(project / EXCERPTS["practice-instroommeting.excerpt.txt"])
    assert set(graph.objects(None, URIRef(SCHEMA + "url"))) >= {URIRef(moved)}
    assert not list((project / "data" / "practices").glob("instroommeting-nieuwkomers*"))


def test_the_seed_page_imports_again_without_title_and_keeps_its_title(project: Path) -> None:
    """It has no title line and no address: the practice an earlier import made of it gives the
    title (it was given then). The practice file was modelled by hand, hence --force."""
    page = project / "data" / "sources" / "practice-opvoedingsondersteuning.txt"
    result = cli(project, "import", str(page), "--force")
    assert result.returncode == 0, result.stderr
    text = (project / "data" / "practices" / "opvoedingsondersteuning.ttl").read_text()
    assert 'dct:title "Opvoedingsondersteuning"@nl' in text


def test_an_identical_copy_under_another_name_keeps_its_key(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "opgeslagen-pagina.txt"
    copy.write_bytes(
        (project / "data" / "sources" / "practice-opvoedingsondersteuning.txt").read_bytes()
    )
    result = cli(project, "import", str(copy), "--force")
    assert result.returncode == 0, result.stderr
    practices = sorted(p.name for p in (project / "data" / "practices").glob("*.ttl"))
    assert practices == sorted(f"{key}.ttl" for key in PRACTICES), "no new key"
    assert "is the practice of another page" not in result.stderr
