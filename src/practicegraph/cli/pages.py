"""The commands about the source: harvest the site, import pages, withdraw practices, sync
unattended, and review what waits for a person."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from practicegraph.cli.common import (
    BaseOption,
    ProjectOption,
    app,
    in_project,
    one_line_source_errors,
    refuse,
    report_target,
    settings_from,
    write_report,
)
from practicegraph.core.settings import BuildSettings

if TYPE_CHECKING:
    from practicegraph.ingest.harvest import Report
    from practicegraph.ingest.importer import Imported, Importer, Options
    from practicegraph.ingest.site import Candidate


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
    from dataclasses import asdict

    import httpx

    from practicegraph.core.settings import HarvestSettings
    from practicegraph.ingest.harvest import Harvester, HarvestError
    from practicegraph.ingest.mirror import Mirror

    settings = settings_from(HarvestSettings, project_dir=project_dir, harvest_pattern=pattern)
    report_file = report_target(report_file)
    console = Console(stderr=True)
    with (
        httpx.Client(timeout=settings.harvest_timeout, follow_redirects=False) as client,
        Mirror.claimed(mirror, console.print) as claimed,
    ):
        try:
            harvester = Harvester(settings, claimed, client)
        except HarvestError as error:
            console.print(f"[red]error[/] {error}")
            raise typer.Exit(1) from error
        done = harvester.run(urls)
    if report_file is not None:
        write_report(report_file, asdict(done))
    harvested(console, done)


def harvested(console: Console, done: Report) -> None:
    """The harvest in words, each start page it could not read with why; exit 1 when it read
    none (the site, or the way to it, is down: it learnt nothing), else 0."""
    console.print(
        f"{done.requests} requests ({done.not_modified} not modified, {done.bytes} bytes):"
        f" {len(done.added)} added, {len(done.updated)} updated, {len(done.unchanged)}"
        f" unchanged, {len(done.moved)} moved, {len(done.gone)} gone ({len(done.dropped)}"
        f" dropped), {len(done.transient)} failed for now, {len(done.refused)} refused"
    )
    for start, why in done.unread.items():
        console.print(
            f"start page {escape(start)} could not be read: {escape(why)}", soft_wrap=True
        )
    if not done.reached:
        refuse(
            "no start page could be read (the site, or the way to it, is down): nothing harvested"
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
        typer.Option(
            "--truncated", help="The copies are cut off: record it, drop the unfinished sentence."
        ),
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
    from practicegraph.ingest.importer import Options

    found = page_candidates(pages, sync, named=title is not None or url is not None)
    day = reference_day(reference_date)
    settings = in_project(BuildSettings, base=base, project_dir=project_dir)
    report_file = report_target(report_file)
    options = Options(title, day, new_concepts, force, truncated, url)
    console = Console(stderr=True)
    results = imported(settings, found, options, pages if sync else None, console)
    report_imports(console, results, report_file)
    failed = any(r.status in ("failed", "refused") for r in results)
    raise typer.Exit(1 if failed else 0)


def imported(
    settings: BuildSettings,
    found: list[tuple[Candidate, bool]],
    options: Options,
    synced: list[Path] | None,
    console: Console,
) -> list[Imported]:
    """Every page imported, then (--sync: the folders given) the practices of their sites
    whose page is gone withdrawn. The lists in data/ are read first: a malformed one refuses
    the whole import before any page, in one line."""
    from practicegraph.ingest import lists
    from practicegraph.ingest.importer import Importer

    with one_line_source_errors():
        lists.check(settings)
        importer = Importer(settings)
        results = import_each(importer, found, options, console)
        if synced is not None:
            from practicegraph.ingest.mirror import Mirror
            from practicegraph.ingest.sync import withdraw

            sites = frozenset().union(*(Mirror.open(given).sites() for given in synced))
            results += withdraw(importer, results, options, sites)
    return results


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
    a folder holds no page, --sync is given single pages, or --title and --url (named) more
    than one."""
    from practicegraph.ingest.site import Candidate, candidates

    found: list[tuple[Candidate, bool]] = []
    for given in pages:
        if given.is_dir():
            inside = [(candidate, True) for candidate in candidates(given)]
            if not inside:  # a wrong folder, or a mirror no harvest has filled
                refuse(f"no pages found in {given}: nothing imported")
            found += inside
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
    """Withdraw practices: remove their files (and their page copies in data/sources/); after
    the next build their IRIs answer 410 Gone with a tombstone (data/withdrawn.ttl) and the event
    stream publishes their deletion. A build refuses a practice file that is simply deleted, as
    its IRIs would answer 404."""
    from datetime import UTC, datetime

    from practicegraph.core.reading import SourceError
    from practicegraph.core.vocab import Minted
    from practicegraph.ingest.records import Records
    from practicegraph.ingest.sync import remove_copy
    from practicegraph.ingest.tombstones import Reason, Tombstones

    settings = in_project(BuildSettings, base=base, project_dir=project_dir)
    minted = Minted(settings.base)
    tombstones = Tombstones(settings.data_dir, minted)
    records = Records(settings.data_dir / "practices", minted)
    why = Reason(reason, reason_en)
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
        record = next((r for r in records.records if r.file.resolve() == path.resolve()), None)
        try:
            buried = tombstones.withdraw_file(path, datetime.now(UTC), why)
        except (SourceError, OSError) as error:
            console.print(f"[red]error[/] {error}")
            failed = True
            continue
        if record is not None:
            remove_copy(settings.project_dir, records, record)
        console.print(
            f"{given}: withdrawn ({len(buried)} IRI(s)); they answer 410 Gone once you build"
            " (practicegraph build or make build; a running server follows the new build)"
        )
    raise typer.Exit(1 if failed else 0)


