"""Walk a guide as its reader would: the ```sh blocks a page marks with `<!-- walk: NAME -->`,
run in page order in a copy of the project, so the page cannot drift from the product.

The mark is an HTML comment, invisible where the page is read (GitHub), so the page reads as
prose and the walk needs no second copy of its commands. Each block runs in a shell of its own,
as a reader may paste it into a new terminal: a block must not rely on another's `cd` or
`export`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import practicegraph

MARK = re.compile(r"<!--\s*walk:\s*([\w-]+)\s*-->")
OPENING = re.compile(r"(?P<indent>\s*)```sh\s*")
CLOSING = re.compile(r"\s*```\s*")
SOURCE = Path(practicegraph.__file__).resolve().parent.parent
"""Where the practicegraph under test is imported from: the walk's commands run that one."""


def blocks(page: Path, walk: str) -> list[str]:
    """The ```sh blocks marked for `walk`, in page order. A mark not followed (after at most one
    blank line) by a ```sh block, or a block never closed, is an error: a walk that skipped a
    step without a word would pass while the page drifts."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[str] = []
    for number, line in enumerate(lines):
        mark = MARK.fullmatch(line.strip())
        if mark is None or mark.group(1) != walk:
            continue
        start = number + 1
        if start < len(lines) and not lines[start].strip():
            start += 1
        opening = OPENING.fullmatch(lines[start]) if start < len(lines) else None
        if opening is None:
            raise ValueError(f"{page}:{number + 1}: the walk mark is not followed by a ```sh block")
        found.append(fenced(lines, start, opening.group("indent"), f"{page}:{start + 1}"))
    return found


def fenced(lines: list[str], opening: int, indent: str, where: str) -> str:
    """The text of the block that opens at line index `opening`, without the fence's indent (a
    block in a list item is indented)."""
    body: list[str] = []
    for line in lines[opening + 1 :]:
        if CLOSING.fullmatch(line):
            return "\n".join(body) + "\n"
        body.append(line.removeprefix(indent))
    raise ValueError(f"{where}: the ```sh block is never closed")


def prepare(project: Path) -> Path:
    """Give a copied project the `.venv` a clone has after `make run`: a link to the environment
    running the tests, so that `.venv/bin/practicegraph` works as the page writes it. Never a
    `make` target: one reinstalls the shared environment when it thinks it is stale."""
    environment = Path(sys.prefix)
    assert (environment / "bin" / "practicegraph").is_file(), (
        f"the tests run outside a virtual environment with practicegraph ({environment})"
    )
    (project / ".venv").symlink_to(environment, target_is_directory=True)
    return project


def shell_env(env: dict[str, str]) -> dict[str, str]:
    """os.environ with `env` on top, as a reader's shell in the project folder has it: this
    checkout's practicegraph first on the path (PYTHONPATH made absolute, as the walk runs
    elsewhere), plain wide output, and no project or base set for the test session."""
    given = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PRACTICEGRAPH_PROJECT_DIR", "PRACTICEGRAPH_BASE")
    }
    path = os.pathsep.join([str(SOURCE), *(str(Path(p).resolve()) for p in given if p)])
    return {**inherited, "PYTHONPATH": path, "COLUMNS": "200", "NO_COLOR": "1", **env}


def run(block: str, project: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """One block under `bash -euo pipefail` in the project folder (which `prepare` made): a
    command that fails stops it, as a reader would stop."""
    assert (project / ".venv").exists(), f"prepare({project}) first: the page uses .venv/bin"
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", block],
        cwd=project,
        env=shell_env(env),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def walk(
    page: Path, name: str, project: Path, env: dict[str, str]
) -> list[subprocess.CompletedProcess[str]]:
    """Run every block of the walk in order; fail on the first that fails, with its text and
    what it printed. Returns what each block did, in order, for the page's claims about it."""
    steps = blocks(page, name)
    assert steps, f"{page} marks no block for the walk {name!r}"
    done = []
    for number, block in enumerate(steps, 1):
        result = run(block, project, env)
        if result.returncode != 0:
            pytest.fail(
                f"step {number} of the {name} walk of {page.name} exited {result.returncode}:\n"
                f"{block}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}",
                pytrace=False,
            )
        done.append(result)
    return done
