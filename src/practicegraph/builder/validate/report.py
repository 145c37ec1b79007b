"""Validation outcomes for people (grouped, readable text) and for machines (JSON)."""

from __future__ import annotations

import json
from itertools import groupby
from typing import Any

from rich.console import Console
from rich.markup import escape

from practicegraph.builder.outcome import Outcome
from practicegraph.builder.validate.findings import Finding

MAX_VALUE = 120


def shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_VALUE else flat[: MAX_VALUE - 1] + "…"


def as_json(outcome: Outcome, strict: bool) -> str:
    document: dict[str, Any] = {
        "ok": outcome.ok(strict),
        "violations": len(outcome.violations),
        "warnings": len(outcome.warnings),
        "error": None,
        "findings": [finding.as_json() for finding in outcome.findings],
    }
    if outcome.load_error is not None:
        error = outcome.load_error
        document["error"] = {"file": str(error.path), "line": error.line, "message": error.message}
    return json.dumps(document, indent=2, ensure_ascii=False)


def _finding(console: Console, finding: Finding) -> None:
    colour = "red" if finding.is_violation else "yellow"
    where = f"line {finding.line}" if finding.line is not None else "line ?"
    console.print(f"  [{colour}]{finding.severity}[/] {where}  [bold]{escape(finding.focus)}[/]")
    console.print(f"    {escape(finding.message)}")
    for detail in finding.details:
        console.print(f"      because: {escape(shorten(detail))}")
    if finding.candidates:
        console.print(f"    candidates: {escape(', '.join(finding.candidates))}")
    if finding.path is not None:
        console.print(f"    path:  {escape(finding.path)}")
    if finding.value is not None:
        console.print(f"    value: {escape(shorten(finding.value))}")
    console.print(f"    shape: {escape(finding.shape)}  [dim]({escape(finding.constraint)})[/]")


def as_text(outcome: Outcome, console: Console, strict: bool) -> None:
    """Findings grouped by file, each with line, focus node, message, path, value and shape."""
    if outcome.load_error is not None:
        error = outcome.load_error
        where = f"{error.path}:{error.line}" if error.line is not None else str(error.path)
        console.print(f"[red]error[/] {escape(where)}: {escape(error.message)}")
        return
    for file, findings in groupby(outcome.findings, key=lambda f: f.file or "(no source file)"):
        console.print(f"[bold underline]{escape(file)}[/]")
        for finding in findings:
            _finding(console, finding)
    triples = sum(len(source.graph) for source in outcome.graphs)
    verdict = "[green]valid[/]" if outcome.ok(strict) else "[red]invalid[/]"
    plan = outcome.plan
    reused = ""
    if plan is not None and plan.incremental:
        reused = f"; {len(plan.kept)} unchanged graphs taken from the last build"
    console.print(
        f"{verdict}: {len(outcome.violations)} violation(s), {len(outcome.warnings)} warning(s)"
        f" in {len(outcome.graphs)} graphs, {triples} triples{reused}"
    )
