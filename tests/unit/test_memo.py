"""The writers' memo: bounded in entries and, by refusing long keys, in bytes."""

from __future__ import annotations

from practicegraph.core.memo import LONGEST, Memo


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
