"""What operators watch, in the Prometheus text format (prometheus_client).

`practicegraph serve` runs several uvicorn worker processes; prometheus_client's multiprocess
mode keeps each process's values in files under PROMETHEUS_MULTIPROC_DIR (serve makes one) and
/metrics adds them up, so a scrape sees the whole server whichever process answers it. Without
the variable (an app made in process), the process's own registry is exposed.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import TypeVar

from prometheus_client import REGISTRY as DEFAULT
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.metrics import MetricWrapperBase

from practicegraph.core.sync_record import SyncRecord

TEXT = CONTENT_TYPE_PLAIN_0_0_4
"""The text format every Prometheus version reads (names here are plain, no escaping needed)."""

MULTIPROCESS = "PROMETHEUS_MULTIPROC_DIR"
LATENCY = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

REQUESTS = Counter(
    "practicegraph_requests_total",
    "HTTP requests answered, by route family, status and format",
    ["family", "status", "format"],
)
REQUEST_SECONDS = Histogram(
    "practicegraph_request_seconds", "Time to answer a request", ["family"], buckets=LATENCY
)
QUERIES = Counter(
    "practicegraph_sparql_queries_total",
    "SPARQL queries by outcome: answered, truncated, refused, timed_out, failed",
    ["outcome"],
)
QUERY_SECONDS = Histogram(
    "practicegraph_sparql_query_seconds", "Time to answer a SPARQL query", buckets=LATENCY
)
WORKER_RESTARTS = Counter(
    "practicegraph_query_worker_restarts_total",
    "Query worker processes replaced: after a timeout, a crash, or found dead",
)
CACHE = Counter(
    "practicegraph_response_cache_total", "Response cache lookups, by result", ["result"]
)
BUILD = Gauge(
    "practicegraph_build_info",
    "The build served (value 1), by id",
    ["build"],
    multiprocess_mode="livemax",
)
BUILD_AGE = Gauge(
    "practicegraph_build_age_seconds",
    "Seconds since the served build was made",
    multiprocess_mode="livemax",
)
TRIPLES = Gauge(
    "practicegraph_store_triples",
    "Triples in the served build's store",
    multiprocess_mode="livemax",
)
STORE_AGREES = Gauge(
    "practicegraph_store_holds_served_build",
    "1 when the store holds the build served, 0 when another or none (a publish under way, a"
    " rollback not published); of several, when every one sent requests holds it: updated by"
    " each /readyz and /metrics",
    multiprocess_mode="livemin",
)
STORE_UP = Gauge(
    "practicegraph_store_up",
    "1 while a remote store, by its query URL, is sent requests: it passed its last health check"
    " (ASK {} every PRACTICEGRAPH_STORE_CHECK_SECONDS); 0 from a failed check to a passed one",
    ["store"],
    multiprocess_mode="livemin",
)
STORE_REPLICA_AGREES = Gauge(
    "practicegraph_store_replica_holds_served_build",
    "1 when this remote store, by its query URL, holds the build served, 0 when another or none"
    " or it did not answer: updated by each /readyz and /metrics",
    ["store"],
    multiprocess_mode="livemin",
)
STORE_REQUESTS = Counter(
    "practicegraph_store_requests_total",
    "Requests sent to a remote store (document queries and public SPARQL; not health checks),"
    " by its query URL",
    ["store"],
)
STORE_RETRIES = Counter(
    "practicegraph_store_retries_total",
    "Requests a remote store failed (not reached, connection broken, 5xx) that were sent again to"
    " another replica, by the store that failed",
    ["store"],
)
SYNC_SUCCESS = Gauge(
    "practicegraph_sync_last_success_timestamp_seconds",
    "When the last `practicegraph sync` published (Unix time; 0: never)",
    multiprocess_mode="livemax",
)
REVIEW_WAITING = Gauge(
    "practicegraph_review_waiting",
    "Decisions that waited for review after the last sync (practicegraph review lists them)",
    multiprocess_mode="livemax",
)


Labelled = TypeVar("Labelled", bound=MetricWrapperBase)
CHILDREN = 4096
"""Label sets whose child is remembered: ours take a few dozen (families × statuses × formats)."""
_children: dict[tuple[MetricWrapperBase, tuple[str, ...]], MetricWrapperBase] = {}


def child(metric: Labelled, *values: str) -> Labelled:
    """`metric.labels(*values)`, looked up once: `labels()` checks the values and takes a lock on
    every call, which a request paid three times over."""
    key = (metric, values)
    found = _children.get(key)
    if found is None:
        found = metric.labels(*values)
        if len(_children) < CHILDREN:
            _children[key] = found
    return found  # type: ignore[return-value]


_served: list[str] = []
"""The builds this process has served (multiprocess mode cannot clear a label: it is set to 0)."""


def serving(build: str, triples: int) -> None:
    """This process serves the build from now on (each process opens each new build)."""
    for earlier in _served:
        BUILD.labels(earlier).set(0)
    _served.append(build)
    BUILD.labels(build).set(1)
    TRIPLES.set(triples)


def exposition(created: str, synced: SyncRecord | None = None) -> tuple[bytes, str]:
    """The metrics of every server process, with the age of the build made at `created` (ISO
    8601) as of now, and what the last sync left (state/sync.json) as of this scrape."""
    made = datetime.fromisoformat(created)
    BUILD_AGE.set(max(0.0, (datetime.now(UTC) - made).total_seconds()))
    if synced is not None:
        SYNC_SUCCESS.set(synced.last_success or 0)
        REVIEW_WAITING.set(synced.waiting)
    if os.environ.get(MULTIPROCESS):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), TEXT
    return generate_latest(DEFAULT), TEXT
