"""Shared fixtures: a private copy of the project per test that changes files, one real build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph
import pytest

from practicegraph.build.freeze import CURRENT, STORE
from practicegraph.build.pipeline import Outcome, build
from practicegraph.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("ontology", "shapes", "data")


def copy_project(target: Path) -> Path:
    for name in SOURCES:
        shutil.copytree(ROOT / name, target / name)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of ontology/, shapes/ and data/ that a test may break."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Outcome, Path]:
    """The repository's sources built once into a temporary dist/."""
    project = copy_project(tmp_path_factory.mktemp("built"))
    settings = Settings(project_dir=project)
    outcome, folder = build(settings)
    assert folder is not None, [f.message for f in outcome.violations] or outcome.load_error
    return settings, outcome, folder


@pytest.fixture(scope="session")
def store(built: tuple[Settings, Outcome, Path]) -> pyoxigraph.Store:
    """The frozen query store of the build, opened read-only as the server will."""
    settings, _outcome, _folder = built
    return pyoxigraph.Store.read_only(str(settings.dist / CURRENT / STORE))
