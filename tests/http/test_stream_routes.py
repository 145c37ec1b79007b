"""The event stream's routes take only what the build writes: a page number of a few ASCII
digits without a leading zero, a municipality's five-digit code; anything else is a 404, never a
traceback (a number of hundreds of digits once made a file name the system refused: a 500)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from practicegraph.builder.outcome import Outcome
from practicegraph.core.build_folder import LDES, LDES_ROOT, ldes_page
from practicegraph.core.memo import Budgeted
from practicegraph.core.settings import BuildSettings
from practicegraph.web.routes import stream
from tests.http.conftest import in_process

LONG = "1" * 300


@pytest.mark.parametrize(
    "path",
    [
        f"/ldes/practices/page/{LONG}",
        f"/ldes/practices/latest/page/{LONG}",
        f"/ldes/practices/by-municipality/{LONG}/page/0",
        f"/ldes/practices/by-municipality/24062/page/{LONG}",
        "/ldes/practices/by-municipality/2406/page/0",
        "/ldes/practices/by-municipality/２４０６２/page/0",
        "/ldes/practices/latest/page/٠",
        "/ldes/practices/latest/page/00",
        "/ldes/practices/by-municipality/..%2Flatest/page/0",
    ],
)
def test_a_page_the_build_did_not_write_is_a_404(http: httpx.Client, path: str) -> None:
    answer = http.get(path, headers={"Accept": "text/turtle"})
    assert answer.status_code == 404, answer.text[:200]


def test_the_pages_the_build_wrote_answer(http: httpx.Client) -> None:
    for path in ("/ldes/practices/page/0", "/ldes/practices/latest/page/0"):
        assert http.get(path, headers={"Accept": "text/turtle"}).status_code == 200


def test_the_parsed_pages_a_process_keeps_stay_within_their_budget(
    built: tuple[BuildSettings, Outcome, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A harvester that reads every page once must not leave every page parsed in each
    process: what is kept is bounded by the files' bytes, not by a count of pages."""
    settings, _outcome, folder = built
    sizes = [(folder / LDES / name).stat().st_size for name in (LDES_ROOT, ldes_page(0))]
    monkeypatch.setattr(stream, "PARSED", Budgeted(max(sizes)))  # room for one of them
    with in_process(settings, response_cache_mb=0, render_cache_mb=0) as client:
        for path in ("/ldes/practices", "/ldes/practices/page/0"):
            assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 200
    assert 0 < stream.PARSED.used <= max(sizes) < sum(sizes)
