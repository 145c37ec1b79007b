"""Whole-dataset downloads in every format, plain and gzipped, written once per build."""

from __future__ import annotations

import gzip
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from practicegraph.build.context import CONTEXT_VERSION, context
from practicegraph.compactor import write_dataset
from practicegraph.formats import compactor_for
from practicegraph.layout import DUMPS
from practicegraph.vocab import Minted

STEM = "dataset"
CONTEXT_FILE = f"context-{CONTEXT_VERSION}.jsonld"


@dataclass(frozen=True)
class Dump:
    """One dump file as a catalog lists it: IANA media type and EU file type."""

    suffix: str
    media_type: str
    file_type: str


EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
FILES = (
    Dump("nq", "application/n-quads", EU_FILE_TYPE + "RDF_N_QUADS"),
    Dump("nt", "application/n-triples", EU_FILE_TYPE + "RDF_N_TRIPLES"),
    Dump("ttl", "text/turtle", EU_FILE_TYPE + "RDF_TURTLE"),
    Dump("jsonld", "application/ld+json", EU_FILE_TYPE + "JSON_LD"),
)
"""Every dump is also written gzipped, as {name}.gz."""

FORMATS: dict[str, pyoxigraph.RdfFormat] = {
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "ttl": pyoxigraph.RdfFormat.TURTLE,
}


def context_url(base: str) -> str:
    return f"{base}context/{CONTEXT_VERSION}.jsonld"


UNION = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
"""Every triple once, whichever graphs hold it: the triple dumps, serialised inside oxigraph."""


def gzip_copy(path: Path) -> Path:
    target = path.with_name(path.name + ".gz")
    # level 6, as the gzip tool: level 9 takes twice as long for a few percent
    with path.open("rb") as source, gzip.GzipFile(target, "wb", 6, mtime=0) as sink:
        shutil.copyfileobj(source, sink)
    return target


def write_rdf(store: pyoxigraph.Store, path: Path, prefixes: dict[str, str]) -> list[Path]:
    """One dump and its gzipped copy; oxigraph and zlib release the GIL, so these overlap."""
    rdf_format = FORMATS[path.suffix.removeprefix(".")]
    if rdf_format.supports_datasets:
        store.dump(path, rdf_format)
    else:
        union = store.query(UNION)
        assert isinstance(union, pyoxigraph.QueryTriples)
        pyoxigraph.serialize(union, path, rdf_format, prefixes=prefixes)
    return [path, gzip_copy(path)]


def write(store: pyoxigraph.Store, folder: Path, minted: Minted) -> list[Path]:
    """Write the dumps and the JSON-LD context; returns the dump files."""
    target = folder / DUMPS
    target.mkdir()
    prefixes = {prefix: str(ns) for prefix, ns in minted.prefixes().items()}
    with ThreadPoolExecutor(max_workers=len(FORMATS)) as pool:
        pending = [
            pool.submit(write_rdf, store, target / f"{STEM}.{suffix}", prefixes)
            for suffix in FORMATS
        ]
        path = target / f"{STEM}.jsonld"  # Python: written here while the others run
        with path.open("w", encoding="utf-8") as sink:
            write_dataset(compactor_for(context(minted)), store, context_url(minted.base), sink)
        written = [file for job in pending for file in job.result()]
    written += [path, gzip_copy(path)]
    context_text = json.dumps(context(minted), ensure_ascii=False, indent=2)
    (folder / CONTEXT_FILE).write_text(context_text + "\n", encoding="utf-8")
    return written
