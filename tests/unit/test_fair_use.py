"""Turns: one client's blocking work waits for its own, not another client's queue."""

from __future__ import annotations

import asyncio
import time
from functools import partial

from practicegraph.web.fair_use import Turns


def test_a_second_client_goes_next_not_after_the_first_clients_queue() -> None:
    finished: list[str] = []

    def work(name: str) -> str:
        time.sleep(0.05)
        finished.append(name)
        return name

    async def both() -> list[str]:
        turns = Turns(overall=1)
        first = [asyncio.create_task(turns.run("a", partial(work, f"a{n}"))) for n in range(5)]
        await asyncio.sleep(0.01)
        other = asyncio.create_task(turns.run("b", partial(work, "b")))
        answers = await asyncio.gather(*first, other)
        assert not turns.lanes, "a client with nothing waiting keeps no lane"
        return answers

    assert asyncio.run(both()) == ["a0", "a1", "a2", "a3", "a4", "b"]
    assert finished == ["a0", "b", "a1", "a2", "a3", "a4"]
