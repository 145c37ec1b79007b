"""Settings of the two programs: `BuildSettings` decide what a build holds, `ServeSettings` how
a build is served. Both read PRACTICEGRAPH_* environment variables and the project's .env file;
where the files lie (`Locations`) is common to both and never part of what a build holds."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal, Self
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from practicegraph.core.document_kinds import PAGE_SIZE

PREFIX = "PRACTICEGRAPH_"
ENV_FILE = ".env"
"""Read from the project folder (not the working directory); the environment wins over it."""
HANDOFF = f"{PREFIX}SERVE_SETTINGS_JSON"
"""The environment variable that carries `serve`'s settings to uvicorn's worker processes."""
PROJECT_HINT = (
    "run the command in the project's folder, or name it with --project-dir"
    " (or PRACTICEGRAPH_PROJECT_DIR)"
)
"""What to do when the folder a command looked in holds no project: most often it was run
from another folder."""


def absolute_base(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"base must be an absolute http(s) IRI, got {value!r}")
    if not value.endswith("/") or parts.query or parts.fragment:
        raise ValueError(f"base must end with '/' and carry no query or fragment, got {value!r}")
    return value


Base = Annotated[str, AfterValidator(absolute_base)]
"""Of every IRI a build mints: absolute http(s), ending with '/'."""


def http_urls(value: list[str], what: str) -> list[str]:
    """Absolute http(s) URLs with a host, or a ValueError naming the first that is not."""
    for url in value:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"expected {what} (http or https), got {url!r}")
    return value


class Locations(BaseSettings):
    """Where the sources, the builds and what outlives builds lie."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="ignore", frozen=True)

    project_dir: Path = Path()
    """The folder holding ontology/, shapes/ and data/ (and .env)."""

    dist_dir: Path | None = None
    """Where builds are written; defaults to {project_dir}/dist."""

    state_dir: Path | None = None
    """What outlives builds (the event stream's history); defaults to {project_dir}/state."""

    @classmethod
    def load(cls, **overrides: Any) -> Self:
        """The settings from the overrides given (None: not given), the environment, and the
        .env file of the project folder, in that order of precedence."""
        given = {key: value for key, value in overrides.items() if value is not None}
        project = Path(given.get("project_dir") or os.environ.get(PREFIX + "PROJECT_DIR") or ".")
        return cls(_env_file=project / ENV_FILE, **given)  # type: ignore[call-arg]

    @property
    def ontology_dir(self) -> Path:
        return self.project_dir / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.project_dir / "shapes"

    @property
    def data_dir(self) -> Path:
        return self.project_dir / "data"

    @property
    def reference_dir(self) -> Path:
        return self.data_dir / "reference"

    @property
    def missing_sources(self) -> list[str]:
        """The source folders the project folder lacks: any one, and it is no project (most
        often the command runs from another folder, where it would find nothing or write
        where nobody looks)."""
        folders = (self.ontology_dir, self.shapes_dir, self.data_dir)
        return [f"{folder.name}/" for folder in folders if not folder.is_dir()]

    @property
    def queries_dir(self) -> Path:
        return self.project_dir / "queries"

    @property
    def yasgui_dir(self) -> Path:
        """The SPARQL editor's files, installed by `npm ci` (package.json) and served locally."""
        return self.project_dir / "node_modules" / "@triply" / "yasgui" / "build"

    @property
    def state(self) -> Path:
        return self.state_dir if self.state_dir is not None else self.project_dir / "state"

    @property
    def dist(self) -> Path:
        return self.dist_dir if self.dist_dir is not None else self.project_dir / "dist"


