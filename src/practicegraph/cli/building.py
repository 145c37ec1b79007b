"""The commands about builds: validate, build, and the state a build keeps (erase, backup,
restore)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from practicegraph.cli.common import (
    BaseOption,
    Format,
    FormatOption,
    FullOption,
    ProjectOption,
    StrictOption,
    app,
    in_project,
    one_line_source_errors,
    show,
)
from practicegraph.core.build_folder import BUILDS, CURRENT, MANIFEST
from practicegraph.core.settings import BuildSettings


@app.command()
def validate(
    output: FormatOption = Format.text,
    strict: StrictOption = False,
    full: FullOption = False,
    base: BaseOption = None,
    project_dir: ProjectOption = None,
) -> None:
    """Check the sources against the shapes (and the shapes against SHACL); write nothing."""
    from practicegraph.builder import pipeline

    outcome = pipeline.validate(
        in_project(BuildSettings, base=base, project_dir=project_dir), reuse=not full
    )
    show(outcome, output, strict)
    raise typer.Exit(0 if outcome.ok(strict) else 1)


@app.command()
def build(
    output: FormatOption = Format.text,
    strict: StrictOption = False,
    publish_to: Annotated[
        list[str] | None,
        typer.Option(
            "--publish-to",
            help="Then load the build into a remote store: its Graph Store Protocol URL. "
            "Repeat it for each store of a deployment that keeps one store per replica "
            "(default: PRACTICEGRAPH_PUBLISH_TO).",
        ),
    ] = None,
    full: FullOption = False,
    no_wait: Annotated[
        bool,
        typer.Option("--no-wait", help="Refuse, instead of waiting, if another build is running."),
    ] = False,
    base: BaseOption = None,
    project_dir: ProjectOption = None,
) -> None:
    """Validate, write a new build to dist/ and make it current; a refused build changes nothing."""
    from practicegraph.builder import pipeline
    from practicegraph.core.locking import RunningError

    settings = in_project(BuildSettings, base=base, project_dir=project_dir)
    console = Console(stderr=True)
    try:
        outcome, folder = pipeline.build(
            settings, strict, not full, wait=not no_wait, waiting=console.print
        )
    except RunningError as error:
        console.print(f"[red]error[/] {error}")
        raise typer.Exit(1) from error
    except OSError as error:
        console.print(f"[red]error[/] cannot write the build: {error}")
        raise typer.Exit(1) from error
    show(outcome, output, strict)
    if folder is None:
        raise typer.Exit(1)
    if output is Format.text:
        took = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in outcome.timings.items())
        console.print(f"build written to {folder} ({took})")
    published(folder, publish_to or settings.publish_to, settings, console, made=True)
    raise typer.Exit(0)


def published(
    folder: Path, stores: list[str], settings: BuildSettings, console: Console, made: bool = False
) -> None:
    """Load the build into each store; the first that fails ends the command (exit 1), saying
    whether the build was `made` current here meanwhile."""
    from practicegraph.builder.publish import PublishError, publish

    for url in stores:
        try:
            sent = publish(folder, url, settings.state)
        except PublishError as error:
            state = "is current and served here, but" if made else "is not published:"
            console.print(
                f"[red]error[/] build {folder.name} {state} {url} does not hold it: {error}."
                " Once the store answers, `practicegraph publish` loads it."
            )
            raise typer.Exit(1) from error
        console.print(f"published {sent} triples of build {folder.name} to {url}")


@app.command(name="publish")
def publish_build(
    to: Annotated[
        list[str] | None,
        typer.Option(
            "--to",
            help="A store's Graph Store Protocol URL; repeatable"
            " (default: PRACTICEGRAPH_PUBLISH_TO).",
        ),
    ] = None,
    build_id: Annotated[
        str | None,
        typer.Option("--build", help="A build in dist/builds/ (default: the current one)."),
    ] = None,
    base: BaseOption = None,
    project_dir: ProjectOption = None,
) -> None:
    """Load a finished build into the remote stores: after pointing dist/current at an older
    build, or into a store that was down or is new. Holds the build lock meanwhile."""
    from practicegraph.builder.lock import exclusive

    settings = in_project(BuildSettings, base=base, project_dir=project_dir)
    console = Console(stderr=True)
    stores = to or settings.publish_to
    if not stores:
        console.print(
            "[red]error[/] no store to publish to: give --to URL or set PRACTICEGRAPH_PUBLISH_TO,"
            " e.g. PRACTICEGRAPH_PUBLISH_TO='[\"http://localhost:7878/store\"]'"
        )
        raise typer.Exit(1)
    folder = (settings.dist / BUILDS / build_id) if build_id else (settings.dist / CURRENT)
    if not (folder / MANIFEST).is_file():
        kept = sorted(p.parent.name for p in (settings.dist / BUILDS).glob(f"*/{MANIFEST}"))
        console.print(
            f"[red]error[/] no finished build at {folder}: "
            + (f"the builds kept are {', '.join(kept)}" if kept else "`practicegraph build` first")
        )
        raise typer.Exit(1)
    with exclusive(settings.dist, waiting=console.print):
        published(folder.resolve(), stores, settings, console)


@app.command()
def erase(
    value: Annotated[str, typer.Argument(help="The e-mail address, telephone number or name.")],
    kind: Annotated[
        str | None,
        typer.Option(help="email, telephone or name (default: told from the value)."),
    ] = None,
    note: Annotated[
        str, typer.Option(help="Why, for the row in data/personal-data.csv.")
    ] = "erased on request",
    base: BaseOption = None,
    project_dir: ProjectOption = None,
) -> None:
    """Erase a person's value from everything served and kept: list it as personal, take it
    out of the event stream's history, build afresh and remove the builds kept for rollback.
    Prints the URLs whose bytes changed, for purging HTTP caches and CDNs."""
    from practicegraph.builder.erase import erase as erase_value
    from practicegraph.core.personal_data import KINDS

    settings = in_project(BuildSettings, base=base, project_dir=project_dir)
    if kind is not None and kind not in KINDS:
        raise typer.BadParameter(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    console = Console(stderr=True)
    with one_line_source_errors():
        erased = erase_value(settings, value, next((k for k in KINDS if k == kind), None), note)
    show(erased.outcome, Format.text, False)
    if erased.members:
        console.print(
            f"the {erased.kind} is listed personal in data/personal-data.csv and erased from"
            f" {len(erased.members)} member(s) of the event stream's history"
        )
    else:
        console.print(
            f"the {erased.kind} is listed personal in data/personal-data.csv; it is not in the"
            " event stream's history, so no page of the stream changed"
        )
    if erased.folder is None:
        console.print("[red]error[/] the build was refused: fix the data and build again")
        raise typer.Exit(1)
    console.print(f"build written to {erased.folder}; removed {len(erased.removed)} older build(s)")
    if erased.pages:
        console.print("changed pages (purge them from HTTP caches and CDNs, in every format):")
        for url in erased.urls:
            typer.echo(url)
    console.print("backups made before now still hold the value: delete them")
    raise typer.Exit(0)


@app.command()
def backup(
    target: Annotated[Path, typer.Argument(help="The archive to write (.tar.gz).")],
    base: BaseOption = None,
    project_dir: ProjectOption = None,
) -> None:
    """Back up state/ (the event stream's history, which no build can make again), holding the
    build lock so that no build writes it meanwhile. Back up after every build."""
    from practicegraph.builder.backup import BackupError
    from practicegraph.builder.backup import backup as write_backup

    settings = in_project(BuildSettings, base=base, project_dir=project_dir)
    try:
        about = write_backup(settings, target)
    except BackupError as error:
        Console(stderr=True).print(f"[red]error[/] {error}")
        raise typer.Exit(1) from error
    Console(stderr=True).print(
        f"{target}: {about.members} members of the event stream, as of build {about.build}"
    )


@app.command()
def restore(
    archive: Annotated[Path, typer.Argument(help="An archive made by `practicegraph backup`.")],
    force: Annotated[
        bool, typer.Option("--force", help="Restore a backup older than the stream served.")
    ] = False,
    base: BaseOption = None,
    project_dir: ProjectOption = None,
) -> None:
    """Put state/ back from a backup; the next build continues the event stream from it."""
    from rich.markup import escape

    from practicegraph.builder.backup import BackupError
    from practicegraph.builder.backup import restore as read_backup

    settings = in_project(BuildSettings, base=base, project_dir=project_dir)
    console = Console(stderr=True)
    try:
        about = read_backup(settings, archive, force)
    except (BackupError, OSError) as error:
        console.print(f"[red]error[/] {escape(str(error))}", soft_wrap=True, highlight=False)
        raise typer.Exit(1) from error
    console.print(f"state/ restored: {about.members} members, as of build {about.build}")
