"""The lists people keep in data/ that an import reads and adds to: data/titles.csv,
data/personal-data.csv and data/redirects.csv. They are edited by hand, so one may be malformed;
reading them all before the first page refuses the whole import up front, rather than after it
has written some practice files and stopped mid-way."""

from __future__ import annotations

from practicegraph.core import personal_data, redirects
from practicegraph.core.settings import BuildSettings
from practicegraph.core.vocab import Minted
from practicegraph.ingest import titles


def check(settings: BuildSettings) -> None:
    """Raise the SourceError (file and line) of the first malformed list; return if all read."""
    titles.read(settings.project_dir)
    personal_data.read(settings.project_dir)
    redirects.read(settings.project_dir, Minted(settings.base))
