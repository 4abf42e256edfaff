"""`tracker export-all --with-evidence`: one .tar.gz of the dump, the evidence files and their
SHA-256 sums, readable by its owner only; `import-all` restores it on another database, and
refuses a changed or crafted archive with nothing written."""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import tarfile
from pathlib import Path

import psycopg
import pytest

from tests.conftest import scratch_database_name
from tests.databases import copy_of_demo
from tests.support import app_env, run_tracker

FILES = {
    "3f2a9c0d1e4b5a6978c0d1e2f3a4b5c6.pdf": b"%PDF-1.4 bao cao quy I\n" + bytes(range(256)) * 40,
    "0a1b2c3d4e5f60718293a4b5c6d7e8f9.docx": b"PK\x03\x04 van ban" + os.urandom(5000),
}
# A unit's reform index evidence (tài liệu kiểm chứng) is stored the same way.
INDEX_FILE = (
    "9f8e7d6c5b4a39281706f5e4d3c2b1a0.pdf",
    b"%PDF-1.4 ke hoach CCHC\n" + os.urandom(3000),
)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def fresh_database(suffix: str, evidence: Path, kind: str = "empty") -> dict[str, str]:
    """A database as `tracker db upgrade` leaves it, or with the demo as `tracker seed-demo`
    then leaves it: a copy of either, made once per session (tests/databases.py)."""
    url = copy_of_demo(scratch_database_name(suffix), kind)
    return app_env(DATABASE_URL=url, TRACKER_EVIDENCE_FOLDER=str(evidence))


def sql(env: dict[str, str], query: str, *params):
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
        cursor = connection.execute(query, params)
        return cursor.fetchall() if cursor.description else None


def add_evidence(env: dict[str, str], folder: Path) -> None:
    """Two of the demo's journal rows get a stored file; a third names one that is gone."""
    ids = [row[0] for row in sql(env, "SELECT id FROM progress_updates ORDER BY id LIMIT 3")]
    for (name, data), update_id in zip([*FILES.items(), ("gone.pdf", b"")], ids, strict=True):
        if data:
            (folder / name).write_bytes(data)
        sql(
            env,
            "UPDATE progress_updates SET evidence_file_path = %s, evidence_file_name = %s, "
            "evidence_file_size = %s WHERE id = %s",
            name,
            f"minh-chung-{update_id}.pdf",
            len(data),
            update_id,
        )
    name, data = INDEX_FILE
    (folder / name).write_bytes(data)
    item_id = sql(env, "SELECT id FROM index_assessment_items ORDER BY id LIMIT 1")[0][0]
    sql(
        env,
        "INSERT INTO index_evidence (item_id, kind, file_path, file_name, file_size) "
        "VALUES (%s, 'file', %s, 'ke-hoach-cchc.pdf', %s)",
        item_id,
        name,
        len(data),
    )


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The demo with two evidence files, exported from a database of its own."""
    root = tmp_path_factory.mktemp("backup")
    folder = root / "evidence-a"
    folder.mkdir()
    env = fresh_database("_evidence_a", folder, "demo")
    add_evidence(env, folder)
    archive, dump = root / "ban-sao.tar.gz", root / "a.json"
    archive.write_bytes(b"an older, world-readable file")
    archive.chmod(0o644)
    result = run_tracker("export-all", "--with-evidence", str(archive), env=env)
    assert result.returncode == 0, result.stderr
    assert "và 3 tệp minh chứng" in result.stdout
    assert "tệp minh chứng gone.pdf không có trong thư mục minh chứng" in result.stderr
    assert run_tracker("export-all", str(dump), env=env).returncode == 0
    return archive, dump


def test_the_archive_is_private_and_lists_a_sum_for_every_member(exported):
    archive, dump = exported
    assert mode_of(archive) == 0o600 and mode_of(dump) == 0o600
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    names = {"backup.json", "MANIFEST.sha256", *(f"evidence/{n}" for n in [*FILES, INDEX_FILE[0]])}
    assert set(members) == names
    assert members["backup.json"] == dump.read_bytes()
    manifest = dict(
        reversed(line.split("  ")) for line in members["MANIFEST.sha256"].decode().splitlines()
    )
    assert manifest == {
        name: hashlib.sha256(members[name]).hexdigest() for name in names - {"MANIFEST.sha256"}
    }


def test_the_archive_restores_the_files_byte_for_byte_into_another_database(exported, tmp_path):
    archive, dump = exported
    folder = tmp_path / "evidence-b"
    env = fresh_database("_evidence_b", folder)
    result = run_tracker("import-all", str(archive), env=env)
    assert result.returncode == 0, result.stderr
    assert "và 3 tệp minh chứng" in result.stdout
    assert sorted(p.name for p in folder.iterdir()) == sorted([*FILES, INDEX_FILE[0]])
    for name, data in [*FILES.items(), INDEX_FILE]:
        assert (folder / name).read_bytes() == data
    again = tmp_path / "b.json"
    assert run_tracker("export-all", str(again), env=env).returncode == 0
    tables = json.loads(again.read_text(encoding="utf-8"))["tables"]
    assert tables == json.loads(dump.read_text(encoding="utf-8"))["tables"]
    assert len(sql(env, "SELECT 1 FROM progress_updates WHERE evidence_file_path IS NOT NULL")) == 3


def rebuilt(source: Path, target: Path, change=None, extra=()) -> Path:
    """A copy of the archive with one member's bytes changed and members added."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for info in old.getmembers():
            data = old.extractfile(info).read()
            if change and info.name == change[0]:
                data = change[1](data)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
        for info, data in extra:
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


