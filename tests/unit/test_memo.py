"""The writers' memo: bounded in entries and, by refusing long keys, in bytes; and the budgeted
memo, bounded by what its values cost."""

from __future__ import annotations

from practicegraph.core.memo import LONGEST, Budgeted, Memo


def test_a_memo_keeps_short_keys_until_full_then_starts_afresh() -> None:
    memo: Memo[str, int] = Memo(3)
    for n in range(3):
        assert memo.keep(f"k{n}", 2, n) == n
    assert dict(memo) == {"k0": 0, "k1": 1, "k2": 2}
    memo.keep("k3", 2, 3)
    assert dict(memo) == {"k3": 3}


def test_a_long_key_is_answered_but_never_kept() -> None:
    memo: Memo[str, str] = Memo(10)
    key = "x" * (LONGEST + 1)
    assert memo.keep(key, len(key), "written") == "written"
    assert not memo


def test_a_budgeted_memo_drops_the_least_recently_used_past_its_budget() -> None:
    memo: Budgeted[str, str] = Budgeted(10)
    memo.keep("a", "A", 4)
    memo.keep("b", "B", 4)
    assert memo.get("a") == "A"  # now b is the least recently used
    memo.keep("c", "C", 4)
    assert (memo.get("a"), memo.get("b"), memo.get("c")) == ("A", None, "C")
    assert memo.used == 8


def test_a_value_dearer_than_the_whole_budget_is_answered_but_never_kept() -> None:
    memo: Budgeted[str, str] = Budgeted(10)
    assert memo.keep("big", "B", 11) == "B"
    assert memo.get("big") is None
    assert memo.used == 0
