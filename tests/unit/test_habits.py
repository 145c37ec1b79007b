"""The size habits of docs/development.md, held: a function past 60 lines or a module past 600
holds two jobs. Lengths are read from the source (`ast`: `def` to last line, docstring and
nested functions included), so the test names each offender with its length."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCES = Path(__file__).resolve().parents[2] / "src"
MOST_FUNCTION_LINES = 60
MOST_MODULE_LINES = 600


def modules() -> list[Path]:
    found = sorted(SOURCES.rglob("*.py"))
    assert found, f"no modules under {SOURCES}"
    return found


def long_functions(path: Path) -> list[str]:
    """`module:line name (n lines)` for each function or method past the bound."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = path.relative_to(SOURCES)
    return [
        f"{where}:{node.lineno} {node.name} ({length} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and (length := node.end_lineno - node.lineno + 1) > MOST_FUNCTION_LINES
    ]


def test_no_function_is_longer_than_60_lines() -> None:
    found = [entry for path in modules() for entry in long_functions(path)]
    assert not found, f"past {MOST_FUNCTION_LINES} lines, split by job:\n" + "\n".join(found)


def test_no_module_is_longer_than_600_lines() -> None:
    found = [
        f"{path.relative_to(SOURCES)} ({lines} lines)"
        for path in modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MOST_MODULE_LINES
    ]
    assert not found, f"past {MOST_MODULE_LINES} lines, split by job:\n" + "\n".join(found)
