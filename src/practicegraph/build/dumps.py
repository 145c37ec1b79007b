"""Whole-dataset downloads in every format, plain and gzipped, written once per build."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph
from pyld import jsonld

from practicegraph.build.context import CONTEXT_VERSION, context
from practicegraph.vocab import Minted

DUMPS = "dumps"
STEM = "dataset"
CONTEXT_FILE = f"context-{CONTEXT_VERSION}.jsonld"
FORMATS: dict[str, pyoxigraph.RdfFormat] = {
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "ttl": pyoxigraph.RdfFormat.TURTLE,
}


def context_url(base: str) -> str:
    return f"{base}context/{CONTEXT_VERSION}.jsonld"


def refuse_remote(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld's document loader: never fetch a context or document from the network."""
    raise jsonld.JsonLdError(
        f"remote document refused: {url}",
        "jsonld.LoadDocumentError",
        {"url": url},
        code="loading document failed",
    )


def compact(nquads: str, minted: Minted) -> dict[str, Any]:
    """N-Quads → compacted JSON-LD with our context, which documents name by URL."""
    expanded = jsonld.from_rdf(nquads, {"format": "application/n-quads"})
    document: dict[str, Any] = jsonld.compact(
        expanded, context(minted), {"documentLoader": refuse_remote}
    )
    document["@context"] = context_url(minted.base)
    return document


def triples(store: pyoxigraph.Store) -> Iterator[pyoxigraph.Triple]:
    for quad in store.quads_for_pattern(None, None, None, None):
        yield quad.triple


def gzip_copy(path: Path) -> None:
    target = path.with_name(path.name + ".gz")
    with path.open("rb") as source, gzip.GzipFile(target, "wb", mtime=0) as sink:
        shutil.copyfileobj(source, sink)


def write(store: pyoxigraph.Store, folder: Path, minted: Minted) -> list[Path]:
    """Write the dumps and the JSON-LD context; returns the dump files."""
    target = folder / DUMPS
    target.mkdir()
    prefixes = {prefix: str(ns) for prefix, ns in minted.prefixes().items()}
    written = []
    for suffix, rdf_format in FORMATS.items():
        path = target / f"{STEM}.{suffix}"
        if rdf_format.supports_datasets:
            store.dump(path, rdf_format)
        else:
            extra = {"prefixes": prefixes} if rdf_format == pyoxigraph.RdfFormat.TURTLE else {}
            pyoxigraph.serialize(triples(store), path, rdf_format, **extra)
        written.append(path)
    nquads = (target / f"{STEM}.nq").read_text(encoding="utf-8")
    path = target / f"{STEM}.jsonld"
    path.write_text(
        json.dumps(compact(nquads, minted), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    written.append(path)
    for path in list(written):
        gzip_copy(path)
        written.append(path.with_name(path.name + ".gz"))
    context_text = json.dumps(context(minted), ensure_ascii=False, indent=2)
    (folder / CONTEXT_FILE).write_text(context_text + "\n", encoding="utf-8")
    return written
