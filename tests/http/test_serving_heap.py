"""A serving process's app is made by uvicorn's factory (`from_environment`): the heap it leaves
is frozen out of the cyclic collector, and garbage left from before is collected first."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from practicegraph.builder.outcome import Outcome
from practicegraph.core.settings import HANDOFF, BuildSettings, ServeSettings
from practicegraph.web.app import from_environment
from practicegraph.web.asgi.switch import BuildSwitch
from tests.http.conftest import LIMITS


class Cycle:
    """Garbage only the cyclic collector frees."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def switch(
    built: tuple[BuildSettings, Outcome, Path], monkeypatch: pytest.MonkeyPatch
) -> Iterator[BuildSwitch]:
    serving = ServeSettings.model_validate({"project_dir": built[0].project_dir, **LIMITS})
    monkeypatch.setenv(HANDOFF, serving.model_dump_json())
    gc.unfreeze()
    yield from_environment()
    gc.unfreeze()  # the rest of the session's tests collect as before


async def open_and_close(switch: BuildSwitch) -> None:
    served = await switch.open()
    await served.close()


def test_the_app_of_a_serving_process_is_frozen_out_of_collections(switch: BuildSwitch) -> None:
    assert gc.get_freeze_count() == 0
    asyncio.run(open_and_close(switch))
    assert gc.get_freeze_count() > 0


def test_garbage_from_before_a_build_switch_is_collected_not_frozen(switch: BuildSwitch) -> None:
    asyncio.run(open_and_close(switch))
    garbage = Cycle()
    gone = weakref.ref(garbage)
    gc.freeze()  # as the app before the switch left it
    del garbage
    asyncio.run(open_and_close(switch))  # the next build's app
    assert gone() is None
