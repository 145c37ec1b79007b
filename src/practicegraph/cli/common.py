"""What every command shares: the app, the options they have in common, settings read with
errors in words, and the validation report."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from pydantic import ValidationError
from pydantic_settings import SettingsError
from rich.console import Console
from rich.markup import escape

from practicegraph.core.reading import SourceError
from practicegraph.core.settings import PREFIX, PROJECT_HINT, Locations
from practicegraph.core.writing import write_atomically

if TYPE_CHECKING:
    from practicegraph.builder.outcome import Outcome

app = typer.Typer(
    help="Publish the Flemish good-practice database as validated linked open data.",
    no_args_is_help=True,
    add_completion=False,
)


class Format(StrEnum):
    text = "text"
    json = "json"


FormatOption = Annotated[
    Format, typer.Option("--format", help="Report for people (text) or machines (json).")
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Treat SHACL warnings as failures.")]
BaseOption = Annotated[
    str | None, typer.Option("--base", help="Base of minted IRIs (env PRACTICEGRAPH_BASE).")
]
ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project-dir",
        help="Folder with ontology/, shapes/, data/ (env PRACTICEGRAPH_PROJECT_DIR).",
    ),
]


FullOption = Annotated[
    bool,
    typer.Option(
        "--full",
        help="Parse and validate every file, not only those changed since the last good build.",
    ),
]


S = TypeVar("S", bound=Locations)


def settings_from(kind: type[S], **overrides: Any) -> S:
    """The settings of one program; a wrong value is a usage error naming the setting, what is
    wrong with its value and an example, never a traceback."""
    try:
        return kind.load(**overrides)
    except ValidationError as error:
        messages = "; ".join(setting_problem(kind, e) for e in error.errors())
        raise typer.BadParameter(messages) from error
    except SettingsError as error:  # a value the environment source could not even parse
        field = str(error).split('"')[1] if '"' in str(error) else ""
        name = f"{PREFIX}{field.upper()}"
        example = EXAMPLES.get(field, "")
        raise typer.BadParameter(
            f"{name}: not readable as its type (a list is JSON){example}"
        ) from error


def in_project(kind: type[S], **overrides: Any) -> S:
    """The settings of a command that reads or writes the project: refused (exit 1) when the
    project folder is none, before the command reads an empty data/ as "nothing there" or
    writes dist/ and state/ where nobody looks."""
    settings = settings_from(kind, **overrides)
    if missing := settings.missing_sources:
        refuse(f"{not_a_project(settings, missing)}: {PROJECT_HINT}")
    return settings


@contextmanager
def one_line_source_errors() -> Iterator[None]:
    """A list people keep in data/ that cannot be read (a SourceError names its file and line)
    ends the command with that line, exit 1: the person who edited it fixes it from there, and
    a traceback around it only hides it."""
    try:
        yield
    except SourceError as error:
        refuse(str(error))


def report_target(path: Path | None) -> Path | None:
    """--report's file, checked before the command does its work: its folder made if missing,
    and writable. Found out only at the end, a sync's round (or a harvest) would be done and
    its report lost, with an exit code that says the round failed."""
    if path is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        problem = f"cannot make its folder {path.parent}: {error.strerror or error}"
        raise typer.BadParameter(problem, param_hint="'--report'") from error
    if path.is_dir() or not os.access(path.parent, os.W_OK | os.X_OK):
        problem = f"{path} is a folder" if path.is_dir() else f"cannot write in {path.parent}"
        raise typer.BadParameter(problem, param_hint="'--report'")
    return path


def write_report(path: Path, document: object) -> bool:
    """The JSON report, written whole or not at all (a reader never sees half of one); False,
    with the reason on standard error, if it could not be written (a full disk)."""
    try:
        data = json.dumps(document, indent=2, default=str, ensure_ascii=False) + "\n"
        write_atomically(path, data.encode("utf-8"))
    except OSError as error:
        Console(stderr=True).print(
            f"[red]error[/] cannot write the report {escape(str(path))}: {escape(str(error))}",
            soft_wrap=True,
            highlight=False,
        )
        return False
    return True


def not_a_project(settings: Locations, missing: list[str]) -> str:
    """Which folder is no project, and why, in words."""
    return f"{settings.project_dir.absolute()} is no project folder (no {', '.join(missing)})"


def refuse(message: str) -> NoReturn:
    """End the command with one line on standard error and exit 1, never a traceback."""
    Console(stderr=True).print(f"[red]error[/] {escape(message)}", soft_wrap=True, highlight=False)
    raise typer.Exit(1)


EXAMPLES = {
    "trusted_proxies": """, e.g. '["127.0.0.1"]'""",
    "operator_token": ", e.g. the output of `openssl rand -hex 24`",
    "base": ", e.g. https://data.example.be/praktijken/",
    "publish_to": """, e.g. '["http://127.0.0.1:7878/store"]'""",
    "store": """, e.g. http://a:7878/query or '["http://a:7878/query", "http://b:7878/query"]'""",
}
"""Examples for the settings people get wrong most, added to the error that names them."""


def setting_problem(kind: type[S], error: Any) -> str:
    """One validation error as the setting's variable, the problem and, where known, an example."""
    field = str(error["loc"][0]) if error.get("loc") else ""
    name = f"{PREFIX}{field.upper()}" if field in kind.model_fields else field or "a setting"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{name}: {message[:1].lower()}{message[1:]}{EXAMPLES.get(field, '')}"


def show(outcome: Outcome, output: Format, strict: bool) -> None:
    from practicegraph.builder.validate import report

    if output is Format.json:
        typer.echo(report.as_json(outcome, strict))
    else:
        report.as_text(outcome, Console(stderr=True), strict)
