"""Settings: one class per program, the build's fingerprint made of exactly the build settings,
and the .env file of the project folder, wherever the command runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from practicegraph.core.settings import BuildSettings, Locations, ServeSettings


def test_the_fingerprint_is_every_build_setting_and_no_location() -> None:
    declared = set(BuildSettings.model_fields) - set(Locations.model_fields)
    assert set(BuildSettings().fingerprint()) == declared - {"publish_to"}
    assert "base" in declared


def test_where_a_build_is_published_does_not_change_it() -> None:
    """A build loaded into one more store holds the same: it is reused, not made again."""
    elsewhere = BuildSettings(publish_to=["http://127.0.0.1:7878/store"])
    assert BuildSettings().fingerprint() == elsewhere.fingerprint()


def test_serving_settings_are_not_build_settings() -> None:
    serving = set(ServeSettings.model_fields) - set(Locations.model_fields) - {"base"}
    assert serving
    assert not serving & set(BuildSettings.model_fields)


def test_a_changed_build_setting_changes_the_fingerprint() -> None:
    assert BuildSettings().fingerprint() != BuildSettings(ldes_page_size=7).fingerprint()
    moved = BuildSettings(project_dir=Path("/elsewhere"), dist_dir=Path("/d"))
    assert BuildSettings().fingerprint() == moved.fingerprint()


def test_env_file_is_read_from_the_project_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    project.mkdir()
    elsewhere.mkdir()
    (project / ".env").write_text(
        "PRACTICEGRAPH_LDES_PAGE_SIZE=7\nPRACTICEGRAPH_SPARQL_WORKERS=3\n"
    )
    (elsewhere / ".env").write_text("PRACTICEGRAPH_LDES_PAGE_SIZE=9\n")
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("PRACTICEGRAPH_LDES_PAGE_SIZE", raising=False)
    assert BuildSettings.load(project_dir=project).ldes_page_size == 7
    assert ServeSettings.load(project_dir=project).sparql_workers == 3
    monkeypatch.setenv("PRACTICEGRAPH_LDES_PAGE_SIZE", "5")  # the environment wins over .env
    assert BuildSettings.load(project_dir=project).ldes_page_size == 5
    assert BuildSettings.load(project_dir=project, ldes_page_size=4).ldes_page_size == 4


def test_project_folder_from_the_environment_finds_its_env_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("PRACTICEGRAPH_CONTACT_NAME=Iemand\n")
    monkeypatch.setenv("PRACTICEGRAPH_PROJECT_DIR", str(tmp_path))
    assert BuildSettings.load().contact_name == "Iemand"


@pytest.mark.parametrize("base", ["ftp://x.org/", "https://x.org", "https://x.org/?q=1", "/rel/"])
def test_a_bad_base_is_refused_by_both_programs(base: str) -> None:
    for kind in (BuildSettings, ServeSettings):
        with pytest.raises(ValueError, match="base must"):
            kind(base=base)


@pytest.mark.parametrize("url", ["x", "127.0.0.1:7878/store", "ftp://store/data"])
def test_a_store_to_publish_to_is_an_http_url(url: str) -> None:
    """Refused when the settings are read, not when the build is done and the publish fails."""
    with pytest.raises(ValueError, match="expected Graph Store Protocol URLs"):
        BuildSettings(publish_to=[url])
    assert BuildSettings(publish_to=["http://127.0.0.1:7878/store"]).publish_to


def test_the_store_is_one_url_or_a_json_list_of_replicas(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """One URL, as the setting always took it, still serves; a JSON list names replicas."""
    monkeypatch.setenv("PRACTICEGRAPH_PROJECT_DIR", str(tmp_path))
    one = "http://127.0.0.1:7878/query"
    monkeypatch.setenv("PRACTICEGRAPH_STORE", one)
    assert ServeSettings.load().store == [one]
    two = ["http://a:7878/query", "http://b:7878/query"]
    monkeypatch.setenv("PRACTICEGRAPH_STORE", f'["{two[0]}", "{two[1]}"]')
    assert ServeSettings.load().store == two
    assert ServeSettings.load(store=two[:1]).store == two[:1], "--store replaces the variable"
    monkeypatch.setenv("PRACTICEGRAPH_STORE", "")
    assert ServeSettings.load().store == []
    handed = ServeSettings(store=two)
    assert ServeSettings.model_validate_json(handed.model_dump_json()).store == two


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (["ftp://a/query"], "expected SPARQL query URLs"),
        (["http://a/query", "http://a/query"], "a store is named twice"),
        ('["http://a/query"', "not a JSON list of URLs"),
    ],
)
def test_a_bad_store_is_refused(value: object, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        ServeSettings.model_validate({"store": value})


def test_the_query_workers_copy_leaves_half_their_memory_bound_to_queries() -> None:
    """A copy as large as the bound would have every worker stopped at its first query; the
    smallest bound allowed (64 MB) stays a valid setting, with a smaller copy."""
    assert ServeSettings().sparql_copy_budget_mb == 64
    assert ServeSettings(sparql_worker_memory_mb=64).sparql_copy_budget_mb == 32
    assert ServeSettings(sparql_worker_copy_mb=0).sparql_copy_budget_mb == 0
    assert ServeSettings(sparql_worker_copy_mb=400).sparql_copy_budget_mb == 256


def test_a_server_process_copy_of_the_store_is_a_setting_in_megabytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """128 MB by default (some 268,000 triples); 0 reads every build from disk."""
    assert ServeSettings().store_copy_mb == 128
    monkeypatch.setenv("PRACTICEGRAPH_STORE_COPY_MB", "0")
    assert ServeSettings().store_copy_mb == 0
    monkeypatch.setenv("PRACTICEGRAPH_STORE_COPY_MB", "-1")
    with pytest.raises(ValueError, match="greater than or equal to 0"):
        ServeSettings()
