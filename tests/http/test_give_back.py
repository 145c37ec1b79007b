"""Each serving process gives its free heap back to the system while it serves
(`heap.keep_giving_back`, tested in tests/unit/test_heap.py): started where uvicorn makes each
worker's app."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from practicegraph.builder.outcome import Outcome
from practicegraph.core.settings import HANDOFF, BuildSettings, ServeSettings
from practicegraph.web.app import from_environment


def test_each_serving_process_keeps_giving_back(
    built: tuple[BuildSettings, Outcome, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = ServeSettings(project_dir=built[0].project_dir)
    monkeypatch.setenv(HANDOFF, settings.model_dump_json())
    from_environment()  # what uvicorn calls in each worker
    assert "give-back" in {thread.name for thread in threading.enumerate()}
