"""Backup and restore of state/: the event stream's history, the one thing a build cannot make
again (every member has the IRI and time it was first published under).

A backup is a gzipped tar of state/ with backup.json beside it: the base, the build the state
belongs to and its member count. Both commands hold the build lock, so no build writes state/
meanwhile. A restore first checks the archive (`archive`: what it holds, and that it holds what
backup.json says), refuses one for another base, and one older than the stream the current
build serves (members published since would be lost, and published again under new IRIs)
unless forced; it swaps the restored state in whole, without the history's index, which the
next build makes again from the history it checked.
"""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from practicegraph.builder.archive import ABOUT, STATE, About, ArchiveError, belongs, checked
from practicegraph.builder.freeze.ldes.history import INDEX, History, history_path
from practicegraph.builder.lock import exclusive
from practicegraph.builder.parse.previous import last_build
from practicegraph.core.settings import BuildSettings


class BackupError(Exception):
    """A backup that cannot be made or restored; says why."""


def served(settings: BuildSettings) -> tuple[str | None, int]:
    """The current build's id and the members its event stream serves."""
    last = last_build(settings)
    if last is None:
        return None, 0
    _folder, manifest = last
    return manifest.build, manifest.ldes.members


def backup(settings: BuildSettings, target: Path) -> About:
    """state/ as an archive at `target`, which must lie outside it (or it goes with state/)."""
    if target.resolve().is_relative_to(settings.state.resolve()):
        raise BackupError(f"{target} is inside {settings.state}: a backup there is lost with it")
    with exclusive(settings.dist):
        members = len(History.read(settings.state, settings.base))
        build, _served = served(settings)
        about = About(
            settings.base, build, members, datetime.now(UTC).isoformat(timespec="seconds")
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        with tarfile.open(partial, "w:gz") as archive:
            text = json.dumps(about.__dict__, indent=1).encode("utf-8")
            info = tarfile.TarInfo(ABOUT)
            info.size = len(text)
            archive.addfile(info, io.BytesIO(text))
            if settings.state.is_dir():
                archive.add(settings.state, arcname=STATE, filter=belongs)
        partial.replace(target)
        return about


def restore(settings: BuildSettings, archive_path: Path, force: bool = False) -> About:
    with exclusive(settings.dist):
        try:
            with checked(str(archive_path), settings.base) as (archive, about):
                build, members = served(settings)
                if members > about.members and not force:
                    raise BackupError(
                        f"the backup holds {about.members} members, the current build {build}"
                        f" serves {members}: the {members - about.members} published since would"
                        " be lost and published again under new IRIs. Restore a newer backup, or"
                        " --force"
                    )
                swap_in(settings.state, archive)
        except ArchiveError as error:
            raise BackupError(str(error)) from None
        return about


def swap_in(state: Path, archive: tarfile.TarFile) -> None:
    """Unpack beside state/, then replace state/ whole; the history's index is left out."""
    state.parent.mkdir(parents=True, exist_ok=True)
    unpacked = Path(tempfile.mkdtemp(prefix=".state-restore-", dir=state.parent))
    try:
        archive.extractall(unpacked, filter="data")
        fresh = unpacked / STATE
        fresh.mkdir(exist_ok=True)
        history_path(fresh).with_name(INDEX).unlink(missing_ok=True)
        old = state.with_name(f".{state.name}-replaced")
        shutil.rmtree(old, ignore_errors=True)
        if state.exists():
            state.rename(old)
        fresh.rename(state)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)
