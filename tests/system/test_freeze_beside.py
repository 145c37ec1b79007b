"""The dumps are written beside the event stream (in a process of their own when written whole):
the same bytes as written in the build's own process, and a failure there fails the build,
leaving the last good one current."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest

from practicegraph.builder.freeze import folder as freezing
from practicegraph.builder.freeze.beside import spare
from practicegraph.builder.outcome import Outcome
from practicegraph.builder.pipeline import build
from practicegraph.core.build_folder import (
    BUILDS,
    CONTEXT_FILE,
    CURRENT,
    DUMPS,
    PIECES,
    STORE,
    Manifest,
)
from practicegraph.core.settings import BuildSettings
from practicegraph.core.vocab import Minted
from tests.beside_probe import imported

Built = tuple[BuildSettings, Outcome, Path]


def test_dumps_made_beside_are_those_made_in_process(built: Built, tmp_path: Path) -> None:
    settings, _outcome, folder = built
    minted = Minted(settings.base)
    store_path = tmp_path / "store"
    pyoxigraph.Store.read_only(str(folder / STORE)).backup(str(store_path))
    store = pyoxigraph.Store(str(store_path))
    for name in ("void", "catalog/files"):  # about the dumps: added after them
        store.remove_graph(pyoxigraph.NamedNode(str(minted.graph(name))))
    del store
    pieces = json.loads((folder / PIECES).read_text(encoding="utf-8"))
    keys = {name: piece["key"] for name, piece in pieces["graphs"].items()}
    again = tmp_path / "again"
    again.mkdir()
    dumped = freezing.dumps_and_statistics(store_path, minted, again, keys, None)
    files = sorted(p.name for p in (folder / DUMPS).iterdir())
    assert files == sorted(p.name for p in (again / DUMPS).iterdir())
    for name in [*(f"{DUMPS}/{file}" for file in files), PIECES, CONTEXT_FILE]:
        assert (again / name).read_bytes() == (folder / name).read_bytes(), name
    recorded = Manifest.read(folder).files
    assert dumped.written.digests == {name: record.sha256 for name, record in recorded.items()}


def broken_dumps(*_arguments: object) -> freezing.Dumped:
    """Runs in the process beside the build (by name: so a module's function, not a lambda)."""
    raise OSError("no space left on the device")


@pytest.mark.parametrize("reuse", [False, True], ids=["from nothing", "from the last build"])
def test_a_failing_dump_fails_the_build_and_the_last_good_one_serves(
    project: Path, monkeypatch: pytest.MonkeyPatch, reuse: bool
) -> None:
    """From nothing, the dumps are written in a process beside the build; from the last build
    (mostly copied), in a thread."""
    settings = BuildSettings(project_dir=project)
    _outcome, first = build(settings)
    assert first is not None
    history = settings.state / "ldes" / "practices.jsonl"
    kept = history.read_bytes()
    edited = project / "data" / "practices" / "opvoedingsondersteuning.ttl"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace('"Opvoedingsondersteuning"@nl', '"Opvoeding"@nl', 1))
    monkeypatch.setattr(freezing, "dumps_and_statistics", broken_dumps)
    with pytest.raises(OSError, match="no space left"):
        build(settings, reuse=reuse)
    assert (settings.dist / CURRENT).resolve() == first
    assert sorted(p.name for p in (settings.dist / BUILDS).iterdir()) == [first.name]
    assert history.read_bytes() == kept, "no member of the failed build is in the history"
    monkeypatch.undo()
    _outcome, second = build(settings)
    assert second is not None
    assert (settings.dist / CURRENT).resolve() == second


def test_a_spare_process_is_started_with_its_imports_before_it_is_given_work() -> None:
    with spare(True, "wave") as process:  # a module nothing here imports
        assert process is not None
        assert process.submit(imported, "wave").result(timeout=60)
        assert not process.submit(imported, "xdrlib").result(timeout=60)
    with spare(False, "wave") as none:
        assert none is None
