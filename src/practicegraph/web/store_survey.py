"""What each replica of a remote store is doing, asked at each /readyz and /metrics: whether it
answers now, whether this process sends it requests (its last health check's verdict), which
build it holds, and its last error. The server is ready while one replica at least answers and
holds the build served: the others are left out of the rotation, not a reason to stop serving.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from practicegraph.core import build_mark, metrics
from practicegraph.store.remote import RemoteStore
from practicegraph.store.replicas import Replica, problem
from practicegraph.web.served_build import ServedBuild

READY_WITHIN = 1.0
"""Seconds a store has to answer a readiness check."""
PUBLISH = "`practicegraph publish` loads the served build into it"


@dataclass(frozen=True)
class Look:
    """One replica, as asked now."""

    replica: Replica
    ms: float
    answers: bool
    held: str | None
    problem: str | None


async def look(store: RemoteStore, replica: Replica, query: str) -> Look:
    """`ASK {}`, timed, then the build it holds, each within READY_WITHIN."""
    started = time.perf_counter()
    held: str | None = None
    trouble: str | None = None
    try:
        await asyncio.wait_for(store.ask(replica), READY_WITHIN)
        answers = True
    except Exception as error:  # any failure is the answer: it does not answer
        answers, trouble = False, problem(error)
    ms = round((time.perf_counter() - started) * 1000, 1)
    if answers:
        try:
            held = await asyncio.wait_for(store.held_build(replica, query), READY_WITHIN)
        except Exception as error:  # any failure is the answer: unknown, not in agreement
            trouble = problem(error)
    return Look(replica, ms, answers, held, trouble)


def state(seen: Look, serving: str) -> dict[str, object]:
    """A replica in the operator's view."""
    replica = seen.replica
    failed_at = (
        None
        if replica.failed_at is None
        else datetime.fromtimestamp(replica.failed_at, UTC).isoformat(timespec="seconds")
    )
    return {
        "url": replica.label,
        "healthy": replica.healthy,
        "answers": seen.answers,
        "ms": seen.ms,
        "build": seen.held,
        "holds_served_build": seen.held == serving,
        "last_error": replica.error,
        "last_error_at": failed_at,
    }


def disagreement(looks: list[Look], serving: str) -> str | None:
    """Which replicas hold another build than the one served, or none, in words."""
    off = [seen for seen in looks if seen.held != serving]
    if not off:
        return None
    if len(looks) == 1:
        return off[0].problem or (
            f"the store holds build {off[0].held or '(none)'} while this server serves"
            f" {serving}: {PUBLISH}"
        )
    said = [
        f"{seen.replica.label}: {seen.problem}"
        if seen.problem
        else f"{seen.replica.label} holds build {seen.held or '(none)'}"
        for seen in off
    ]
    return f"{'; '.join(said)}; this server serves {serving}: {PUBLISH}"


async def survey(
    store: RemoteStore, published: ServedBuild, lag: float
) -> tuple[dict[str, object], dict[str, object]]:
    """The `store` and `published` checks of /readyz, and the store metrics set to match. A
    replica lags a build by the time its publish takes (`lag` is allowed, counted from when
    this process opened the build, while it holds another), and after a rollback or a failed
    publish holds another until `practicegraph publish`; one that holds none is empty or
    half-loaded (every document a 404) and never counts."""
    serving = published.manifest.build
    query = build_mark.query(published.minted)
    looks = list(await asyncio.gather(*(look(store, r, query) for r in store.replicas.all)))
    for seen in looks:
        metrics.STORE_REPLICA_AGREES.labels(seen.replica.label).set(seen.held == serving)
    sent = [seen for seen in looks if seen.replica.healthy]
    metrics.STORE_AGREES.set(bool(sent) and all(seen.held == serving for seen in sent))
    answering = [seen for seen in looks if seen.answers]
    stores: dict[str, object] = {
        "ok": bool(answering),
        "ms": max(seen.ms for seen in looks),
        "stores": [state(seen, serving) for seen in looks],
    }
    if not answering:
        stores["error"] = looks[0].problem
    waited = time.monotonic() - published.opened
    holding = [seen.held for seen in looks if seen.held]
    agreed: dict[str, object] = {
        # a store that cannot be asked fails the store check, not this one as well
        "ok": serving in holding or not answering or bool(holding and waited < lag),
        "serving": serving,
        "store": serving if serving in holding else (holding[0] if holding else None),
    }
    said = disagreement(looks, serving)
    if said is not None:
        agreed["problem"] = said
    return stores, agreed
