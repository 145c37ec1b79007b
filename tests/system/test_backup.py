"""state/ backed up and restored: the event stream goes on where it stopped, no member twice
and none lost, as if the state had never been lost."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import shutil
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from practicegraph.core.build_folder import CURRENT
from practicegraph.core.settings import BuildSettings
from tests.conftest import cli, copy_project, rewrite

PRACTICE = "data/practices/instroommeting.ttl"


def edit(project: Path, old: str, new: str) -> None:
    rewrite(project / PRACTICE, old, new)


def history(settings: BuildSettings) -> list[dict[str, str]]:
    lines = (settings.state / "ldes" / "practices.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[1:]]


def served(settings: BuildSettings) -> str:
    current = (settings.dist / CURRENT).resolve()
    return "".join(p.read_text(encoding="utf-8") for p in (current / "ldes").rglob("*.nt"))


def build(project: Path) -> None:
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr


def test_a_restored_state_continues_the_stream_where_it_stopped(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    settings = BuildSettings(project_dir=project)
    build(project)
    edit(project, '"Stad Leuven monitort', '"De stad Leuven monitort')
    build(project)
    leftover = settings.state / "ldes" / ".digests.json.4242"
    leftover.write_text("{}", encoding="utf-8")  # a crash's temporary: left out, not refused
    archive = tmp_path / "backups" / "state.tar.gz"
    made = cli(project, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    before = history(settings)
    assert f"{len(before)} members" in made.stderr

    shutil.rmtree(settings.state)  # the disk with state/ is lost
    restored = cli(project, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert history(settings) == before
    assert not leftover.exists()
    edit(project, '"De stad Leuven monitort', '"Leuven monitort')
    build(project)
    after = history(settings)
    assert after[: len(before)] == before, "the stream goes on from where it stopped"
    (new,) = after[len(before) :]
    assert new["entity"].endswith("/initiatief/instroommeting-leuven")
    assert len({m["iri"] for m in after}) == len(after), "no member twice"
    assert all(f"<{m['iri']}>" in served(settings) for m in after), "none lost"


def test_a_backup_older_than_the_stream_served_is_refused(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    build(project)
    archive = tmp_path / "old.tar.gz"
    assert cli(project, "backup", str(archive)).returncode == 0
    edit(project, '"Stad Leuven monitort', '"De stad Leuven monitort')
    build(project)
    refused = cli(project, "restore", str(archive))
    assert refused.returncode == 1
    assert "published since would be lost" in " ".join(refused.stderr.split())
    forced = cli(project, "restore", str(archive), "--force")
    assert forced.returncode == 0, forced.stderr
    wrong_base = cli(project, "restore", str(archive), "--base", "https://data.example.be/")
    assert wrong_base.returncode == 1
    assert "the backup is for base http://localhost:8000/" in wrong_base.stderr


def state_digest(state: Path) -> dict[str, str]:
    """Every file of state/ by path, with the SHA-256 of its bytes."""
    return {
        path.relative_to(state).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(state.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A built project, and the members of a good backup of its state (name → bytes)."""
    root = tmp_path_factory.mktemp("backed-up")
    project = copy_project(root / "project")
    build(project)
    archive = root / "good.tar.gz"
    assert cli(project, "backup", str(archive)).returncode == 0
    with tarfile.open(archive, "r:gz") as opened:
        files = {
            m.name: handle.read()
            for m in opened.getmembers()
            if (handle := opened.extractfile(m)) is not None
        }
    assert HISTORY_LINES in files
    return project, files


HISTORY_LINES = "state/ldes/practices.jsonl"
EVIL = "https://evil.example/"


