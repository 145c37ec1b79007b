"""The build as one function: load → generate → validate → freeze; nothing is written on failure."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Executor
from datetime import UTC, datetime
from pathlib import Path

from practicegraph.builder.clock import Clock
from practicegraph.builder.collector import fewer_collections
from practicegraph.builder.freeze import contacts
from practicegraph.builder.freeze.beside import spare
from practicegraph.builder.freeze.folder import freeze
from practicegraph.builder.generate import catalog, codelists, places
from practicegraph.builder.link import persistence, withdrawn
from practicegraph.builder.link.derive import derive
from practicegraph.builder.link.reconcile import Reconciler
from practicegraph.builder.lock import exclusive
from practicegraph.builder.outcome import Outcome
from practicegraph.builder.parse import previous, sources
from practicegraph.builder.parse.sources import SourceGraph
from practicegraph.builder.validate import dcatapvl, deactivated
from practicegraph.builder.validate.findings import (
    Finding,
    finding_from_json,
    ordered,
    union,
    validate_shapes,
)
from practicegraph.builder.validate.in_parts import StoreFacts, judge, validate_in_parts
from practicegraph.builder.validate.shacl_engine import Engine
from practicegraph.core.build_folder import STORE
from practicegraph.core.personal_data import read as read_personal
from practicegraph.core.reading import SourceError
from practicegraph.core.redirects import Redirect
from practicegraph.core.redirects import read as read_redirects
from practicegraph.core.reference.resolver import Resolver
from practicegraph.core.settings import BuildSettings
from practicegraph.core.vocab import Minted


def assemble(
    settings: BuildSettings,
    built_at: datetime | None = None,
    plan: previous.Plan | None = None,
    redirects: list[Redirect] | None = None,
) -> list[SourceGraph]:
    """The named graphs a build makes: the sources parsed, the generated places (unless the
    build starts from the last one, which has them), the catalog, the redirects (read here unless
    given). Without a plan, all of them."""
    minted = Minted(settings.base)
    if plan is None:
        plan = previous.full(settings, sources.scan(settings), {})
    generated = (
        []
        if plan.incremental
        else places.generate(settings, minted) + codelists.generate(settings, minted)
    )
    return [
        *plan.parsed,
        *generated,
        catalog.generate(settings, minted, built_at or datetime.now(UTC)),
        persistence.generate(
            read_redirects(settings.project_dir, minted) if redirects is None else redirects,
            minted,
        ),
    ]


def validate(settings: BuildSettings, reuse: bool = False) -> Outcome:
    """Load and validate in phases, each only if the one before found no violation: the shapes
    against SHACL's own shapes, place names against the reference lists, then the data.

    With `reuse`, only what changed since the last good build is parsed and validated (see
    `previous`); the outcome's graphs are then those parsed, and its plan says the rest."""
    minted, now, clock = Minted(settings.base), datetime.now(UTC), Clock()
    try:
        with clock("parse"):
            plan = previous.plan(settings, sources.scan(settings), reuse)
            redirects = read_redirects(settings.project_dir, minted)
            graphs = assemble(settings, now, plan, redirects)
            resolver = Resolver.from_reference(settings.reference_dir)
            personal = read_personal(settings.project_dir)
    except SourceError as error:
        return Outcome(load_error=error, built_at=now, timings=clock.seconds, cpu=clock.cpu)
    outcome = Outcome(
        graphs, built_at=now, timings=clock.seconds, cpu=clock.cpu, plan=plan, personal=personal
    )
    if not plan.incremental:
        with clock("check shapes"):
            outcome.findings += validate_shapes(graphs, minted, settings.project_dir)
            outcome.findings += deactivated.warnings(graphs, minted, settings.project_dir)
        if outcome.violations:
            return outcome
    with clock("link"):
        outcome.findings += Reconciler(resolver, minted, settings.project_dir).run(
            graphs + plan.revalidated
        )
        tombstones = withdrawn.buried(graphs)
        if plan.folder is not None:
            tombstones = withdrawn.buried_in_store(plan.folder / STORE, minted) | tombstones
        derive(graphs + plan.revalidated, settings, minted, resolver)
        outcome.findings += withdrawn.described_again(
            graphs, tombstones, minted, settings.project_dir
        )
        outcome.findings += persistence.check(settings, plan, graphs, tombstones, redirects)
    if outcome.violations:
        return outcome
    with clock("validate"):
        if plan.incremental:
            outcome.findings += revalidate(settings, plan, graphs)
        else:
            workers = os.cpu_count() or 1
            outcome.findings += validate_in_parts(graphs, minted, settings.project_dir, workers)
    with clock("DCAT-AP VL"):
        outcome.findings += dcatapvl.validate(
            catalog_graphs(settings, plan, graphs), minted, settings.project_dir
        )
    if not plan.incremental:  # an incremental build keeps the last build's warnings of the list
        outcome.findings += contacts.to_review(personal)
    with clock("personal data"):
        people = settings.publish_personal_contacts
        for source in graphs + plan.revalidated:  # as published: by the rule, after validation
            outcome.findings += contacts.named_after(source, personal)
            if source.kind in RULED:
                withheld = contacts.publish(source.graph, personal, people)
                found = contacts.unreviewed(source, withheld, minted, settings.project_dir)
                outcome.findings += found
    return outcome


