"""A harvest claims its mirror: one at a time, and what a killed one left half-written goes."""

from __future__ import annotations

from pathlib import Path

from practicegraph.ingest.mirror import Mirror


def test_a_claimed_mirror_holds_no_half_written_page(tmp_path: Path) -> None:
    site = tmp_path / "www.vvsg.be" / "kennisitem"
    site.mkdir(parents=True)
    (site / "taalcafes.html").write_text("<html>whole</html>", encoding="utf-8")
    (site / ".taalcafes.html.x1y2z3.tmp").write_text("<html>ha", encoding="utf-8")
    with Mirror.claimed(tmp_path) as mirror:
        assert mirror.folder == tmp_path
        assert sorted(p.name for p in site.iterdir()) == ["taalcafes.html"]
