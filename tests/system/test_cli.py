"""The real command line: exit codes, reports people can act on, builds that swap atomically."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPOSITORY_WARNINGS, ROOT
from tests.conftest import cli as run

PRACTICE = "data/practices/opvoedingsondersteuning.ttl"


def replace(project: Path, file: str, old: str, new: str) -> None:
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_build_writes_a_complete_build_and_points_current_at_it(project: Path) -> None:
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    current = project / "dist" / "current"
    assert current.is_symlink()
    names = {p.name for p in current.iterdir()}
    assert names == {"dumps", "context-v1.jsonld", "documents.json", "manifest.json", "store"} | {
        "pieces.json",
        "practices.json",
        "changes.json",
        "catalog.nt",
        "void.nt",
        "ldes",
    }
    manifest = json.loads((current / "manifest.json").read_text())
    quads = (current / "dumps/dataset.nq").read_text(encoding="utf-8").splitlines()
    assert (
        manifest["files"]["dumps/dataset.nq"]["bytes"]
        == (current / "dumps/dataset.nq").stat().st_size
    )
    assert manifest["triples"] == len(quads)
    assert manifest["base"] == "http://localhost:8000/"
    assert {g["source"] for g in manifest["graphs"]} >= {
        PRACTICE,
        "data/reference/flemish-municipalities.csv",
    }
    assert f"valid: 0 violation(s), {len(REPOSITORY_WARNINGS)} warning(s)" in result.stderr


def test_a_broken_turtle_file_is_named_with_its_line_and_the_last_build_keeps_serving(
    project: Path,
) -> None:
    assert run(project, "build").returncode == 0
    before = (project / "dist" / "current").readlink()
    replace(
        project,
        PRACTICE,
        'dct:title "Opvoedingsondersteuning"@nl ;',
        'dct:title "Opvoedingsondersteuning@nl ;',
    )
    result = run(project, "build")
    assert result.returncode == 1
    line = next(
        n
        for n, text in enumerate((project / PRACTICE).read_text().splitlines(), 1)
        if '"Opvoedingsondersteuning@nl' in text
    )
    assert f"{PRACTICE}:{line}" in result.stderr
    assert "Turtle syntax error" in result.stderr
    assert "Traceback" not in result.stderr
    assert (project / "dist" / "current").readlink() == before
    assert [p.name for p in (project / "dist" / "builds").iterdir() if p.name.startswith(".")] == []


def test_a_violation_is_reported_grouped_by_file_with_line_focus_path_and_shape(
    project: Path,
) -> None:
    replace(project, PRACTICE, 'pg:placeNames "Vilvoorde"', "pg:municipality <id/gemeente/71072>")
    result = run(project, "build")
    assert result.returncode == 1
    assert not (project / "dist" / "current").exists()
    report = result.stderr
    assert PRACTICE in report
    assert "initiatief:opvoedingsondersteuning-vilvoorde" in report
    assert "did not exist on the practice's reference date" in report
    assert "pgsh:MunicipalityValidOnReferenceDate" in report
    assert "invalid: 1 violation(s)" in report


def test_json_report_for_machines(project: Path) -> None:
    replace(project, PRACTICE, "<mailto:info@kindentaal.be>", '"info@kindentaal.be"')
    result = run(project, "validate", "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert document["ok"] is False
    assert document["violations"] == 1
    (finding,) = [f for f in document["findings"] if f["severity"] == "Violation"]
    assert finding == {
        "severity": "Violation",
        "message": "A contact is a vCard with a name, an e-mail as a mailto: IRI, or both.",
        "focus": "initiatief:opvoedingsondersteuning-turnhout-mechelen",
        "path": "dcat:contactPoint",
        "value": "[]",
        "shape": "pgsh:InitiativeContact",
        "constraint": "sh:NodeConstraintComponent",
        "file": PRACTICE,
        "line": finding["line"],
        "details": [
            'An e-mail address is a mailto: IRI (mailto:name@example.be), not text. (value "info@kindentaal.be")'
        ],
        "candidates": [],
    }
    assert finding["line"] > 1


def test_an_unresolved_place_name_refuses_the_build_naming_name_place_and_candidates(
    project: Path,
) -> None:
    replace(
        project,
        PRACTICE,
        'pg:placeNames "Lokeren"',
        'pg:placeNames "Lokeren, Deurne, Geraardsbegen"',
    )
    result = run(project, "build")
    assert result.returncode == 1
    assert not (project / "dist" / "current").exists()
    line = next(
        n
        for n, text in enumerate((project / PRACTICE).read_text().splitlines(), 1)
        if text.startswith("initiatief:opvoedingsondersteuning-lokeren ")
    )
    report = " ".join(result.stderr.split())
    assert PRACTICE in report
    assert f"line {line} initiatief:opvoedingsondersteuning-lokeren" in report
    assert "'Deurne' is a place in 2 municipalities on 2024-12-31" in report
    assert "candidates: Antwerpen (11002), Diest (24020)" in report
    assert "'Geraardsbegen' is no Flemish municipality or deelgemeente" in report
    assert "candidates: Geraardsbergen (41018)" in report
    assert "invalid: 2 violation(s)" in report

    document = json.loads(run(project, "validate", "--format", "json").stdout)
    findings = document["findings"]
    assert [f["constraint"] for f in findings] == ["ambiguous", "unknown"]
    assert {(f["line"], f["path"], f["value"]) for f in findings} == {
        (line, "pg:placeNames", '"Lokeren, Deurne, Geraardsbegen"')
    }
    assert findings[0]["candidates"] == ["Antwerpen (11002)", "Diest (24020)"]


def test_json_report_for_a_syntax_error(project: Path) -> None:
    (project / "data" / "extra.ttl").write_text(
        "@prefix ex: <http://example.org/> .\nex:a ex:b .\n"
    )
    result = run(project, "validate", "--format", "json")
    assert result.returncode == 1
    error = json.loads(result.stdout)["error"]
    assert error["file"].endswith("data/extra.ttl")
    assert error["line"] == 2


def test_warnings_pass_unless_strict(project: Path) -> None:
    replace(
        project,
        PRACTICE,
        '    schema:image [ a schema:ImageObject ;\n        schema:name "huisvanhetkindgeraardsbergen.jpg" ;\n'
        '        schema:caption "Provider image"@en ] ;\n',
        "",
    )
    relaxed = run(project, "validate")
    assert relaxed.returncode == 0, relaxed.stderr
    assert "Warning" in relaxed.stderr
    assert "The practice has no image." in relaxed.stderr
    assert run(project, "validate", "--strict").returncode == 1


def test_invalid_shapes_are_refused_by_shacl_shacl(project: Path) -> None:
    replace(
        project,
        "shapes/practices.ttl",
        "sh:minCount 1 ; sh:maxCount 1 ;\n    sh:datatype xsd:date ;",
        'sh:minCount "one" ; sh:maxCount 1 ;\n    sh:datatype xsd:date ;',
    )
    result = run(project, "validate", "--format", "json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    assert any(
        f["file"] == "shapes/practices.ttl" and f["focus"] == "pgsh:PracticeReferenceDate"
        for f in findings
    )


def test_a_bad_csv_row_is_named_with_its_line(project: Path) -> None:
    replace(
        project,
        "data/reference/flemish-municipalities.csv",
        "71022,Hasselt,Limburg,,2024-12-31,71072",
        "71022,Hasselt,Limburg,,31-12-2024,71072",
    )
    result = run(project, "validate")
    assert result.returncode == 1
    lines = (project / "data/reference/flemish-municipalities.csv").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("71022,"))
    assert f"data/reference/flemish-municipalities.csv:{line}" in result.stderr
    assert "valid_to: not a date" in result.stderr


def test_a_bad_base_is_a_usage_error(project: Path) -> None:
    result = run(project, "validate", "--base", "localhost:8000")
    assert result.returncode == 2
    assert "base must be an absolute http(s) IRI" in result.stderr


def test_old_builds_are_pruned(project: Path) -> None:
    for _ in range(4):
        assert run(project, "build").returncode == 0
    builds = sorted(p.name for p in (project / "dist" / "builds").iterdir())
    assert len(builds) == 3
    assert (project / "dist" / "current").readlink() == Path(f"builds/{builds[-1]}")


def test_serve_without_a_build_says_what_to_do(project: Path) -> None:
    result = run(project, "serve", "--port", "1")
    assert result.returncode == 1
    assert "run `practicegraph build` first" in result.stderr


def test_serve_refuses_a_build_made_for_another_base(project: Path) -> None:
    assert run(project, "build").returncode == 0
    result = run(project, "serve", "--port", "1", "--base", "https://data.example.org/")
    assert result.returncode == 1
    assert "was made for base http://localhost:8000/" in result.stderr


def test_serve_refuses_a_build_whose_manifest_it_cannot_read(project: Path) -> None:
    assert run(project, "build").returncode == 0
    manifest = project / "dist" / "current" / "manifest.json"
    document = json.loads(manifest.read_text(encoding="utf-8"))
    del document["world"]  # as builds made before builds were reused wrote it
    manifest.write_text(json.dumps(document), encoding="utf-8")
    result = run(project, "serve", "--port", "1")
    assert result.returncode == 1
    assert "not a manifest of this version" in result.stderr
    assert "Traceback" not in result.stderr


def test_withdraw_refuses_a_file_outside_the_projects_practices(project: Path) -> None:
    """Run from another folder, a relative path that names a file there (the repository's own
    copy, say) is no practice of this project: refused, and that file left alone."""
    outside = ROOT / "data" / "practices" / "instroommeting.ttl"
    before = outside.read_bytes()
    result = run(project, "withdraw", str(outside), "--reason", "Dubbel.")
    assert result.returncode == 1
    assert "is not a practice file of the project" in " ".join(result.stderr.split())
    assert outside.read_bytes() == before
    assert "instroommeting" not in (project / "data" / "withdrawn.ttl").read_text()


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("PRACTICEGRAPH_TRUSTED_PROXIES", "127.0.0.1", """e.g. '["127.0.0.1"]'"""),
        ("PRACTICEGRAPH_OPERATOR_TOKEN", "short", "at least 16 characters"),
        ("PRACTICEGRAPH_SPARQL_TIMEOUT", "soon", "valid number"),
        ("PRACTICEGRAPH_STORE", '["http://a:7878/query",', "not a JSON list of URLs"),
        ("PRACTICEGRAPH_STORE", '["a:7878/query"]', """'["http://a:7878/query", "http://b"""),
        ("PRACTICEGRAPH_STORE_CHECK_SECONDS", "0", "greater than 0"),
    ],
)
def test_a_bad_setting_is_named_with_its_problem_and_no_traceback(
    project: Path, variable: str, value: str, words: str
) -> None:
    env = {**os.environ, variable: value, "COLUMNS": "200", "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "practicegraph", "serve", "--project-dir", str(project)],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip
    said = " ".join(result.stderr.split())
    assert result.returncode == 2
    assert f"{variable}:" in said
    assert words in said
    assert "Traceback" not in result.stderr


OUTSIDE = [
    ("validate",),
    ("build",),
    ("review",),
    ("import", "page.txt"),
    ("withdraw", "data/practices/x.ttl", "--reason", "Dubbel."),
    ("erase", "jan@example.org"),
    ("backup", "backup.tar.gz"),
    ("restore", "backup.tar.gz"),
    ("publish", "--to", "http://127.0.0.1:1/store"),
    ("sync", "http://127.0.0.1:1/sitemap.xml", "--mirror", "mirror"),
]
"""Every command that reads or writes a project, with arguments it would otherwise take."""


@pytest.mark.parametrize("command", OUTSIDE, ids=lambda command: command[0])
def test_a_command_outside_a_project_refuses_and_says_how_to_name_one(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """Run in a folder that is no project, without --project-dir: refused before it reads an
    empty data/ as "nothing there" or writes dist/ and state/ where nobody looks."""
    (tmp_path / "page.txt").write_text("Buddywerking\n\nEen inleiding.\n", encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    result = outside(tmp_path, *command)
    said = " ".join(result.stderr.split())
    assert result.returncode == 1, said
    assert f"{tmp_path} is no project folder (no ontology/, shapes/, data/)" in said
    assert "run the command in the project's folder, or name it with --project-dir" in said
    assert "Traceback" not in result.stderr
    assert sorted(tmp_path.iterdir()) == before  # no dist/, no state/, no archive


def test_serve_outside_a_project_names_where_it_looked(tmp_path: Path) -> None:
    result = outside(tmp_path, "serve", "--port", "1")
    said = " ".join(result.stderr.split())
    assert result.returncode == 1
    assert f"no build in {tmp_path / 'dist'}" in said
    assert f"{tmp_path} is no project folder" in said
    assert "name it with --project-dir" in said


def test_the_project_folder_is_named_by_option_too(tmp_path: Path) -> None:
    result = run(tmp_path, "review")
    assert result.returncode == 1
    assert "name it with --project-dir" in " ".join(result.stderr.split())


def outside(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`practicegraph …` run in a folder, naming no project folder (as `cli` always does)."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    for name in ("PRACTICEGRAPH_PROJECT_DIR", "PRACTICEGRAPH_BASE"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "practicegraph", *args],
        capture_output=True, text=True, env=env, cwd=folder, check=False, timeout=120,
    )  # fmt: skip
