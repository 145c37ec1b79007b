"""The layers point one way (docs/architecture.md): every import of every module is read from
its source, function-level and type-checking imports included, and checked against the table."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "practicegraph"
STAGES = {"ingest", "builder", "store", "finder", "web"}
ALLOWED = {
    "core": {"core"},
    "ingest": {"core", "ingest"},
    "store": {"core", "store"},
    "finder": {"core", "finder"},
    "builder": {"core", "finder", "builder"},
    "web": {"core", "store", "finder", "web"},
    "cli": {"core", "ingest", "store", "finder", "builder", "web", "cli"},
}
"""Layer → the layers its modules may import. Core is what every stage shares (settings, layout,
vocabularies, term conversion, reading source files, formats, reference lists)."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in STAGES:
        return parts[1]
    if len(parts) > 1 and parts[1] in ("cli", "__main__"):
        return "cli"
    return "core"


def imported(module: str) -> set[str]:
    """The modules of ours this module imports, wherever in it the import stands."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            origin = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                origin = f"{anchor}.{origin}" if origin else anchor
            names = [f"{origin}.{alias.name}" for alias in node.names]
            names = [n if n in MODULES else origin for n in names]
        else:
            continue
        found |= {name for name in names if name in MODULES and name != module}
    return found


GRAPH = {module: imported(module) for module in MODULES}


def test_the_table_sees_every_stage() -> None:
    assert {layer(m) for m in MODULES} == set(ALLOWED)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module: str) -> None:
    upward = sorted(t for t in GRAPH[module] if layer(t) not in ALLOWED[layer(module)])
    assert not upward, f"{module} ({layer(module)}) imports {upward}"


def test_no_import_cycles() -> None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


def test_the_reader_sees_imports() -> None:
    """The reader of imports is not blind: a test that finds nothing would pass by itself."""
    assert "practicegraph.store.base" in GRAPH["practicegraph.store.embedded"]
    assert "practicegraph.store.embedded" in GRAPH["practicegraph.web.app"]
