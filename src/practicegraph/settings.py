"""The one settings object: read from PRACTICEGRAPH_* environment variables or a .env file."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where the sources are, where builds go, and the base every minted IRI starts with."""

    model_config = SettingsConfigDict(
        env_prefix="PRACTICEGRAPH_", env_file=".env", extra="ignore", frozen=True
    )

    base: str = "http://localhost:8000/"
    """Base of every IRI the dataset mints ({base}id/…, {base}ns/…); must end with '/'."""

    project_dir: Path = Path()
    """The folder holding ontology/, shapes/ and data/."""

    dist_dir: Path | None = None
    """Where builds are written; defaults to {project_dir}/dist."""

    state_dir: Path | None = None
    """What outlives builds (the event stream's history); defaults to {project_dir}/state."""

    ldes_page_size: int = 100
    """Members per page of the event stream; keep it for the stream's life, or pages change."""

    store: str | None = None
    """A SPARQL 1.1 query endpoint to serve from instead of the embedded store (its default
    graph must be the union of the named graphs); the build folder still gives the documents."""

    sparql_timeout: float = 10.0
    """Seconds a SPARQL query may run before its worker process is killed (503)."""

    sparql_max_query_length: int = 20_000
    """Longest query text accepted, in characters (longer: 413)."""

    sparql_max_rows: int = 10_000
    """Most result rows (SELECT) or triples (CONSTRUCT/DESCRIBE) returned; the cut is announced."""

    sparql_workers: int = 2
    """Worker processes per server process that run SPARQL queries."""

    publisher: str | None = None
    """IRI of the catalog's and dataset's publisher; default {base}id/organisatie/practicegraph."""

    publisher_name: str = "practicegraph"
    """The publisher's name (foaf:name, Dutch), as portals show it."""

    contact_name: str = "Samenleven (VVSG)"
    """Name of the contact point portals show for the dataset and its services."""

    contact_email: str = "samenleven@vvsg.be"
    """E-mail address of that contact point."""

    licence: str = "https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0"
    """Licence of the dataset and its distributions: an IRI of the Flemish licence list."""

    incoming_limit: int = 200
    """Most links *to* a resource listed on its HTML page."""

    response_cache_mb: int = 48
    """Megabytes of rendered resource documents each server process keeps (0: none)."""

    @field_validator("base")
    @classmethod
    def _absolute_with_slash(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"base must be an absolute http(s) IRI, got {value!r}")
        if not value.endswith("/") or parts.query or parts.fragment:
            raise ValueError(
                f"base must end with '/' and carry no query or fragment, got {value!r}"
            )
        return value

    @field_validator("publisher", "licence")
    @classmethod
    def _absolute_iri(cls, value: str | None) -> str | None:
        if value is not None and urlsplit(value).scheme not in ("http", "https"):
            raise ValueError(f"expected an absolute http(s) IRI, got {value!r}")
        return value

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
