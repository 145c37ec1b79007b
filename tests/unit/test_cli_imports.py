"""`practicegraph serve` imports only what supervising needs: its process stays up beside the
workers for the server's whole life, and what it imports stays resident (the builder, SHACL and
the web app took some 28 MB there at no use; docs/performance.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

IMPORTED = """
import atexit, sys
atexit.register(lambda: print(" ".join(sys.modules)))
from practicegraph.cli import app
app(["serve", "--project-dir", sys.argv[1]])
"""
"""`serve` run up to the point where it hands over to uvicorn (here it stops there: no build),
then the modules it imported, named as it exits."""

NOT_FOR_SERVING = (
    "practicegraph.builder",
    "practicegraph.ingest",
    "practicegraph.web.app",
    "pyshacl",
    "pyshacl_turbo",
    "fastapi",
    "httpx",
)
"""The build, the harvest and the app each worker loads: none runs in the supervisor."""


def test_serve_imports_neither_the_builder_nor_the_app(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORTED, str(tmp_path)], capture_output=True, text=True
    )
    assert "no build" in done.stderr
    imported = done.stdout.split()
    assert "uvicorn" in imported  # it got as far as starting the server
    assert [m for m in imported if m.startswith(NOT_FOR_SERVING)] == []
