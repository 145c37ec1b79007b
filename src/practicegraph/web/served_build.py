"""The build a server process publishes: located once at start-up, never re-read per request."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph

from practicegraph.core import urls
from practicegraph.core.build_folder import (
    CONTEXT_FILE,
    CURRENT,
    DESCRIPTIONS,
    MANIFEST,
    Manifest,
)
from practicegraph.core.settings import ServeSettings
from practicegraph.core.vocab import Minted


class NoBuildError(Exception):
    """There is no finished build to serve."""


@dataclass(frozen=True)
class ServedBuild:
    folder: Path
    manifest: Manifest
    context: dict[str, Any]
    minted: Minted
    descriptions: dict[str, list[pyoxigraph.Triple]]
    """The catalog and VoID documents of the build, by name."""
    opened: float = field(default_factory=time.monotonic)
    """When this process opened it (time.monotonic)."""

    @classmethod
    def open(cls, settings: ServeSettings) -> ServedBuild:
        current = settings.dist / CURRENT
        if not (current / MANIFEST).is_file():
            raise NoBuildError(
                f"no build in {settings.dist.absolute()}: run `practicegraph build` first"
            )
        folder = current.resolve()
        try:
            manifest = Manifest.read(folder)
        except (OSError, ValueError) as error:
            raise NoBuildError(f"cannot serve {folder}: {error}; build again") from error
        if manifest.base != settings.base:
            raise NoBuildError(
                f"the build in {folder} was made for base {manifest.base}, not {settings.base}:"
                " build again with this base"
            )
        context = json.loads((folder / CONTEXT_FILE).read_text(encoding="utf-8"))
        descriptions = {
            name: [q.triple for q in pyoxigraph.parse(path=folder / file)]
            for name, file in DESCRIPTIONS.items()
            if (folder / file).is_file()
        }
        return cls(folder, manifest, context, Minted(settings.base), descriptions)

    @property
    def base(self) -> str:
        return self.minted.base

    @cached_property
    def root(self) -> str:
        """The path every route lives under: the base's path without its final slash."""
        return urlsplit(self.base).path.rstrip("/")

    @property
    def context_url(self) -> str:
        return self.base + urls.CONTEXT

    @cached_property
    def prefixes(self) -> dict[str, str]:
        """Read on every page of every request, so made once (and never changed by a caller)."""
        return {prefix: str(ns) for prefix, ns in self.minted.prefixes().items()}

    @cached_property
    def longest_prefixes_first(self) -> list[tuple[str, str]]:
        """The prefixes in the order a prefixed name is found: the longest namespace first."""
        return sorted(self.prefixes.items(), key=lambda p: -len(p[1]))

    def url(self, path: str) -> str:
        """The root-relative address of a path under the base (a `urls` path)."""
        return f"{self.root}/{path}"

    def local(self, iri: str) -> str | None:
        """A root-relative link for an IRI of ours, so it resolves on whichever host serves it."""
        if iri.startswith(self.base):
            return self.url(iri[len(self.base) :])
        return None
