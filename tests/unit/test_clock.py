"""A build's clock keeps each phase's CPU seconds beside its wall time."""

from __future__ import annotations

import time

from practicegraph.builder.clock import Clock


def test_a_phase_that_waits_costs_wall_time_but_no_cpu() -> None:
    clock = Clock()
    with clock("waiting"):
        time.sleep(0.2)
    assert clock.seconds["waiting"] >= 0.2
    assert clock.cpu["waiting"] < 0.1


def test_a_phase_that_works_costs_cpu_and_repeats_add_up() -> None:
    clock = Clock()
    for _ in range(2):
        with clock("working"):
            deadline = time.process_time() + 0.1
            while time.process_time() < deadline:
                pass
    assert clock.cpu["working"] >= 0.2
    assert clock.seconds["working"] >= clock.cpu["working"] * 0.9
