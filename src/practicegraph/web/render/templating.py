"""The pages' Jinja environment, each template read and compiled once per process: templates ship
with the package and do not change while it runs, and Jinja's default (`auto_reload`) asks the
file system for the time of every template a page uses (its own, the layout it extends, the
macros it imports) on every render."""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi.templating import Jinja2Templates


def templates(directory: Path) -> Jinja2Templates:
    """Templates from `directory`, autoescaping .html ones (as Starlette's default does)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        autoescape=jinja2.select_autoescape(),
        auto_reload=False,
    )
    return Jinja2Templates(env=environment)
