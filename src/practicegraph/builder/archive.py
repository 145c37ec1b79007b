"""A backup archive read strictly, before a restore writes anything: the archive holds only
backup.json and state/'s folders and regular files, and what backup.json claims (base, member
count) is what the history in the archive holds, line by line. A restore that trusted the claim
could empty state/, and the next build would start the event stream again under new IRIs."""

from __future__ import annotations

import json
import re
import tarfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from practicegraph.builder.freeze.ldes.digests import DIGESTS
from practicegraph.builder.freeze.ldes.history import INDEX, checked_member, history_path
from practicegraph.core import sync_record
from practicegraph.core.reading import json_fields

ABOUT = "backup.json"
STATE = "state"
HISTORY_MEMBER = history_path(Path(STATE)).as_posix()
STREAM_FOLDER = Path(HISTORY_MEMBER).parent.as_posix()
FOLDERS = frozenset({STATE, STREAM_FOLDER, f"{STATE}/published"})
FILES = frozenset(
    {
        HISTORY_MEMBER,
        f"{STREAM_FOLDER}/{INDEX}",
        f"{STREAM_FOLDER}/{DIGESTS}",
        f"{STATE}/{sync_record.FILE}",
        f"{STATE}/sync.lock",
    }
)
"""Every file state/ holds: the history, its index, the digests, the sync record and its lock
(and one record per store published to, PUBLISHED). Only these are restored: anything else is
no backup's, and 200,000 empty files unpacked cost half a minute and 180 MB of inodes."""
PUBLISHED = re.compile(rf"{STATE}/published/[0-9a-f]{{16}}\.json")
"""`publish.record_of`: a store's URL hashed."""
MOST_MEMBERS = 1_000
"""Archive members: state/ holds a few files and one per store published to."""
MOST_BYTES = 4 << 30
"""Bytes unpacked: a history of millions of members is some GB; more is no backup of ours."""


class ArchiveError(Exception):
    """An archive a restore refuses; the message says why, in one line."""


@dataclass(frozen=True)
class About:
    """backup.json: what the backup says of itself."""

    base: str
    build: str | None
    members: int
    made: str


def read_about(data: bytes) -> About:
    """backup.json, its fields and their types as `backup` writes them."""
    try:
        values = json_fields(data, About, ABOUT)
    except ValueError as error:
        raise ArchiveError(str(error)) from None
    about = About(**values)
    if not (isinstance(about.base, str) and isinstance(about.made, str)):
        raise ArchiveError(f"{ABOUT}: base and made are text")
    if not (about.build is None or isinstance(about.build, str)):
        raise ArchiveError(f"{ABOUT}: build is text or null")
    if isinstance(about.members, bool) or not isinstance(about.members, int) or about.members < 0:
        raise ArchiveError(f"{ABOUT}: members is a count, got {about.members!r}")
    return about


def allowed(member: tarfile.TarInfo) -> None:
    """backup.json and state/…, regular files and folders, relative and without `..`."""
    name = member.name
    path = PurePosixPath(name)
    if path.is_absolute() or "\\" in name:
        raise ArchiveError(f"the archive holds an absolute path: {name!r}")
    if ".." in path.parts:
        raise ArchiveError(f"the archive holds a path out of its folder: {name!r}")
    if not path.parts:
        raise ArchiveError(f"the archive holds a member without a name: {name!r}")
    if member.issym() or member.islnk():
        raise ArchiveError(f"the archive holds a link: {name!r} → {member.linkname!r}")
    plain = path.as_posix()
    if plain != name:
        raise ArchiveError(f"the archive holds a name not written plainly: {name!r}")
    if member.isdir() and plain in FOLDERS:
        return
    if member.isreg() and (plain in FILES or PUBLISHED.fullmatch(plain)):
        return
    if name == ABOUT and member.isreg():
        return
    raise ArchiveError(
        f"the archive holds {name!r}: only {ABOUT} and the files state/ holds belong in it"
    )


def belongs(member: tarfile.TarInfo) -> tarfile.TarInfo | None:
    """For `backup`'s tar filter: the member if a restore accepts it, else None. A temporary
    left by a crash (.digests.json.1234) is no part of the state, and kept in a backup it would
    make that backup one no restore accepts."""
    try:
        allowed(member)
    except ArchiveError:
        return None
    return member


def check_history(handle: IO[bytes], about: About, base: str) -> None:
    """Every line of the history in the archive a member for this base, and as many as
    backup.json says."""
    first = handle.readline()
    try:
        header = json.loads(first)
    except (UnicodeDecodeError, ValueError):
        header = None
    if header != {"base": base}:
        raise ArchiveError(f"{HISTORY_MEMBER} line 1: not the header of a history for {base}")
    count = 0
    for number, line in enumerate(handle, start=2):
        if not line.endswith(b"\n"):
            raise ArchiveError(f"{HISTORY_MEMBER} line {number}: cut off")
        try:
            checked_member(line, base)
        except ValueError as error:
            raise ArchiveError(f"{HISTORY_MEMBER} line {number}: {error}") from None
        count += 1
    if count != about.members:
        raise ArchiveError(
            f"{ABOUT} claims {about.members} members, the history in the archive holds {count}"
        )


def check(archive: tarfile.TarFile, base: str) -> About:
    """What the archive holds, checked; its backup.json. Raises ArchiveError."""
    members: list[tarfile.TarInfo] = []
    size = 0
    for member in archive:  # one at a time: a refused archive is never read whole
        allowed(member)
        members.append(member)
        size += member.size
        if len(members) > MOST_MEMBERS or size > MOST_BYTES:
            raise ArchiveError(
                f"the archive holds more than {MOST_MEMBERS} members or {MOST_BYTES} bytes:"
                " more than state/ ever holds"
            )
    if not members:
        raise ArchiveError("the archive is empty")
    names = [m.name for m in members]
    if len(set(names)) != len(names):
        raise ArchiveError("the archive holds a name twice")
    if ABOUT not in names:
        raise ArchiveError(f"the archive has no {ABOUT}: not a practicegraph backup")
    about = read_about(read(archive, ABOUT).read())
    if about.base != base:
        raise ArchiveError(f"the backup is for base {about.base}, not {base}")
    if HISTORY_MEMBER in names:
        check_history(read(archive, HISTORY_MEMBER), about, base)
    elif about.members:
        raise ArchiveError(f"{ABOUT} claims {about.members} members, the archive holds no history")
    return about


def read(archive: tarfile.TarFile, name: str) -> IO[bytes]:
    handle = archive.extractfile(name)
    assert handle is not None, name  # a regular file: `allowed` said so
    return handle


def opened(path: str) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:gz")
    except FileNotFoundError:
        raise ArchiveError(f"{path}: no such file") from None
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise ArchiveError(f"{path} is not a gzipped tar archive ({error})") from None


@contextmanager
def checked(path: str, base: str) -> Iterator[tuple[tarfile.TarFile, About]]:
    """The archive opened and checked, with its backup.json; refused with why if it is no good
    backup."""
    with opened(path) as archive:
        try:
            about = check(archive, base)
        except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
            raise ArchiveError(f"{path} is not a readable tar archive ({error})") from None
        except ArchiveError as error:
            raise ArchiveError(f"{path}: {error}") from None
        yield archive, about
