"""`practicegraph serve`: the current build over HTTP, on uvicorn."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, cast

import typer

from practicegraph.cli.common import (
    BaseOption,
    ProjectOption,
    app,
    not_a_project,
    refuse,
    settings_from,
)
from practicegraph.core.settings import HANDOFF, PROJECT_HINT, Locations, ServeSettings
from practicegraph.web.served_build import NoBuildError, ServedBuild

if TYPE_CHECKING:
    import tempfile


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes.")] = 1,
    store: Annotated[
        list[str] | None,
        typer.Option(
            help="Serve from this SPARQL query endpoint instead; repeat it for each replica of "
            "the dataset, queried in turn (env PRACTICEGRAPH_STORE, a URL or a JSON list)."
        ),
    ] = None,
    base: BaseOption = None,
    project_dir: ProjectOption = None,
) -> None:
    """Serve the current build read-only over HTTP (FastAPI on uvicorn)."""
    import asyncio
    from functools import partial

    settings = settings_from(ServeSettings, base=base, project_dir=project_dir, store=store or None)
    own_metrics = metrics_folder()

    import uvicorn

    from practicegraph.web import logs
    from practicegraph.web.request_head import BoundedHead, Bounds

    hand_off(settings)
    fewer_arenas()
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

    try:
        ServedBuild.open(settings)
    except NoBuildError as error:
        missing = settings.missing_sources  # then most often run from another folder
        hint = f"; {not_a_project(settings, missing)}: {PROJECT_HINT}" if missing else ""
        refuse(f"{error}{hint}")
    located = settings.model_copy(
        update={
            name: getattr(settings, name).resolve()
            for name in Locations.model_fields
            if getattr(settings, name) is not None
        }
    )
    os.environ[HANDOFF] = located.model_dump_json()


ARENAS = "2"
"""glibc malloc arenas per serving process (MALLOC_ARENA_MAX). glibc gives threads that
allocate at once arenas of their own, up to eight per core; the thread pool that runs FastAPI's
routes spread each worker's heap over them, and the free space left in each was some 60 MB a
worker at 628k triples (docs/performance.md), for the same throughput."""


def fewer_arenas() -> None:
    """Two arenas for every serving process, unless the environment names another number: set
    in the environment for the processes started from here (uvicorn's workers, their query
    workers), and with mallopt for this one, which serves when there is one worker (glibc read
    the variable when it started). Elsewhere than glibc, the variable is ignored."""
    import ctypes
    import os

    os.environ.setdefault("MALLOC_ARENA_MAX", ARENAS)
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is not None and os.environ["MALLOC_ARENA_MAX"].isdigit():
        mallopt(M_ARENA_MAX, int(os.environ["MALLOC_ARENA_MAX"]))


M_ARENA_MAX = -8
"""mallopt's parameter for the most arenas (glibc's malloc.h)."""
