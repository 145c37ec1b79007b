"""`import DIR --sync`: data/practices/ kept in step with a newer copy of the site.

The pages of the folder are imported as usual (added or updated); then every practice that was
imported from the same site (an address on one of the folder's hosts) and whose page is no longer
in the folder is withdrawn: its file and copy are removed and its IRIs keep a tombstone. Only
imported files are touched; one edited since its import is a conflict, left alone unless
--force. If a page of the folder could not be read, nothing is withdrawn: it may be the page of
a practice that only seems gone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from practicegraph.core.reading import SourceError
from practicegraph.ingest.importer import Imported, Importer, Options
from practicegraph.ingest.records import Record, Records
from practicegraph.ingest.tombstones import Reason


def gone(
    importer: Importer, results: list[Imported], sites: frozenset[str] = frozenset()
) -> list[Record]:
    """The imported practices of the folder's site whose page is no longer in the folder. The
    site is every host the folder's pages name, and the `sites` a harvest fetched from (a page
    it dropped named its host too)."""
    seen = {result.address for result in results if result.address}
    hosts = {urlsplit(address).netloc for address in seen} | sites
    return [
        record
        for record in importer.records.records
        if record.imported
        and record.address is not None
        and urlsplit(record.address).netloc in hosts
        and record.address not in seen
    ]


def withdraw(
    importer: Importer,
    results: list[Imported],
    options: Options,
    sites: frozenset[str] = frozenset(),
) -> list[Imported]:
    """Withdraw the practices whose page is gone; one result per practice, for the summary."""
    unreadable = [r for r in results if r.status == "failed" and r.address is None]
    found = []
    for record in gone(importer, results, sites):
        result = Imported(record.file, practice=record.title, target=record.file)
        result.address = record.address
        result.iri = str(importer.minted.id("praktijk", record.key))
        if unreadable:
            result.status = "refused"
            result.errors = [
                f"its page {record.address} is not in the folder, but {len(unreadable)} page(s)"
                " of the folder could not be read: nothing is withdrawn until they can"
            ]
        elif record.edited and not options.force:
            result.status = "refused"
            result.errors = [
                f"its page {record.address} is gone from the site, but {record.file} was edited"
                " since its import: --force withdraws it"
            ]
        else:
            _withdraw(importer, record, result)
        found.append(result)
    return found


def _withdraw(importer: Importer, record: Record, result: Imported) -> None:
    reason = Reason(
        f"De bronpagina {record.address} staat niet meer op de site.",
        f"The source page {record.address} is gone from the site.",
    )
    try:
        buried = importer.tombstones.withdraw_file(record.file, datetime.now(UTC), reason)
    except SourceError as error:
        result.status, result.errors = "failed", [str(error)]
        return
    remove_copy(importer.settings.project_dir, importer.records, record)
    importer.records.remove(record)
    result.status = "withdrawn"
    result.warnings = [f"{len(buried)} IRI(s) now answer 410 Gone"]


def remove_copy(project_dir: Path, records: Records, record: Record) -> None:
    """A withdrawn practice's page copy out of data/sources/, unless another practice uses it."""
    copy = project_dir / record.copy if record.copy else None
    others = [r for r in records.records if r.copy == record.copy and r is not record]
    if copy is not None and copy.is_file() and not others:
        copy.unlink()
