"""What an import did, for people: each page's problems, diffs, and one summary table."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.syntax import Syntax
from rich.table import Table

from practicegraph.ingest.importer import Imported

COLOURS = {
    "written": "green",
    "updated": "green",
    "unchanged": "dim",
    "refused": "yellow",
    "failed": "red",
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