@app.command()
def sync(
    urls: Annotated[list[str], typer.Argument(help="Sitemaps or listing pages to start from.")],
    mirror: Annotated[Path, typer.Option(help="The mirror folder the harvest keeps.")],
    publish_to: Annotated[
        list[str] | None,
        typer.Option(
            "--publish-to",
            help="A store's Graph Store Protocol URL; repeatable (default:"
            " PRACTICEGRAPH_PUBLISH_TO).",
        ),
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
    from dataclasses import asdict

    from practicegraph.cli.sync import FAILED, run
    from practicegraph.core.locking import RunningError, held
    from practicegraph.core.settings import HarvestSettings
    from practicegraph.ingest.harvest import HarvestError

    settings = in_project(BuildSettings, base=base, project_dir=project_dir)
    harvesting = settings_from(HarvestSettings, project_dir=project_dir)
    report_file = report_target(report_file)
    console = Console(stderr=True)
    try:
        with held(settings.state / "sync.lock", "sync", not no_wait, console.print):
            done = run(
                settings, harvesting, urls, mirror, publish_to or settings.publish_to, backup_dir
            )
    except (RunningError, HarvestError) as error:
        console.print(f"[red]error[/] {error}")
        raise typer.Exit(FAILED) from error
    reported = report_file is None or write_report(report_file, {**asdict(done), "code": done.code})
    if not done.quiet or not reported:
        console.print(done.summary())
    raise typer.Exit(done.code)


@app.command()
def review(project_dir: ProjectOption = None, base: BaseOption = None) -> None:
    """List every decision that waits for a person, with the edit that settles it. Exit 0 when
    none waits, 3 when some do (for scripts and timers), 1 when a list in data/ is malformed."""
    from practicegraph.ingest.review import open_decisions, written

    settings = in_project(BuildSettings, base=base, project_dir=project_dir)
    with one_line_source_errors():
        decisions = open_decisions(settings)
    if not decisions:
        typer.echo("nothing waits for review")
        raise typer.Exit(0)
    typer.echo(written(decisions), nl=False)
    typer.echo(f"{len(decisions)} decision(s) wait for review")
    raise typer.Exit(3)
