"""`python -m practicegraph` runs the CLI."""

from practicegraph.cli import app

app(prog_name="practicegraph")
