"""`practicegraph …`: import pages, validate, build and serve the dataset.

Exit codes: 0 valid (warnings allowed unless --strict); 1 invalid data (a parse error, a SHACL
violation, or with --strict a warning), a build that could not be written, or a page that could
not be imported; 2 wrong usage.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

import typer
from pydantic import ValidationError
from pydantic_settings import SettingsError
from rich.console import Console

from practicegraph.builder import pipeline
from practicegraph.builder.outcome import Outcome
from practicegraph.builder.validate import report
from practicegraph.core.settings import PREFIX, BuildSettings, Locations, ServeSettings
from practicegraph.web.served_build import NoBuildError, ServedBuild

if TYPE_CHECKING:
    import tempfile

    from practicegraph.ingest.importer import Imported, Importer, Options
    from practicegraph.ingest.site import Candidate

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


EXAMPLES = {
    "trusted_proxies": """, e.g. '["127.0.0.1"]'""",
    "operator_token": ", e.g. the output of `openssl rand -hex 24`",
    "base": ", e.g. https://data.example.be/praktijken/",
}
"""Examples for the settings people get wrong most, added to the error that names them."""


def setting_problem(kind: type[S], error: Any) -> str:
    """One validation error as the setting's variable, the problem and, where known, an example."""
    field = str(error["loc"][0]) if error.get("loc") else ""
    name = f"{PREFIX}{field.upper()}" if field in kind.model_fields else field or "a setting"
    return f"{name}: {str(error['msg']).lower()}{EXAMPLES.get(field, '')}"


def show(outcome: Outcome, output: Format, strict: bool) -> None:
    if output is Format.json:
        typer.echo(report.as_json(outcome, strict))
    else:
        report.as_text(outcome, Console(stderr=True), strict)


