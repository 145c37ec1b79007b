"""The layers point one way (docs/architecture.md): every import of every module is read from
its source, function-level and type-checking imports included, and checked against the table. A
layer is a top folder of the package; the architecture page's picture and module map name exactly
the folders and modules of the tree."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "practicegraph"
LAYERS = {"core", "ingest", "builder", "store", "finder", "web"}
ENTRY = {"cli", "__main__"}
"""The commands: modules in the package's root, the one place above every layer."""
ALLOWED = {
    "core": {"core"},
    "ingest": {"core", "ingest"},
    "store": {"core", "store"},
    "finder": {"core", "finder"},
    "builder": {"core", "finder", "builder"},
    "web": {"core", "store", "finder", "web"},
    "cli": {"core", "ingest", "store", "finder", "builder", "web", "cli"},
}
"""Layer → the layers its modules may import. Core is what every stage shares (settings, the build
folder's names, vocabularies, term conversion, reading and writing files, formats, reference
lists, the rules build and server both apply)."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    """The top folder a module lives in; "cli" for the commands in the package's root."""
    parts = module.split(".")
    if module == "practicegraph":  # the package itself: its version
        return "core"
    if len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    if len(parts) > 1 and parts[1] in ENTRY:
        return "cli"
    return "outside"


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


def test_every_module_lives_in_a_layer_folder() -> None:
    """No loose modules: what is neither a command nor in a layer's folder has no layer."""
    outside = sorted(m for m in MODULES if layer(m) == "outside" and m not in OWN_PACKAGES)
    assert not outside, f"modules outside every layer folder: {outside}"
    assert {layer(m) for m in MODULES} - {"outside"} == set(ALLOWED)


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


ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
OWN_PACKAGES = {"practicegraph", "practicegraph.standards"}
"""The package itself, and a folder of data files read as package resources."""


def fenced(heading: str) -> str:
    """The first fenced block under a heading of the architecture page."""
    section = ARCHITECTURE.split(f"## {heading}\n", 1)[1]
    return section.split("```", 2)[1]


def test_the_layer_picture_names_every_layer_folder() -> None:
    named = set(re.findall(r"\b([a-z]+)/", fenced("Layers")))
    assert named == LAYERS


def test_the_module_map_names_every_module_and_only_those() -> None:
    """Each folder line of the map (`  web/render/  name (what), …`, wrapped as it needs) names
    its modules; what stands in parentheses describes them."""
    texts: dict[str, str] = {}
    folder = ""
    for line in fenced("Modules").splitlines():
        start = re.match(r"  ([a-z_]+(?:/[a-z_]+)*/)(?:\s|$)", line)
        if start:
            folder = start.group(1)
            line = line[start.end() :]
        elif re.match(r"  [a-z_]+\.py\W", line):
            folder = ""
        texts[folder] = texts.get(folder, "") + " " + line
    mapped: set[str] = set()
    for folder, text in texts.items():
        while re.search(r"\([^()]*\)", text):
            text = re.sub(r"\([^()]*\)", "", text)
        names = re.findall(r"([a-z_]+)\.py", text) if not folder else text.split(",")
        mapped |= {f"{folder}{n.strip()}" for n in names if re.fullmatch(r"[a-z_]+", n.strip())}
    tree = {
        path.relative_to(PACKAGE).with_suffix("").as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py"
    }
    assert tree - mapped == set(), "modules the map does not name"
    assert mapped - tree == set(), "the map names modules that are gone"
