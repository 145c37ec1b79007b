"""What an import did, for people: each page's problems, diffs, and one summary table."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.syntax import Syntax
from rich.table import Table

from practicegraph.core.writing import write_atomically
from practicegraph.ingest.importer import Imported

COLOURS = {
    "written": "green",
    "updated": "green",
    "unchanged": "dim",
    "refused": "yellow",
    "failed": "red",
    "skipped": "dim",
    "withdrawn": "magenta",
}


def details(console: Console, result: Imported) -> None:
    """Errors, warnings and, for a file not written as is, the diff."""
    if not (result.errors or result.warnings or result.diff):
        return
    console.print(f"[bold underline]{escape(str(result.page))}[/]")
    for error in result.errors:
        console.print(f"  [red]error[/] {escape(error)}")
    for warning in result.warnings:
        console.print(f"  [yellow]warning[/] {escape(warning)}")
    if result.diff:
        console.print(Syntax(result.diff, "diff", word_wrap=True))


def write_report(path: Path, results: list[Imported]) -> None:
    """The import for machines: per page its outcome, practice IRI, warnings and errors."""
    counts = Counter(result.status for result in results)
    document = {"outcomes": dict(sorted(counts.items())), "pages": [r.as_json() for r in results]}
    write_atomically(path, (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode())


def table(results: list[Imported]) -> Table:
    summary = Table(title="Import")
    for column in ("page", "practice", "initiatives", "municipalities", "warnings", "result"):
        justify = "right" if column in ("initiatives", "municipalities", "warnings") else "left"
        summary.add_column(column, justify=justify)  # type: ignore[arg-type]
    for result in results:
        colour = COLOURS[result.status]
        summary.add_row(
            escape(result.page.name),
            escape(result.practice or "-"),
            str(result.initiatives),
            str(result.municipalities),
            str(len(result.warnings)),
            f"[{colour}]{result.status}[/]",
        )
    return summary