RULED = ("data", "ontology")
"""The graphs people write and the site publishes: the practices and the concept schemes. The
shapes are the build's own rules, which name no one; reference and generated graphs come from
registers and settings."""


def catalog_graphs(
    settings: BuildSettings, plan: previous.Plan, graphs: list[SourceGraph]
) -> list[SourceGraph]:
    """The graphs of the catalog document: the generated one and data/catalog.ttl, parsed now
    if this build takes it over from the last one."""
    minted = Minted(settings.base)
    names = {minted.graph("catalog"), minted.graph("data/catalog")}
    found = [g for g in graphs if g.name in names]
    have = {g.name for g in found}
    found += [sources.parse(settings, f) for f in plan.files if f.name in names - have]
    return found


def revalidate(
    settings: BuildSettings, plan: previous.Plan, graphs: list[SourceGraph]
) -> list[Finding]:
    """The changed practice files and those linking to them, judged with facts from the last
    build's store; the last build's warnings about every other file still hold."""
    assert plan.folder is not None
    assert plan.manifest is not None
    minted = Minted(settings.base)
    shapes = union([sources.parse(settings, f) for f in plan.files if f.kind == "shapes"])
    units = [g for g in graphs if previous.is_unit(g, minted)] + plan.revalidated
    facts = StoreFacts(units, minted, plan.folder / STORE, plan.replaced)
    found = judge(units, Engine(shapes), facts, minted, settings.project_dir)
    gone = {g.source for g in plan.manifest.graphs if g.name in plan.replaced}
    gone.discard(catalog.GENERATOR.as_posix())  # made again, from the same settings
    gone |= {unit.path.as_posix() for unit in units}
    kept = [finding_from_json(w) for w in plan.manifest.warnings if w["file"] not in gone]
    return ordered(found + kept)


def build(
    settings: BuildSettings,
    strict: bool = False,
    reuse: bool = True,
    wait: bool = True,
    waiting: Callable[[str], None] | None = None,
) -> tuple[Outcome, Path | None]:
    """Validate, then freeze a new build; returns the build folder, or None if refused. One
    build of a project at a time (`lock`): another waits, or without `wait` is refused."""
    with exclusive(settings.dist, wait, waiting), fewer_collections():
        return build_alone(settings, strict, reuse)


def build_alone(settings: BuildSettings, strict: bool, reuse: bool) -> tuple[Outcome, Path | None]:
    from_nothing = not reuse or previous.last_build(settings) is None
    with spare(from_nothing, freeze.__module__) as process:  # the dumps' process, started early
        return validate_and_freeze(settings, strict, reuse, process)


def validate_and_freeze(
    settings: BuildSettings, strict: bool, reuse: bool, process: Executor | None
) -> tuple[Outcome, Path | None]:
    outcome = validate(settings, reuse)
    if not outcome.ok(strict):
        return outcome, None
    clock = Clock(outcome.timings, outcome.cpu)
    try:
        with clock("freeze"):
            folder = freeze(outcome, settings, process)
    except SourceError as error:  # e.g. an event stream history for another base
        failed = Outcome(outcome.graphs, outcome.findings, error, outcome.built_at)
        return failed, None
    return outcome, folder
