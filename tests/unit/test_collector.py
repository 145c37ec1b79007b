"""A build collects garbage less often, and leaves the process's collector as it found it."""

from __future__ import annotations

import gc

import pytest

from practicegraph.builder.collector import YOUNG, fewer_collections


def test_a_build_collects_less_often_and_puts_the_threshold_back() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == (YOUNG, *before[1:])
    assert gc.get_threshold() == before


def test_the_threshold_is_put_back_when_a_build_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("a build that fails")
    assert gc.get_threshold() == before
