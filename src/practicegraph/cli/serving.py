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
from practicegraph.core.settings import PROJECT_HINT, Locations, ServeSettings
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
