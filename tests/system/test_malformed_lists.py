"""A list people keep in data/ (titles.csv, personal-data.csv) that someone broke by hand: every
command that reads it says the file, the line and what is wrong, in one line, exit 1, and
changes nothing; never a traceback around that line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, cli

PAGE = ROOT / "tests" / "corpus" / "site" / "buddywerking.txt"
BROKEN = {
    "titles.csv": [
        ('"https://example.org/x,X,proposed', "not one CSV row: unexpected end of data"),
        ("https://example.org/x,X,maybe", "status must be one of proposed, reviewed, not 'maybe'"),
        ("https://example.org/x,X", "expected 3 columns: address,title,status"),
    ],
    "personal-data.csv": [
        ('"jan@example.org,email,proposed,,', "not one CSV row: unexpected end of data"),
        ("jan@example.org,email,secret,,", "status must be one of personal, functional"),
        ("jan@example.org,email,proposed,", "expected 5 columns: value,kind,status,file,note"),
    ],
}
CASES = [(name, row, words) for name, rows in BROKEN.items() for row, words in rows]


def broken(project: Path, name: str, row: str) -> str:
    """Add the row at the end of the list; where the error is: the list and that line."""
    path = project / "data" / name
    text = path.read_text(encoding="utf-8") + row + "\n"
    path.write_text(text, encoding="utf-8")
    return f"data/{name}:{len(text.splitlines())}"


def said_once(stderr: str, where: str, words: str) -> None:
    """The error, on one line of its own and nothing else."""
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines() == [stderr.strip()], stderr
    assert stderr.startswith(f"error {where}: "), stderr
    assert words in stderr


@pytest.mark.parametrize(("name", "row", "words"), CASES)
def test_review_names_the_line_of_a_malformed_list(
    project: Path, name: str, row: str, words: str
) -> None:
    where = broken(project, name, row)
    result = cli(project, "review")
    assert result.returncode == 1
    said_once(result.stderr, where, words)


@pytest.mark.parametrize(("name", "row", "words"), CASES)
def test_import_refuses_before_any_page_when_a_list_is_malformed(
    project: Path, name: str, row: str, words: str
) -> None:
    where = broken(project, name, row)
    before = sorted((project / "data").rglob("*"))
    result = cli(project, "import", str(PAGE))
    assert result.returncode == 1
    said_once(result.stderr, where, words)
    assert sorted((project / "data").rglob("*")) == before  # no practice, no copy written


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_list_that_is_not_utf8_is_named(project: Path, name: str) -> None:
    path = project / "data" / name
    path.write_bytes(path.read_bytes() + "Jan,name,proposed,,Café\n".encode("latin-1"))
    for command in (("review",), ("import", str(PAGE))):
        result = cli(project, *command)
        assert result.returncode == 1
        said_once(result.stderr, f"data/{name}", "cannot read: 'utf-8' codec can't decode")


def test_erase_refuses_before_it_scrubs_the_history(project: Path) -> None:
    assert cli(project, "build").returncode == 0
    history = project / "state" / "ldes" / "practices.jsonl"
    kept = history.read_bytes()
    name, row, words = CASES[4]
    where = broken(project, name, row)
    assert b"diversiteit@leuven.be" in kept  # what an erasure would scrub
    result = cli(project, "erase", "diversiteit@leuven.be")
    assert result.returncode == 1
    said_once(result.stderr, where, words)
    assert history.read_bytes() == kept


def test_sync_publishes_nothing_and_says_which_list(project: Path, tmp_path: Path) -> None:
    """Before it harvests: the import would stop half-way through the site."""
    (project / ".env").write_text("PRACTICEGRAPH_HARVEST_CONTACT=test@example.org\n", "utf-8")
    name, row, words = CASES[1]
    where = broken(project, name, row)
    report = tmp_path / "sync.json"
    result = cli(
        project, "sync", "http://127.0.0.1:1/sitemap.xml", "--mirror", str(tmp_path / "m"),
        "--report", str(report),
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"nothing published, the last build still serves: {where}: {words}" in result.stderr
    assert not (project / "dist").exists()
