"""`tracker export-all` / `tracker import-all` round-trip the demo data."""

from __future__ import annotations

import json
import os
import stat

import pytest

from tests.conftest import recreate_database, scratch_database_name
from tests.databases import copy_of_demo
from tests.support import app_env, run_tracker


def tables_of(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["tables"]


def mode_of(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_export_then_import_into_an_empty_database_round_trips_the_demo(tmp_path):
    # The demo as `tracker db upgrade && tracker seed-demo` leave it, seeded once per session;
    # the target as `tracker db upgrade` leaves it.
    source = copy_of_demo(scratch_database_name("_backup_a"))
    target = copy_of_demo(scratch_database_name("_backup_b"), "empty")
    env_a, env_b = app_env(DATABASE_URL=source), app_env(DATABASE_URL=target)
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    result = run_tracker("export-all", str(first), env=env_a)
    assert result.returncode == 0, result.stderr
    assert mode_of(first) == 0o600  # it holds the password hashes

    result = run_tracker("import-all", str(first), env=env_b)
    assert result.returncode == 0, result.stderr
    second.write_text("an older backup, world-readable")
    second.chmod(0o644)
    assert run_tracker("export-all", str(second), env=env_b).returncode == 0
    assert mode_of(second) == 0o600  # replaced, not written into with its old mode
    assert tables_of(first) == tables_of(second)
    # Every unit the demo ever had: Quảng Trị's 149 of 2021, Quảng Bình's 153 before the
    # merger and the three the 2025 reorganisation created.
    assert len(tables_of(first)["units"]) == 149 + 153 + 3

    # Ids continue after the restored ones: a new row gets a fresh id.
    result = run_tracker(
        "create-user",
        "--email",
        "moi@example.vn",
        "--name",
        "Người mới",
        "--role",
        "viewer",
        env=env_b,
        input="mat-khau-dai-du\n",
    )
    assert result.returncode == 0, result.stderr

    # A second restore into the same, no longer empty, database is refused and changes nothing.
    result = run_tracker("import-all", str(first), env=env_b)
    assert result.returncode == 1
    assert "Cơ sở dữ liệu không trống" in result.stderr


def test_an_unreadable_file_exits_2(tmp_path):
    target = recreate_database(scratch_database_name("_backup_c"))
    env = app_env(DATABASE_URL=target)
    assert run_tracker("db", "upgrade", env=env).returncode == 0
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = run_tracker("import-all", str(bad), env=env)
    assert result.returncode == 2


def test_a_backup_file_is_private_from_its_first_byte_whatever_the_umask(tmp_path):
    from tracker.backup.archive import private_file

    target = tmp_path / "backup.json"
    umask = os.umask(0)
    try:
        with private_file(target) as out:
            out.write(b"{")
            (partial,) = tmp_path.iterdir()  # written under another name until complete
            assert mode_of(partial) == 0o600 and not target.exists()
        assert mode_of(target) == 0o600 and list(tmp_path.iterdir()) == [target]
        # A failed export leaves the previous file as it was, and no half file.
        with pytest.raises(RuntimeError), private_file(target) as out:
            out.write(b"half")
            raise RuntimeError
        assert target.read_bytes() == b"{" and list(tmp_path.iterdir()) == [target]
    finally:
        os.umask(umask)
