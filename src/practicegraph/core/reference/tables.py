"""The reference CSV files (municipalities, provinces, deelgemeenten): read strictly, by line."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from practicegraph.core.reading import SourceError

MUNICIPALITIES_CSV = "flemish-municipalities.csv"
PROVINCES_CSV = "flemish-provinces.csv"
DEELGEMEENTEN_CSV = "flemish-deelgemeenten.csv"
MUNICIPALITY_COLUMNS = [
    "nis_code",
    "name_nl",
    "province_nl",
    "valid_from",
    "valid_to",
    "successor_nis_code",
]
PROVINCE_COLUMNS = ["nis_code", "name_nl"]
DEELGEMEENTE_COLUMNS = [
    "deelgemeente",
    "nis_code",
    "municipality",
    "nis_code_2025",
    "municipality_2025",
]
MERGER_DAY = "2025-01-01"
"""The day of the 2025 municipal mergers; deelgemeenten have one column before it, one from it."""


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


def read_rows(path: Path, columns: list[str]) -> list[Row]:
    """Rows of a CSV file with exactly these columns, each with its line number."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != columns:
                raise SourceError(path, 1, f"expected the columns {','.join(columns)}")
            rows = []
            for row in reader:
                if None in row or any(value is None for value in row.values()):
                    raise SourceError(path, reader.line_num, f"expected {len(columns)} fields")
                rows.append(
                    Row(reader.line_num, {key: value.strip() for key, value in row.items()})
                )
            return rows
    except OSError as error:
        raise SourceError(path, None, f"cannot read: {error}") from error