@app.command()
def validate(
    output: FormatOption = Format.text,
    strict: StrictOption = False,
    full: FullOption = False,
    base: BaseOption = None,
    project_dir: ProjectOption = None,
) -> None:
    """Check the sources against the shapes (and the shapes against SHACL); write nothing."""
    outcome = pipeline.validate(
        settings_from(BuildSettings, base=base, project_dir=project_dir), reuse=not full
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
            "Repeat it for each store of a deployment that keeps one store per replica.",
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
    from practicegraph.builder.publish import PublishError, publish
    from practicegraph.core.locking import RunningError

    settings = settings_from(BuildSettings, base=base, project_dir=project_dir)
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
    for url in publish_to or []:
        try:
            sent = publish(folder, url, settings.state)
        except PublishError as error:
            console.print(f"[red]error[/] the build is current here, but not published: {error}")
            raise typer.Exit(1) from error
        console.print(f"published {sent} triples to {url}")
    raise typer.Exit(0)


@app.command()
def harvest(
    urls: Annotated[list[str], typer.Argument(help="Sitemaps or listing pages to start from.")],
    mirror: Annotated[
        Path, typer.Option(help="The mirror folder, which `import DIR --sync` then reads.")
    ],
    pattern: Annotated[
        str | None,
        typer.Option(
            help="Regex searched in each address: the practice pages"
            " (env PRACTICEGRAPH_HARVEST_PATTERN)."
        ),
    ] = None,
    report_file: Annotated[
        Path | None, typer.Option("--report", help="Also write what happened as JSON.")
    ] = None,
    project_dir: ProjectOption = None,
) -> None:
    """Fetch the source site into a mirror folder: by robots.txt, at a polite rate, with
    conditional requests; a page is dropped only when gone in consecutive harvests."""
    import json
    from dataclasses import asdict

    import httpx

    from practicegraph.core.settings import HarvestSettings
    from practicegraph.ingest.harvest import Harvester, HarvestError
    from practicegraph.ingest.mirror import Mirror

    settings = settings_from(HarvestSettings, project_dir=project_dir, harvest_pattern=pattern)
    console = Console(stderr=True)
    with httpx.Client(timeout=settings.harvest_timeout, follow_redirects=False) as client:
        try:
            harvester = Harvester(settings, Mirror.open(mirror), client)
        except HarvestError as error:
            console.print(f"[red]error[/] {error}")
            raise typer.Exit(1) from error
        done = harvester.run(urls)
    if report_file is not None:
        report_file.write_text(json.dumps(asdict(done), indent=2) + "\n", encoding="utf-8")
    console.print(
        f"{done.requests} requests ({done.not_modified} not modified, {done.bytes} bytes):"
        f" {len(done.added)} added, {len(done.updated)} updated, {len(done.unchanged)}"
        f" unchanged, {len(done.moved)} moved, {len(done.gone)} gone ({len(done.dropped)}"
        f" dropped), {len(done.transient)} failed for now, {len(done.refused)} refused"
    )
    if not done.complete:
        console.print("a start page could not be read: no page counts as gone this time")
    raise typer.Exit(0)


@app.command("import")
def import_pages(
    pages: Annotated[
        list[Path],
        typer.Argument(help="Page copies (text, or the page's HTML), or folders of a saved site."),
    ],
    title: Annotated[
        str | None, typer.Option(help="The practice's title, for one page without a heading.")
    ] = None,
    url: Annotated[
        str | None, typer.Option(help="The page's address, for one page that does not say it.")
    ] = None,
    reference_date: Annotated[
        str | None,
        typer.Option(help="Date the page's municipality names are valid on (YYYY-MM-DD)."),
    ] = None,
    truncated: Annotated[
        bool,
        typer.Option("--truncated", help="The copies are cut off: record it, drop a cut line."),
    ] = False,
    new_concepts: Annotated[
        bool, typer.Option("--new-concepts", help="Add unknown labels to the schemes for review.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace files that were edited since their import.")
    ] = False,
    sync: Annotated[
        bool,
        typer.Option("--sync", help="Withdraw the practices of the same site whose page is gone."),
    ] = False,
    report_file: Annotated[
        Path | None,
        typer.Option("--report", help="Write per page the outcome, IRI and warnings as JSON."),
    ] = None,
    base: BaseOption = None,
    project_dir: ProjectOption = None,
) -> None:
    """Turn practice pages into one Turtle file each under data/practices/."""
    from practicegraph.ingest.importer import Importer, Options

    found = page_candidates(pages, sync, named=title is not None or url is not None)
    day = reference_day(reference_date)
    settings = settings_from(BuildSettings, base=base, project_dir=project_dir)
    options = Options(title, day, new_concepts, force, truncated, url)
    console = Console(stderr=True)
    importer = Importer(settings)
    results = import_each(importer, found, options, console)
    if sync:
        from practicegraph.ingest.mirror import Mirror
        from practicegraph.ingest.sync import withdraw

        sites = frozenset().union(*(Mirror.open(given).sites() for given in pages))
        results += withdraw(importer, results, options, sites)
    report_imports(console, results, report_file)
    failed = any(r.status in ("failed", "refused") for r in results)
    raise typer.Exit(1 if failed else 0)


def import_each(
    importer: Importer, found: list[tuple[Candidate, bool]], options: Options, console: Console
) -> list[Imported]:
    """Every page in turn, under a progress bar that goes when done; a page's problem is on its
    result, so one bad page does not stop the rest."""
    from rich.progress import Progress

    results = []
    with Progress(console=console, transient=True) as progress:
        for candidate, in_folder in progress.track(found, description="importing"):
            results.append(
                importer.run(
                    candidate.path, options, candidate.address, in_folder, candidate.formerly
                )
            )
    return results


def page_candidates(pages: list[Path], sync: bool, named: bool) -> list[tuple[Candidate, bool]]:
    """The pages to import, each with whether a folder held it; refused before any import when
    --sync is given single pages, or --title and --url (named) more than one."""
    from practicegraph.ingest.site import Candidate, candidates

    found: list[tuple[Candidate, bool]] = []
    for given in pages:
        if given.is_dir():
            found += [(candidate, True) for candidate in candidates(given)]
        else:
            found.append((Candidate(given, None), False))
    if sync and not all(given.is_dir() for given in pages):
        raise typer.BadParameter("--sync compares a whole saved site: give folders only")
    if named and len(found) > 1:
        raise typer.BadParameter("--title and --url name one page: give one page with them")
    return found


def reference_day(reference_date: str | None) -> date | None:
    """--reference-date as a date; a wrong one is a usage error, not a failed import."""
    try:
        return date.fromisoformat(reference_date) if reference_date is not None else None
    except ValueError as error:
        raise typer.BadParameter(f"--reference-date: not a date: {reference_date}") from error


def report_imports(console: Console, results: list[Imported], report_file: Path | None) -> None:
    """Each page's details, the table of all, and the JSON report when one is asked for."""
    from practicegraph.ingest import summary

    for result in results:
        summary.details(console, result)
    console.print(summary.table(results))
    if report_file is not None:
        summary.write_report(report_file, results)


@app.command()
def withdraw(
    files: Annotated[list[Path], typer.Argument(help="Practice files under data/practices/.")],
    reason: Annotated[
        str, typer.Option(help="Why, in Dutch: the 410 page and the tombstone say it.")
    ],
    reason_en: Annotated[str | None, typer.Option(help="Why, in English.")] = None,
    base: BaseOption = None,
    project_dir: ProjectOption = None,
) -> None:
    """Withdraw practices: remove their files; their IRIs answer 410 Gone with a tombstone
    (data/withdrawn.ttl) and the event stream publishes their deletion. A build refuses a
    practice file that is simply deleted, as its IRIs would answer 404."""
    from datetime import UTC, datetime

    from practicegraph.core.reading import SourceError
    from practicegraph.core.vocab import Minted
    from practicegraph.ingest.tombstones import Reason, Tombstones

    settings = settings_from(BuildSettings, base=base, project_dir=project_dir)
    tombstones = Tombstones(settings.data_dir, Minted(settings.base))
    why = Reason(reason, reason_en or reason)
    console = Console(stderr=True)
    failed = False
    practices = (settings.data_dir / "practices").resolve()
    for given in files:
        path = given if given.exists() else settings.project_dir / given
        if practices not in path.resolve().parents:
            console.print(
                f"[red]error[/] {given} is not a practice file of the project"
                f" ({practices}): nothing withdrawn"
            )
            failed = True
            continue
        try:
            buried = tombstones.withdraw_file(path, datetime.now(UTC), why)
        except (SourceError, OSError) as error:
            console.print(f"[red]error[/] {error}")
            failed = True
            continue
        console.print(f"{given}: withdrawn, {len(buried)} IRI(s) now answer 410 Gone")
    raise typer.Exit(1 if failed else 0)


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

    settings = settings_from(BuildSettings, base=base, project_dir=project_dir)
    if kind is not None and kind not in KINDS:
        raise typer.BadParameter(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    console = Console(stderr=True)
    erased = erase_value(settings, value, next((k for k in KINDS if k == kind), None), note)
    show(erased.outcome, Format.text, False)
    console.print(
        f"the {erased.kind} is listed personal in data/personal-data.csv and erased from"
        f" {len(erased.members)} member(s) of the event stream's history"
    )
    if erased.folder is None:
        console.print("[red]error[/] the build was refused: fix the data and build again")
        raise typer.Exit(1)
    console.print(f"build written to {erased.folder}; removed {len(erased.removed)} older build(s)")
    if erased.pages:
        console.print("changed pages (purge them from HTTP caches and CDNs, in every format):")
        for url in erased.pages:
            typer.echo(url)
    console.print("backups made before now still hold the value: delete them")
    raise typer.Exit(0)


@app.command()
def sync(
    urls: Annotated[list[str], typer.Argument(help="Sitemaps or listing pages to start from.")],
    mirror: Annotated[Path, typer.Option(help="The mirror folder the harvest keeps.")],
    publish_to: Annotated[
        list[str] | None,
        typer.Option("--publish-to", help="A store's Graph Store Protocol URL; repeatable."),
    ] = None,
    backup_dir: Annotated[
        Path | None, typer.Option(help="Back up state/ here after each published build.")
    ] = None,
    report_file: Annotated[
        Path | None, typer.Option("--report", help="Also write what happened as JSON.")
    ] = None,
    no_wait: Annotated[
        bool, typer.Option("--no-wait", help="Exit 1, rather than wait, while a sync runs.")
    ] = False,
    base: BaseOption = None,
    project_dir: ProjectOption = None,
) -> None:
    """Harvest, import with --sync, build, publish and back up, in one round for a timer. Quiet
    when all is well; otherwise a summary on standard error. Exit 0 published, 3 published while
    decisions wait (practicegraph review), 1 nothing published."""
    import json
    from dataclasses import asdict

    from practicegraph.cli.sync import FAILED, run
    from practicegraph.core.locking import RunningError, held
    from practicegraph.core.settings import HarvestSettings
    from practicegraph.ingest.harvest import HarvestError

    settings = settings_from(BuildSettings, base=base, project_dir=project_dir)
    harvesting = settings_from(HarvestSettings, project_dir=project_dir)
    console = Console(stderr=True)
    try:
        with held(settings.state / "sync.lock", "sync", not no_wait, console.print):
            done = run(settings, harvesting, urls, mirror, publish_to or [], backup_dir)
    except (RunningError, HarvestError) as error:
        console.print(f"[red]error[/] {error}")
        raise typer.Exit(FAILED) from error
    if report_file is not None:
        report = {**asdict(done), "code": done.code}
        report_file.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    if done.code:
        console.print(done.summary())
    raise typer.Exit(done.code)


@app.command()
def review(project_dir: ProjectOption = None, base: BaseOption = None) -> None:
    """List every decision that waits for a person, with the edit that settles it. Exit 0 when
    none waits, 3 when some do (for scripts and timers)."""
    from practicegraph.ingest.review import open_decisions, written

    settings = settings_from(BuildSettings, base=base, project_dir=project_dir)
    decisions = open_decisions(settings)
    if not decisions:
        typer.echo("nothing waits for review")
        raise typer.Exit(0)
    typer.echo(written(decisions), nl=False)
    typer.echo(f"{len(decisions)} decision(s) wait for review")
    raise typer.Exit(3)


@app.command()
def backup(
    target: Annotated[Path, typer.Argument(help="The archive to write (.tar.gz).")],
    base: BaseOption = None,
    project_dir: ProjectOption = None,
) -> None:
    """Back up state/ (the event stream's history, which no build can make again), holding the
    build lock so that no build writes it meanwhile. Back up after every build."""
    from practicegraph.builder.backup import backup as write_backup

    settings = settings_from(BuildSettings, base=base, project_dir=project_dir)
    about = write_backup(settings, target)
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

    settings = settings_from(BuildSettings, base=base, project_dir=project_dir)
    console = Console(stderr=True)
    try:
        about = read_backup(settings, archive, force)
    except (BackupError, OSError) as error:
        console.print(f"[red]error[/] {escape(str(error))}", soft_wrap=True, highlight=False)
        raise typer.Exit(1) from error
    console.print(f"state/ restored: {about.members} members, as of build {about.build}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes.")] = 1,
    store: Annotated[
        str | None,
        typer.Option(help="Serve from this SPARQL endpoint instead (env PRACTICEGRAPH_STORE)."),
    ] = None,
    base: BaseOption = None,
    project_dir: ProjectOption = None,
) -> None:
    """Serve the current build read-only over HTTP (FastAPI on uvicorn)."""
    import asyncio
    from functools import partial

    settings = settings_from(ServeSettings, base=base, project_dir=project_dir, store=store)
    own_metrics = metrics_folder()

    import uvicorn

    from practicegraph.web import logs
    from practicegraph.web.request_head import BoundedHead, Bounds

    hand_off(settings)
    trusted = settings.trusted_proxies
    try:
        uvicorn.run(
            "practicegraph.web.app:from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            proxy_headers=bool(trusted),
            forwarded_allow_ips=",".join(trusted) if trusted else None,
            server_header=False,
            # a picklable partial, so that uvicorn's worker processes get the bounds too
            http=cast("type[asyncio.Protocol]", partial(BoundedHead, bounds=Bounds.of(settings))),
            access_log=False,  # practicegraph.access logs each request, with its id
            log_config=logs.config(settings.log_format, settings.log_level),
        )
    finally:
        if own_metrics is not None:
            own_metrics.cleanup()


def metrics_folder() -> tempfile.TemporaryDirectory[str] | None:
    """Metrics of every worker process are added up at /metrics from one folder, which must be
    set before they are created; the one made here (none was given) goes when the server stops."""
    import os
    import tempfile

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return None
    own_metrics = tempfile.TemporaryDirectory(prefix="practicegraph-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = own_metrics.name
    return own_metrics


def hand_off(settings: ServeSettings) -> None:
    """Refuse to start without a build; then hand the settings, their paths made absolute, to
    uvicorn's worker processes, which read them from the environment."""
    import os

    from practicegraph.web.app import HANDOFF

    try:
        ServedBuild.open(settings)
    except NoBuildError as error:
        Console(stderr=True).print(f"[red]error[/] {error}")
        raise typer.Exit(1) from error
    located = settings.model_copy(
        update={
            name: getattr(settings, name).resolve()
            for name in Locations.model_fields
            if getattr(settings, name) is not None
        }
    )
    os.environ[HANDOFF] = located.model_dump_json()