class BuildSettings(Locations):
    """What a build holds besides its sources: every field declared here but `publish_to` is
    part of the build's fingerprint (`fingerprint`), so a build made with other values is never
    reused."""

    base: Base = "http://localhost:8000/"
    """Base of every IRI the dataset mints ({base}id/…, {base}ns/…); must end with '/'."""

    ldes_page_size: int = 100
    """Members per page of the event stream; keep it for the stream's life, or pages change."""

    publisher: str | None = None
    """IRI of the catalog's and dataset's publisher; default {base}id/organisatie/practicegraph."""

    publisher_name: str = "practicegraph"
    """The publisher's name (foaf:name, Dutch), as portals show it."""

    contact_name: str = "Samenleven (VVSG)"
    """Name of the contact point portals show for the dataset and its services."""

    contact_email: str = "samenleven@vvsg.be"
    """E-mail address of that contact point."""

    licence: str | None = None
    """Licence of the dataset and its distributions (an IRI, e.g. of the Flemish licence list):
    a decision for the publisher and the rights holders. Until it is made, the catalog claims no
    licence, states the rights as they are (catalog#rights in data/catalog.ttl) and the build
    warns."""

    publish_personal_contacts: bool = False
    """Publish a named person's name and personal address (data/personal-data.csv says which
    values are personal) in documents, dumps and SPARQL; never in the event stream. Off: a
    contact point keeps only functional addresses (docs/publishing.md, "Personal data")."""

    max_source_mb: int = Field(default=20, ge=1)
    """Largest source file, in megabytes: a larger one is refused before it is read (a practice
    file is kilobytes; a million triples take minutes and gigabytes to validate)."""

    max_literal_kb: int = Field(default=256, ge=1)
    """Longest literal or IRI in a source file, in kilobytes of its Turtle text: a longer one is
    refused, with its line, before it is parsed."""

    publish_to: list[str] = []
    """Graph Store Protocol URLs of the remote stores every build is loaded into once it is
    current (`build`, `sync`, `publish`), e.g. ["http://store:7878/store"]; `--publish-to` given
    on the command line replaces them. Empty: the build is served from its embedded store only."""

    def fingerprint(self) -> dict[str, Any]:
        """The values a build's content depends on: every build setting, and not where it lies
        or where it is published."""
        return self.model_dump(mode="json", exclude={*Locations.model_fields, "publish_to"})

    @field_validator("publisher", "licence")
    @classmethod
    def _absolute_iri(cls, value: str | None) -> str | None:
        if value is not None and urlsplit(value).scheme not in ("http", "https"):
            raise ValueError(f"expected an absolute http(s) IRI, got {value!r}")
        return value

    @field_validator("publish_to")
    @classmethod
    def _stores(cls, value: list[str]) -> list[str]:
        return http_urls(value, "Graph Store Protocol URLs")

    @field_validator("contact_email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not re.fullmatch(r"[^@\s/]+@[^@\s/]+\.[A-Za-z]{2,}", value):
            raise ValueError(f"expected an e-mail address, got {value!r}")
        return value

    @field_validator("publisher_name", "contact_name")
    @classmethod
    def _not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()


class ServeSettings(Locations):
    """How the server answers; none of these changes what a build holds."""

    base: Base = "http://localhost:8000/"
    """The base the served build was made for; the server refuses a build made for another."""

    store: Annotated[list[str], NoDecode] = []
    """SPARQL 1.1 query endpoints to serve from instead of the embedded store (each one's
    default graph the union of the named graphs): replicas of one dataset, queried in turn, a
    failing one left out. A JSON list, or one URL as it always was; the build folder still
    gives the documents."""

    store_check_seconds: float = Field(default=5.0, gt=0)
    """Seconds between two health checks (`ASK {}`) of each remote store: a store that fails
    one is left out until it answers one again; one that answers no check within these
    seconds fails it."""

    sparql_timeout: float = 10.0
    """Seconds a SPARQL query may run before its worker process is killed (503)."""

    sparql_max_query_length: int = 20_000
    """Longest query text accepted, in characters (longer: 413)."""

    sparql_max_rows: int = 10_000
    """Most result rows (SELECT) or triples (CONSTRUCT/DESCRIBE) returned; the cut is announced."""

    sparql_max_depth: int = Field(default=64, ge=1)
    """Most levels a query may nest (brackets `{ ( [` and unary `!`), counted before any parser
    sees it (deeper: 400): a few thousand levels overflow a parser's stack, ours or a remote
    store's. The example queries nest 6 at most."""

    sparql_max_operators: int = Field(default=500, ge=1)
    """Most operators (`+ - * / || && = != < > <= >=`, the path operators `/ | ^`, the `,` and
    `;` of object and predicate lists) and chaining keywords (UNION, MINUS, OPTIONAL) a query
    may hold, counted before any parser sees it (more: 400): Oxigraph recurses once per link of
    a chain, and 7,500 `+1` in a row (15 KB, depth 1) overflowed its stack. The example queries
    hold 12 at most."""

    sparql_workers: int = 2
    """Worker processes per server process that run SPARQL queries on the embedded store (a
    remote store runs them itself)."""

    sparql_worker_memory_mb: int = Field(default=512, ge=64)
    """Megabytes of resident memory a query worker may hold while it runs a query; past them
    the query is stopped (503) and its worker replaced. Resident memory (read from /proc), not
    address space: a bound on that would refuse to open a large store. In front of a remote
    store, the most of a store's answer to one query that is read (past it: 503)."""

    sparql_worker_copy_mb: int = Field(default=64, ge=0)
    """Megabytes a query worker may spend on its own copy of the store in memory (0: none),
    made as it starts: joins and aggregates run 2 to 4 times faster than from disk. A store
    whose copy would take more (at 500 bytes a triple: about 130,000 triples for the default)
    is read from disk, as is one that would take more than half of `sparql_worker_memory_mb`
    (the copy counts against it: the other half is the queries' room). Held by every query
    worker of every server process."""

    @property
    def sparql_copy_budget_mb(self) -> int:
        """The most a query worker's copy of the store may take (see `sparql_worker_copy_mb`)."""
        return min(self.sparql_worker_copy_mb, self.sparql_worker_memory_mb // 2)

    store_copy_mb: int = Field(default=128, ge=0)
    """Megabytes a server process may spend on its own copy of the embedded store in memory
    (0: none), made as it opens a build: it reads every document it renders from the store, a
    practice's some 300 quads, three times as fast from memory as from disk. A store whose copy
    would take more (at 500 bytes a triple: about 268,000 triples for the default) is read from
    disk, so memory stays bounded at any size. Held by every server process (uvicorn worker),
    beside its query workers' copies (`sparql_worker_copy_mb`)."""

    sparql_client_limit: int = Field(default=2, ge=1)
    """Queries one client address may have running and waiting at once (per server process);
    past it, 429 Too Many Requests with Retry-After."""

    sparql_queue_limit: int = Field(default=16, ge=1)
    """Queries all clients may have running and waiting at once (per server process); past it,
    429 Too Many Requests."""

    fragments_client_limit: int = Field(default=64, ge=1)
    """Pattern fragment requests one client address may have running and waiting at once (per
    server process); past it, 429 Too Many Requests with Retry-After. Comunica keeps some 33 in
    flight; a client's run one at a time, two of all clients' at once (`web/fair_use.py`)."""

    fragments_queue_limit: int = Field(default=256, ge=1)
    """Pattern fragment requests all clients may have running and waiting at once (per server
    process); past it, 429 Too Many Requests."""

    fragments_max_offset: int = Field(default=100_000, ge=1)
    """Matches a pattern fragment's pages reach: a page that starts past them is a 400 that
    points to the SPARQL endpoint. A page is read by skipping to it, so its cost grows with its
    number: at 100,000, some 60 ms, and 700 ms in the default graph's union, where each triple
    is deduplicated (120,000 triples in two graphs each)."""

    incoming_limit: int = 200
    """Most links *to* a resource listed on its HTML page."""

    sitemap_size: int = Field(default=50_000, ge=1, le=50_000)
    """Addresses in one sitemap file (the protocol allows 50,000); an index lists the files."""

    page_size: int = Field(default=PAGE_SIZE, ge=1, le=10_000)
    """Parts on one page of a document that grows without bound (a municipality's initiatives,
    the practices of a concept)."""

    response_cache_mb: int = 32
    """Megabytes of rendered resource documents each server process keeps in memory (0: none):
    a few, as the disk cache behind it answers about as fast and is shared; each process's copy
    counts against the memory of every serving process together (64 MB held some 35 MB more a
    worker than 32 at 628k triples, for no throughput measured; docs/performance.md)."""

    render_cache_mb: int = Field(default=1024, ge=0)
    """Megabytes of rendered resource documents kept on disk beside the build served, shared
    by every server process and every restart (0: none); they go with their build."""

    max_request_line: int = Field(default=8 << 10, ge=1024)
    """Bytes of a request's target (path and query) read before it is refused with 414 URI Too
    Long: our IRIs are far shorter, and an unbounded line is memory an attacker chooses."""

    max_header_bytes: int = Field(default=64 << 10, ge=4096)
    """Bytes of a request's head (request line and headers) read before it is refused with 431
    Request Header Fields Too Large; counted as it arrives, before the head is complete."""

    header_timeout: float = Field(default=10.0, gt=0)
    """Seconds a connection may take to send a request's line and headers (from when it opens,
    or from the first byte of a next request) before it is answered 408 and closed: a client
    that dribbles its headers holds no connection longer."""

    log_format: Literal["plain", "json"] = "plain"
    """Log lines for a terminal (plain) or a log collector (json: one object per line)."""

    log_level: Literal["debug", "info", "warning", "error"] = "info"
    """At debug, a SPARQL request's log line also holds the query's text."""

    trusted_proxies: list[str] = []
    """Addresses (or networks) of the reverse proxies whose X-Forwarded-For and
    X-Forwarded-Proto count; from any other peer they are ignored. Empty: none, the peer is
    the client (e.g. ["127.0.0.1"] for a proxy on the same machine)."""

    store_lag: float = Field(default=300.0, ge=0)
    """Seconds a remote store may hold another build than the one served (a publish takes that
    long) before /readyz fails naming both; /metrics says so at once."""

    @field_validator("store", mode="before")
    @classmethod
    def _endpoints(cls, value: object) -> object:
        """One URL, as the setting always took, or a JSON list of them (the environment's
        text is not decoded before this: a bare URL is no JSON)."""
        if isinstance(value, str):
            text = value.strip()
            if not text.startswith("["):
                return [text] if text else []
            try:
                return json.loads(text)
            except json.JSONDecodeError as error:
                raise ValueError(f"not a JSON list of URLs ({error.msg})") from error
        return value

    @field_validator("store")
    @classmethod
    def _query_urls(cls, value: list[str]) -> list[str]:
        http_urls(value, "SPARQL query URLs")
        if len(set(value)) < len(value):
            raise ValueError("a store is named twice")
        return value

    operator_token: str | None = Field(default=None, min_length=16)
    """Bearer token for /metrics and the details of /readyz (a wrong one: 401); without one they
    are not served (metrics: 404; readiness: its status only)."""


class HarvestSettings(Locations):
    """How `practicegraph harvest` fetches the source site: slowly, by the site's robots.txt,
    and never without saying who asks. None of these changes what a build holds."""

    harvest_contact: str | None = None
    """An e-mail address or URL where the site's owner reaches the publisher; sent in the
    User-Agent. Required: the harvest refuses to run without it."""

    harvest_pattern: str = "/kennisitem/"
    """A regular expression searched in each address found: the practice pages."""

    harvest_rate: float = Field(default=1.0, gt=0)
    """Requests per second to one host at most; a robots.txt Crawl-delay slows it further."""

    harvest_timeout: float = Field(default=20.0, gt=0)
    """Seconds a request may take; longer is a transient failure (retried, never a withdrawal)."""

    harvest_max_pages: int = Field(default=5_000, ge=1)
    """Practice pages one harvest fetches at most."""

    harvest_max_page_kb: int = Field(default=2_048, ge=1)
    """Kilobytes of one page at most; a larger answer is left unread (and its page as it was)."""

    harvest_gone_after: int = Field(default=2, ge=1)
    """Consecutive harvests a page must be gone in (404/410, or absent from a complete
    sitemap) before the mirror drops it, so that an outage never withdraws a practice."""

    @field_validator("harvest_pattern")
    @classmethod
    def _pattern(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as error:
            raise ValueError(f"not a regular expression ({error}): {value!r}") from error
        return value
