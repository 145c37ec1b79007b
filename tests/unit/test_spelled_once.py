"""Paths and file names are spelled once: a URL path in core/urls.py, a build folder's file name
in core/build_folder.py. Every other module is read (AST: its string constants and the literal
parts of its f-strings; docstrings are prose and left out) and fails on a spelling of its own:

- a linked-data family (`id/`, `doc/`, `ns/`, `graph/`, `ldes/`) anywhere in a string;
- any family urls names (`sparql`, `catalog`, `praktijken`, …) opening a route or a link under
  the root (`"/sparql"`, `f"{root}/sparql"`) or appended to a base (`f"{base}sparql"`,
  `base + "catalog#contact"`); a family's word alone (`"sparql"`) is too common to forbid;
- a build folder's file name (`manifest.json`, `.partial-`, …) anywhere in a string.

Other sites' IRIs (`https://data.vlaanderen.be/id/gemeente/`, or an f-string's parts after its
`://`) are theirs and are skipped. The families and file names are read from urls and
build_folder, so a new one is watched at once.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from practicegraph.core import build_folder, urls

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "practicegraph"
HOMES = {PACKAGE / "core" / "urls.py", PACKAGE / "core" / "build_folder.py"}
"""Where the names are spelled, once."""
ABSOLUTE = re.compile(r"[a-z][a-z0-9+.-]*://[^\s<>\"']*")
"""An IRI of another site: its path is not ours to spell."""


def first_segment(path: str) -> str:
    return path.split("/", 1)[0]


def names(module: object) -> list[str]:
    """The module-level constants' string values (a dict's values too)."""
    found: list[str] = []
    for name, value in vars(module).items():
        if not name.isupper():
            continue
        values = value.values() if isinstance(value, dict) else [value]
        found += [v for v in values if isinstance(v, str)]
    return found


DOCUMENTS = sorted({first_segment(f) for f in urls.DOCUMENT_FAMILIES})
FAMILIES = sorted({first_segment(path) for path in set(names(urls)) - set(names(build_folder))})
FILES = sorted({n for n in names(build_folder) if "." in n} | {build_folder.PARTIAL_PREFIX})


def alternatives(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


ANYWHERE = re.compile(
    rf"(?:^|/)(?:{alternatives(DOCUMENTS)})/|(?<![\w-])(?:{alternatives(FILES)})(?!\w)"
)
"""Forbidden wherever they stand in a string."""
OPENING = re.compile(rf"^(?:{alternatives(FAMILIES)})(?:$|[/.?#{{])")
"""Forbidden at the start of a route (after its slash) or of a string appended to a base."""


def spellings(source: str) -> list[tuple[int, str]]:
    """(line, text) of each path or file name the source spells by hand."""
    tree = ast.parse(source)
    prose: set[int] = set()
    """Constants left out: docstrings, and the parts of other sites' IRIs."""
    appended: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            prose.add(id(node.value))  # docstrings, of modules, classes, functions, attributes
        elif isinstance(node, ast.JoinedStr):
            for before, part in zip(node.values, node.values[1:], strict=False):
                if isinstance(before, ast.FormattedValue):
                    appended.add(id(part))
            foreign = False  # after "://", an f-string assembles another site's IRI
            for part in node.values:
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    foreign = foreign or "://" in part.value
                    if foreign:
                        prose.add(id(part))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            appended.add(id(node.right))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        if id(node) in prose:
            continue
        text = ABSOLUTE.sub(" ", node.value)
        opening = text.removeprefix("/") if text.startswith("/") or id(node) in appended else None
        if ANYWHERE.search(text) or (opening is not None and OPENING.search(opening)):
            found.append((node.lineno, node.value))
    return found


def test_the_names_watched_are_read_from_their_homes() -> None:
    assert {"id", "doc", "ns", "graph", "ldes"} <= set(DOCUMENTS)
    assert {"sparql", "catalog", ".well-known", "dumps", "context", "praktijken"} <= set(FAMILIES)
    assert {"manifest.json", "documents.json", "catalog.nt", ".partial-"} <= set(FILES)


def test_no_module_spells_a_path_or_a_file_name_by_hand() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {text!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path not in HOMES
        for line, text in spellings(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "spell these through core.urls or core.build_folder:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        '@routes.get("/doc/{path:path}")\ndef f(): ...',
        'url = f"{root}/doc/{stem}"',
        'iri = f"{base}id/{stem}"',
        'prefix = base + "id/"',
        'GRAPH = "graph/redirects"',
        'page = f"{minted.base}ldes/practices/page/{n}"',
        'routes.get("/sparql")',
        'iri = f"{base}sparql"',
        'contact = base + "catalog#contact"',
        'route = "/.well-known/void"',
        'ok = (folder / "manifest.json").is_file()',
        'partial = mkdtemp(prefix=".partial-")',
        'index = folder / "practices.json"',
        'raise ValueError(f"{folder}/manifest.json: missing")',
    ],
)
def test_the_check_finds_a_spelling_by_hand(source: str) -> None:
    assert spellings(source), source


@pytest.mark.parametrize(
    "source",
    [
        '"""Cool URIs: /id/… answers 303 to /doc/…."""',
        'def f():\n    """Written to manifest.json."""',
        'PLACES = "https://data.vlaanderen.be/id/gemeente/"',
        'MEDIA = "application/sparql-results+json"',
        'graph = minted.graph("data/catalog")',
        'SHAPES = Path(__file__).parent / "assets/shacl-shacl.ttl"',
        'key = "sparql"',
        'out.add(dataset, VOID + "sparqlEndpoint", endpoint)',
        'body = f"<sitemap><loc>{url}</loc></sitemap>"',
        'HISTORY = "practices.jsonl"',
        'robots = f"{parts.scheme}://{host}/robots.txt"',
    ],
)
def test_the_check_passes_what_is_not_a_path_of_ours(source: str) -> None:
    assert spellings(source) == [], source
