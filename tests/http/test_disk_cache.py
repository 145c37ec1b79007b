"""Rendered documents on disk beside their build: what one app renders, another (a second
worker, or the server after a restart) answers without rendering, byte for byte; a kept file
that is not one the cache wrote is rendered again; without a place to write, nothing breaks."""

from __future__ import annotations

from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from practicegraph.builder.pipeline import build
from practicegraph.core.build_folder import RENDERED
from practicegraph.core.settings import BuildSettings
from practicegraph.web.asgi.disk_cache import rendered_folder
from tests.conftest import copy_project
from tests.http.conftest import in_process

DOCUMENTS = [
    ("/doc/praktijk/opvoedingsondersteuning", "text/turtle"),
    ("/doc/praktijk/opvoedingsondersteuning", "text/html"),
    ("/doc/gemeente/71022", "application/ld+json"),
    ("/id/praktijk/instroommeting", "text/turtle"),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildSettings, Path]:
    settings = BuildSettings(project_dir=copy_project(tmp_path_factory.mktemp("disk") / "p"))
    _outcome, folder = build(settings)
    assert folder is not None
    return settings, folder


def count(result: str) -> float:
    return REGISTRY.get_sample_value("practicegraph_response_cache_total", {"result": result}) or 0


def test_what_one_app_renders_another_answers_from_disk(
    project: tuple[BuildSettings, Path],
) -> None:
    settings, folder = project
    with in_process(settings) as first:
        rendered = [first.get(path, headers={"Accept": media}) for path, media in DOCUMENTS]
    assert all(r.status_code in (200, 303) for r in rendered)
    files = [p for p in rendered_folder(folder / RENDERED).iterdir() if not p.name.startswith(".")]
    assert len(files) == len(DOCUMENTS)
    before = count("disk")
    with in_process(settings) as second:  # a fresh process's memory: nothing kept in it
        again = [second.get(path, headers={"Accept": media}) for path, media in DOCUMENTS]
    assert count("disk") - before == len(DOCUMENTS)
    for old, new in zip(rendered, again, strict=True):
        assert (new.status_code, new.content) == (old.status_code, old.content)
        assert new.headers.get("content-type") == old.headers.get("content-type")
        assert new.headers.get("location") == old.headers.get("location")


def test_a_file_it_did_not_write_is_rendered_again(project: tuple[BuildSettings, Path]) -> None:
    settings, folder = project
    path, media = DOCUMENTS[0]
    with in_process(settings) as client:
        good = client.get(path, headers={"Accept": media}).content
    for kept in rendered_folder(folder / RENDERED).iterdir():
        kept.write_bytes(b"not a kept answer\nat all")
    with in_process(settings) as client:
        assert client.get(path, headers={"Accept": media}).content == good


def test_without_a_place_to_write_the_server_still_answers(tmp_path: Path) -> None:
    settings = BuildSettings(project_dir=copy_project(tmp_path / "p"))
    _outcome, folder = build(settings)
    assert folder is not None
    (folder / RENDERED).write_text("a file where the folder would go", encoding="utf-8")
    with in_process(settings) as client:
        path, media = DOCUMENTS[0]
        assert client.get(path, headers={"Accept": media}).status_code == 200
    with in_process(settings, render_cache_mb=0) as client:
        assert client.get(path, headers={"Accept": media}).status_code == 200


def test_a_query_the_routes_do_not_read_is_answered_but_never_kept(
    project: tuple[BuildSettings, Path],
) -> None:
    """Unique query strings the app ignores (`?a=1`, `?a=2`…) would each be a kept copy of one
    document: a client's way to fill the disk, or its inodes."""
    settings, folder = project
    kept = rendered_folder(folder / RENDERED)

    def files() -> int:
        return sum(1 for p in kept.iterdir() if not p.name.startswith("."))

    before = files()
    with in_process(settings) as client:
        for n in range(50):
            answer = client.get(
                f"/doc/praktijk/instroommeting?a={n}", headers={"Accept": "text/turtle"}
            )
            assert answer.status_code == 200
        assert client.get("/doc/praktijk/instroommeting?page=1&page=1").status_code == 200
        assert (
            client.get(
                "/doc/praktijk/instroommeting?page=1", headers={"Accept": "text/turtle"}
            ).status_code
            == 200
        )
    assert files() == before + 1, "only the one with a parameter the route reads"


def test_renders_of_other_code_are_neither_served_nor_kept(
    project: tuple[BuildSettings, Path],
) -> None:
    """After a deploy that changes how documents are written, the renders of the code before
    would be served until the next build: they are kept under another fingerprint, and the first
    process of the new code removes them."""
    settings, folder = project
    path, media = DOCUMENTS[0]
    with in_process(settings) as client:
        good = client.get(path, headers={"Accept": media}).content
    ours = rendered_folder(folder / RENDERED)
    older = folder / RENDERED / "0123456789abcdef"
    older.mkdir()
    for kept in ours.iterdir():
        (older / kept.name).write_bytes(kept.read_bytes().replace(b"prefix", b"PREFIX"))
        kept.unlink()
    flat = folder / RENDERED / next(older.iterdir()).name  # the layout before fingerprints
    flat.write_bytes(b'{"status": 200, "headers": []}\nstale')
    with in_process(settings) as client:
        assert client.get(path, headers={"Accept": media}).content == good
    assert not older.exists()
    assert not flat.exists()