def tar(files: dict[str, bytes], extra: tarfile.TarInfo | None = None) -> bytes:
    """A gzipped tar of these regular files, and one more member if given."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        if extra is not None:
            archive.addfile(extra)
    return buffer.getvalue()


def special(name: str, kind: bytes, target: str = "") -> tarfile.TarInfo:
    """A member that is not a regular file: a link, or a folder."""
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


def about(files: dict[str, bytes], **changes: object) -> bytes:
    return json.dumps({**json.loads(files["backup.json"]), **changes}).encode()


def forged(files: dict[str, bytes], change: Callable[[dict[str, str]], None]) -> bytes:
    """A tar of the good backup with its first member changed, the line otherwise a good one."""
    head, first, *rest = files[HISTORY_LINES].decode("utf-8").splitlines(keepends=True)
    member = json.loads(first)
    change(member)
    lines = [head, json.dumps(member, ensure_ascii=False, sort_keys=True) + "\n", *rest]
    return tar({**files, HISTORY_LINES: "".join(lines).encode("utf-8")})


def injected_iri(member: dict[str, str]) -> None:
    member["iri"] = member["entity"] + '/version/x> <http://evil/p> "injected" .\n<http://evil/s'


def other_stamp(member: dict[str, str]) -> None:
    member["iri"] = member["entity"] + "/version/x"


def about_another(member: dict[str, str]) -> None:
    other = member["entity"].rsplit("/", 2)[0] + "/praktijk/instroommeting"
    member["ntriples"] += f'<{other}> <http://purl.org/dc/terms/title> "GEHACKT" .\n'


def script_link(member: dict[str, str]) -> None:
    see_also = "<http://www.w3.org/2000/01/rdf-schema#seeAlso>"
    member["ntriples"] += f"<{EVIL}s> {see_also} <javascript:alert(1)> .\n"


def published_records(count: int) -> dict[str, bytes]:
    return {f"state/published/{number:016x}.json": b"{}" for number in range(count)}


BAD_ARCHIVES: dict[str, tuple[Callable[[dict[str, bytes]], bytes], str]] = {
    "empty file": (lambda f: b"", "not a gzipped tar archive"),
    "not gzip": (lambda f: b"PK\x03\x04 a zip, say", "not a gzipped tar archive"),
    "gzip, not tar": (lambda f: gzip.compress(b"garbage " * 200), "not a"),
    "empty tar": (lambda f: tar({}), "the archive is empty"),
    "bad JSON": (lambda f: tar({**f, "backup.json": b"{members: 1"}), "backup.json is not JSON"),
    "only the claim": (
        lambda f: tar({"backup.json": about(f, members=999999999)}),
        "claims 999999999 members, the archive holds no history",
    ),
    "count mismatch": (
        lambda f: tar({**f, "backup.json": about(f, members=999999999)}),
        "claims 999999999 members, the history in the archive holds",
    ),
    "wrong-base lines": (
        lambda f: tar(
            {
                **f,
                HISTORY_LINES: re.sub(
                    rb'("(iri|entity)": ")http://localhost:8000/',
                    rb"\1" + EVIL.encode(),
                    f[HISTORY_LINES],
                ),
            }
        ),
        "line 2: a member not minted under base http://localhost:8000/",
    ),
    "garbage line": (
        lambda f: tar({**f, HISTORY_LINES: f[HISTORY_LINES] + b'{"iri": 1}\n'}),
        "not a member",
    ),
    "traversal": (lambda f: tar({**f, "state/../../evil": b"x"}), "a path out of its folder"),
    "absolute path": (lambda f: tar({**f, "/tmp/evil": b"x"}), "an absolute path"),
    "symlink": (
        lambda f: tar(f, special("state/ldes/index.json", tarfile.SYMTYPE, "/etc/passwd")),
        "holds a link",
    ),
    "hardlink": (
        lambda f: tar(f, special("state/ldes/index.json", tarfile.LNKTYPE, "backup.json")),
        "holds a link",
    ),
    "a member named '.'": (
        lambda f: tar(f, special(".", tarfile.DIRTYPE)),
        "a member without a name",
    ),
    "another member": (lambda f: tar({**f, "notes.txt": b"x"}), "only backup.json and the"),
    "a file state/ never holds": (
        lambda f: tar({**f, "state/f0": b""}),
        "'state/f0': only backup.json and the files state/ holds",
    ),
    "too many files": (
        lambda f: tar({**f, **published_records(1_001)}),
        "the archive holds more than 1000 members",
    ),
    "a name not written plainly": (
        lambda f: tar({**f, "state//sync.json": b"{}"}),
        "a name not written plainly",
    ),
    "an IRI that injects triples": (
        lambda f: forged(f, injected_iri),
        "line 2: the iri holds '>', which no IRI may hold",
    ),
    "an IRI no build mints": (lambda f: forged(f, other_stamp), "/version/ and a stamp"),
    "triples about another practice": (
        lambda f: forged(f, about_another),
        "line 2: the member's N-Triples say something of <http://localhost:8000/id/praktijk/",
    ),
    "triples about another site": (
        lambda f: forged(f, script_link),
        f"line 2: the member's N-Triples say something of <{EVIL}s>",
    ),
}


@pytest.mark.parametrize("kind", BAD_ARCHIVES)
def test_a_bad_archive_is_refused_before_state_is_touched(
    backed_up: tuple[Path, dict[str, bytes]], tmp_path: Path, kind: str
) -> None:
    project, files = backed_up
    settings = BuildSettings(project_dir=project)
    make, expected = BAD_ARCHIVES[kind]
    archive = tmp_path / "bad.tar.gz"
    archive.write_bytes(make(files))
    before = state_digest(settings.state)
    assert HISTORY_LINES.removeprefix("state/") in before
    refused = cli(project, "restore", str(archive))
    assert refused.returncode != 0
    assert "Traceback" not in refused.stderr
    (line,) = refused.stderr.strip().splitlines()
    assert expected in line
    assert state_digest(settings.state) == before, "state/ is byte for byte what it was"


def test_a_backup_inside_state_is_refused(project: Path) -> None:
    """It would be lost with what it backs up."""
    assert cli(project, "build").returncode == 0
    inside = project / "state" / "backups" / "state.tar.gz"
    result = cli(project, "backup", str(inside))
    assert result.returncode == 1
    assert "a backup there is lost with it" in " ".join(result.stderr.split())
    assert not inside.exists()
