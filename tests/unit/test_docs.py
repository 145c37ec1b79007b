"""The docs are tested like code: every setting, command, option, make target, module path and
relative link that README.md and docs/ name exists, and every setting and route is documented."""

from __future__ import annotations

import re

import pytest
import typer.core
import typer.main

from practicegraph.cli import app
from practicegraph.core.settings import (
    HANDOFF,
    PREFIX,
    BuildSettings,
    HarvestSettings,
    ServeSettings,
)
from tests.conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TEXT = {page: page.read_text(encoding="utf-8") for page in PAGES}
EVERYTHING = "\n".join(TEXT.values())
SETTINGS = {*BuildSettings.model_fields, *ServeSettings.model_fields, *HarvestSettings.model_fields}


def command_group() -> typer.core.TyperGroup:
    """The CLI as Click sees it: a group of commands."""
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return group


COMMANDS = command_group()


def test_the_readme_is_a_first_page() -> None:
    assert len(TEXT[ROOT / "README.md"].encode()) < 10 * 1024
    assert "make run" in TEXT[ROOT / "README.md"]
    assert "make test" in TEXT[ROOT / "README.md"]


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_every_setting_is_documented(name: str) -> None:
    assert f"`{PREFIX}{name.upper()}`" in TEXT[ROOT / "docs" / "configuration.md"]


def test_every_variable_named_is_a_setting() -> None:
    named = set(re.findall(rf"{PREFIX}[A-Z_]+[A-Z]", EVERYTHING))
    known = {f"{PREFIX}{name.upper()}" for name in SETTINGS} | {HANDOFF}
    assert named <= known, named - known


def command_lines() -> list[tuple[str, str]]:
    """(command, the rest of the line) for every `practicegraph COMMAND …` the docs write."""
    found = []
    for text in TEXT.values():
        for match in re.finditer(r"practicegraph ([a-z]+)([^\n`]*)", text):
            if match.group(1) in ("build", "import", "serve", "validate") or "--" in match.group(2):
                found.append((match.group(1), match.group(2)))
    return found


@pytest.mark.parametrize(("command", "rest"), command_lines())
def test_every_command_and_option_named_exists(command: str, rest: str) -> None:
    assert command in COMMANDS.commands, f"no command {command}"
    options = {
        option
        for parameter in COMMANDS.commands[command].params
        for option in (*parameter.opts, *parameter.secondary_opts)
    }
    for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", rest.split("#")[0]):
        assert option in {*options, "--help"}, f"practicegraph {command} has no {option}"


def test_every_command_is_documented() -> None:
    for command in COMMANDS.commands:
        assert f"practicegraph {command}" in EVERYTHING


@pytest.mark.parametrize("target", sorted(set(re.findall(r"`make (\w+)`", EVERYTHING))))
def test_every_make_target_named_exists(target: str) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"(?m)^{target}:", makefile)


@pytest.mark.parametrize(
    "path",
    sorted(set(re.findall(r"`((?:src|tests|benchmarks|data|shapes)/[\w./-]+)`", EVERYTHING))),
)
def test_every_file_named_exists(path: str) -> None:
    assert (ROOT / path.rstrip("/")).exists()


@pytest.mark.parametrize(
    "module", sorted(set(re.findall(r"python -m (benchmarks\.\w+)", EVERYTHING)))
)
def test_every_benchmark_named_exists(module: str) -> None:
    assert (ROOT / (module.replace(".", "/") + ".py")).is_file()


def anchors(text: str) -> set[str]:
    """GitHub's anchors of a page's headings."""
    return {
        re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        for heading in re.findall(r"(?m)^#{1,6} (.+)$", text)
    }


def links() -> list[tuple[str, str]]:
    return [
        (page.relative_to(ROOT).as_posix(), target)
        for page, text in TEXT.items()
        for target in re.findall(r"\]\(([^)\s]+)\)", text)
        if not re.match(r"[a-z]+:", target)
    ]


@pytest.mark.parametrize(("page", "target"), links())
def test_every_relative_link_resolves(page: str, target: str) -> None:
    path, _, anchor = target.partition("#")
    linked = (ROOT / page).parent / path if path else ROOT / page
    assert linked.is_file(), f"{page} links to {target}: no such file"
    if anchor:
        assert anchor in anchors(linked.read_text(encoding="utf-8")), f"{page}: no #{anchor}"


def test_every_page_of_docs_is_linked_from_the_readme() -> None:
    for page in PAGES[1:]:
        assert f"](docs/{page.name})" in TEXT[ROOT / "README.md"]


@pytest.mark.parametrize(
    "text",
    [
        "/id/",
        "/doc/",
        "/ns/praktijk",
        "/graph/",
        "/sparql",
        "/dumps/",
        "/context/v1.jsonld",
        "/openapi.json",
        "/catalog",
        "/.well-known/void",
        "/ldes/practices",
        "/praktijken",
        "/doc/gemeente/",
        "X-SPARQL-Results-Truncated",
    ],
)
def test_routes_and_headers_are_documented(text: str) -> None:
    assert text in TEXT[ROOT / "docs" / "urls-and-formats.md"] + TEXT[ROOT / "docs" / "sparql.md"]


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "queries").glob("*.rq")))
def test_every_example_query_is_documented(name: str) -> None:
    assert f"`{name}`" in TEXT[ROOT / "docs" / "sparql.md"]
