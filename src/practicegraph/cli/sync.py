"""`practicegraph sync URL…`: one unattended round, fit for a systemd timer or cron. Harvest the
site into the mirror, import it with --sync (a new concept is published with the page's Dutch
label and waits for its translation), build, publish to the stores, back up state/.

Nothing blocks the rest: a page the import cannot take (an ambiguous place name, a hand-edited
file) is held, its last version stays published, and it waits for review with every other open
decision. Exit codes: 0 published and nothing waits; 3 published while decisions wait (from this
run or an earlier one); 1 nothing published, the last build still serving (among others when no
start page could be read: an unreachable site is no reason to build, nor a success to record).
A round whose harvest missed some start pages publishes what it read, with its code, but is not
quiet.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from practicegraph.builder import pipeline
from practicegraph.builder.backup import backup
from practicegraph.builder.publish import PublishError, publish
from practicegraph.core import sync_record
from practicegraph.core.reading import SourceError
from practicegraph.core.settings import BuildSettings, HarvestSettings
from practicegraph.ingest import lists
from practicegraph.ingest.harvest import Harvester, Report
from practicegraph.ingest.importer import Importer, Options
from practicegraph.ingest.mirror import Mirror
from practicegraph.ingest.review import open_decisions
from practicegraph.ingest.site import candidates
from practicegraph.ingest.sync import withdraw

PUBLISHED, WAITING, FAILED = 0, 3, 1
HELD = ("failed", "refused")


@dataclass
class Round:
    """What one sync did: its JSON report, and the summary a person reads."""

    harvested: Report | None = None
    imported: dict[str, int] = field(default_factory=dict)
    held: list[str] = field(default_factory=list)
    build: str | None = None
    published: list[str] = field(default_factory=list)
    backup: str | None = None
    waiting: int = 0
    failed: str | None = None

    @property
    def code(self) -> int:
        return FAILED if self.failed else WAITING if self.waiting else PUBLISHED

    @property
    def quiet(self) -> bool:
        """All is well: published, nothing waits, and the harvest read every start page (one
        it could not read keeps every page from counting as gone, so no withdrawal happens
        until it reads again: someone should know)."""
        return self.code == PUBLISHED and (self.harvested is None or self.harvested.complete)

    def summary(self) -> str:
        harvested = self.harvested or Report()
        lines = [
            f"harvest: {harvested.requests} requests, {harvested.not_modified} not modified,"
            f" {len(harvested.added)} added, {len(harvested.updated)} updated,"
            f" {len(harvested.moved)} moved, {len(harvested.dropped)} gone,"
            f" {len(harvested.transient)} failed for now",
            *(
                f"start page {url} could not be read: {why}"
                for url, why in harvested.unread.items()
            ),
            *([] if harvested.complete else ["no page counts as gone this time"]),
            "import: "
            + (", ".join(f"{n} {status}" for status, n in sorted(self.imported.items())) or "none"),
            *(f"held: {page}" for page in self.held),
        ]
        if self.failed:
            lines.append(f"nothing published, the last build still serves: {self.failed}")
        else:
            lines.append(
                f"published build {self.build}" + "".join(f", to {u}" for u in self.published)
            )
        if self.waiting:
            lines.append(f"{self.waiting} decision(s) wait: practicegraph review")
        return "\n".join(lines)


def run(
    settings: BuildSettings,
    harvesting: HarvestSettings,
    starts: list[str],
    mirror: Path,
    stores: list[str],
    backups: Path | None,
) -> Round:
    done = Round()
    try:
        lists.check(settings)  # a malformed list would stop the import half-way
    except SourceError as error:
        done.failed = f"{error}: fix it, the next sync imports the site"
        return done
    with (
        httpx.Client(timeout=harvesting.harvest_timeout) as client,
        Mirror.claimed(mirror) as claimed,
    ):
        done.harvested = Harvester(harvesting, claimed, client).run(starts)
    if not done.harvested.reached:
        done.failed = "no start page could be read (the site, or the way to it, is down)"
        return done
    importer = Importer(settings)
    options = Options(new_concepts=True)
    results = [
        importer.run(c.path, options, c.address, True, c.formerly) for c in candidates(mirror)
    ]
    results += withdraw(importer, results, options, Mirror.open(mirror).sites())
    done.imported = dict(Counter(r.status for r in results))
    done.held = [
        f"{r.address or r.page}: {'; '.join(r.errors)}" for r in results if r.status in HELD
    ]
    outcome, folder = pipeline.build(settings)
    if folder is None:
        problems = [f.message for f in outcome.violations] or [str(outcome.load_error)]
        done.failed = f"the build was refused: {problems[0]}"
        return done
    done.build = folder.name
    for url in stores:
        try:
            publish(folder, url, settings.state)
        except PublishError as error:
            done.failed = f"the build is current here, but not in {url}: {error}"
            return done
        done.published.append(url)
    if backups is not None:
        target = backups / f"state-{folder.name}.tar.gz"
        backup(settings, target)
        done.backup = str(target)
    sync_record.write(settings.state, sync_record.SyncRecord(time.time(), 0, done.held))
    done.waiting = len(open_decisions(settings))  # the held pages among them
    sync_record.write(settings.state, sync_record.SyncRecord(time.time(), done.waiting, done.held))
    return done