def member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    return info


def test_a_changed_or_crafted_archive_is_refused_with_nothing_written(exported, tmp_path):
    archive, _dump = exported
    folder = tmp_path / "evidence-c"
    env = fresh_database("_evidence_c", folder)
    first = next(iter(FILES))
    escape = tmp_path / "escaped.pdf"
    cases = {
        "changed file": (
            rebuilt(archive, tmp_path / "1.tgz", (f"evidence/{first}", bytes.upper)),
            "Mã SHA-256 của",
        ),
        "changed dump": (
            rebuilt(
                archive, tmp_path / "2.tgz", ("backup.json", lambda d: d.replace(b"{", b"{ ", 1))
            ),
            "Mã SHA-256 của",
        ),
        "traversal": (
            rebuilt(
                archive, tmp_path / "3.tgz", extra=[(member("evidence/../../escaped.pdf"), b"x")]
            ),
            "trỏ ra ngoài thư mục của nó",
        ),
        "absolute name": (
            rebuilt(archive, tmp_path / "4.tgz", extra=[(member(str(escape)), b"x")]),
            "trỏ ra ngoài thư mục của nó",
        ),
        "symlink": (
            rebuilt(
                archive,
                tmp_path / "5.tgz",
                extra=[(member("evidence/lien-ket.pdf", tarfile.SYMTYPE, "/etc/passwd"), b"")],
            ),
            "không phải là tệp thông thường",
        ),
        "hard link": (
            rebuilt(
                archive,
                tmp_path / "6.tgz",
                extra=[(member("evidence/cung.pdf", tarfile.LNKTYPE, f"evidence/{first}"), b"")],
            ),
            "không phải là tệp thông thường",
        ),
        "unlisted file": (
            rebuilt(archive, tmp_path / "7.tgz", extra=[(member("evidence/them.pdf"), b"x")]),
            "không có trong MANIFEST.sha256",
        ),
    }
    for case, (path, says) in cases.items():
        result = run_tracker("import-all", str(path), env=env)
        assert (result.returncode, case) == (1, case), result.stderr
        assert says in result.stderr, (case, result.stderr)
        assert list(folder.iterdir()) == [], case  # no file, and no staging folder left
        assert not escape.exists()
        assert sql(env, "SELECT count(*) FROM users") == [(0,)], case

    damaged = tmp_path / "8.tgz"
    damaged.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    result = run_tracker("import-all", str(damaged), env=env)
    assert result.returncode == 2, result.stderr
    assert list(folder.iterdir()) == [] and sql(env, "SELECT count(*) FROM users") == [(0,)]
