"""`practicegraph …`: import pages, validate, build and serve the dataset.

Exit codes: 0 valid (warnings allowed unless --strict); 1 invalid data (a parse error, a SHACL
violation, or with --strict a warning), a build that could not be written, or a page that could
not be imported; 2 wrong usage.
"""

from practicegraph.cli import building, pages, serving  # noqa: F401 - each registers its commands
from practicegraph.cli.common import app

__all__ = ["app"]
