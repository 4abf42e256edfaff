"""The backup files on disk: written for their owner's eyes only, and an archive of the dump
with the evidence files that is checked throughout before any of it is restored.

A .tar.gz of `export-all --with-evidence` holds `backup.json`, `evidence/<stored name>` for
each evidence file, and `MANIFEST.sha256` (sha256sum's format) with the sum of each of them.
Restoring trusts nothing in it: every member must be a regular file with one of those names
(no folders, links, absolute names or `..`), every sum must match, and the evidence files
are unpacked into a staging folder inside the evidence folder and moved in only when all of
it was checked and the database has taken the dump.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import secrets
import shutil
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import lazy_gettext as _l

from tracker.backup import BackupError
from tracker.core.problems import Problem

DUMP = "backup.json"
MANIFEST = "MANIFEST.sha256"
EVIDENCE = "evidence/"
# Stored evidence names are random hex with an extension (tracker.core.evidence_files).
EVIDENCE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,254}")
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
_CHUNK = 1024 * 1024


def cannot_write(path: Path, reason) -> Problem:
    return Problem(
        "cannot_write", _l("Cannot write %(path)s: %(reason)s."), path=str(path), reason=str(reason)
    )


def cannot_read(path: Path, reason) -> Problem:
    return Problem(
        "cannot_read", _l("Cannot read %(path)s: %(reason)s."), path=str(path), reason=str(reason)
    )


@contextlib.contextmanager
def private_file(path: Path):
    """A binary file written at `path`, never readable by anyone but its owner: the dump
    holds password hashes. It is made under a temporary name with mode 0600 from its first
    byte (os.open, not chmod afterwards, and no umask can widen it), synced, and renamed over
    `path` only once complete, so a failed export leaves no half file and an older file's
    wider mode does not carry over."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise BackupError(cannot_write(path, error.strerror), exit_code=2) from None
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class _Hashing:
    """A file read through once: into the archive, and into its sum on the way."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        return data


def _info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, int(time.time())
    return info


def write_archive(path: Path, dump: bytes, files: dict[str, Path]) -> None:
    """The archive of `dump` and `files` (stored name → file in the evidence folder)."""
    sums = {DUMP: hashlib.sha256(dump).hexdigest()}
    with private_file(path) as out, tarfile.open(fileobj=out, mode="w:gz") as tar:
        tar.addfile(_info(DUMP, len(dump)), io.BytesIO(dump))
        for name, source in sorted(files.items()):
            with source.open("rb") as raw:
                reader = _Hashing(raw)
                tar.addfile(_info(EVIDENCE + name, os.fstat(raw.fileno()).st_size), reader)
            sums[EVIDENCE + name] = reader.sha256.hexdigest()
        manifest = "".join(f"{digest}  {name}\n" for name, digest in sums.items()).encode()
        tar.addfile(_info(MANIFEST, len(manifest)), io.BytesIO(manifest))


def is_archive(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(2) == b"\x1f\x8b"  # gzip's magic number
    except OSError:
        return False  # the JSON reader says why it cannot be read


@dataclass
class Restore:
    """A checked archive: the dump, and the evidence files staged inside their folder."""

    dump: bytes
    folder: Path
    staging: Path
    staged: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)

    def move_in(self) -> None:
        for name in self.staged:
            os.replace(self.staging / name, self.folder / name)
            self.moved.append(name)

    def undo(self) -> None:
        """After a failed commit: the files moved in go again."""
        for name in self.moved:
            (self.folder / name).unlink(missing_ok=True)


@contextlib.contextmanager
def restoring(path: Path, folder: Path):
    """Read and check the archive at `path`, staging its evidence files inside `folder`;
    the staging folder is removed on the way out, whatever happened."""
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=folder))
    try:
        restore = Restore(b"", folder, staging)
        _unpack(path, restore)
        yield restore
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _unpack(path: Path, restore: Restore) -> None:
    sums: dict[str, str] = {}
    manifest = None
    try:
        with tarfile.open(path, mode="r|gz") as tar:  # a stream: each member read once
            for member in tar:
                name = _checked_name(member)
                if name in sums or (name == MANIFEST and manifest is not None):
                    raise BackupError(
                        Problem(
                            "member_twice",
                            _l("%(path)s: %(name)s is in the archive twice."),
                            path=str(path),
                            name=name,
                        )
                    )
                source = tar.extractfile(member)
                if name == MANIFEST:
                    if member.size > MAX_MANIFEST_BYTES:
                        raise BackupError(
                            Problem(
                                "manifest_too_large",
                                _l("%(path)s: %(name)s is too large."),
                                path=str(path),
                                name=MANIFEST,
                            )
                        )
                    manifest = source.read()
                elif name == DUMP:
                    restore.dump = source.read()
                    sums[name] = hashlib.sha256(restore.dump).hexdigest()
                else:
                    sums[name] = _stage(source, restore, name.removeprefix(EVIDENCE))
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(cannot_read(path, error), exit_code=2) from None
    _verify(path, manifest, sums)


def _checked_name(member: tarfile.TarInfo) -> str:
    name = member.name
    parts = name.replace("\\", "/").split("/")
    if name.startswith("/") or ".." in parts or "\\" in name or "\0" in name:
        raise BackupError(
            Problem(
                "member_outside",
                _l("The archive member “%(name)s” points outside its folder."),
                name=name,
            )
        )
    if not member.isreg() or member.issparse():
        raise BackupError(
            Problem(
                "member_not_a_file",
                _l("The archive member “%(name)s” is not a plain file."),
                name=name,
            )
        )
    evidence = name.removeprefix(EVIDENCE)
    if name not in (DUMP, MANIFEST) and (evidence == name or not EVIDENCE_NAME.fullmatch(evidence)):
        raise BackupError(
            Problem(
                "member_unknown",
                _l("The archive member “%(name)s” is not part of a backup."),
                name=name,
            )
        )
    return name


def _stage(source, restore: Restore, name: str) -> str:
    """Unpack one evidence file into the staging folder; its sum."""
    target = restore.folder / name
    if target.exists():
        raise BackupError(
            Problem(
                "evidence_file_exists",
                _l(
                    "The evidence folder %(folder)s already has a file %(name)s: restore "
                    "into an empty evidence folder."
                ),
                folder=str(restore.folder),
                name=name,
            )
        )
    digest = hashlib.sha256()
    fd = os.open(restore.staging / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            out.write(chunk)
    restore.staged.append(name)
    return digest.hexdigest()


def _verify(path: Path, manifest: bytes | None, sums: dict[str, str]) -> None:
    if manifest is None or DUMP not in sums:
        raise BackupError(
            Problem(
                "archive_incomplete",
                _l("%(path)s has no %(manifest)s or no %(dump)s."),
                path=str(path),
                manifest=MANIFEST,
                dump=DUMP,
            )
        )
    listed = {}
    for line in manifest.decode("utf-8", "replace").splitlines():
        digest, _, name = line.partition("  ")
        if line:
            listed[name] = digest
    for name in sorted(set(listed) | set(sums)):
        if name not in sums:
            raise BackupError(
                Problem(
                    "member_missing",
                    _l("%(name)s is in %(manifest)s but not in the archive."),
                    name=name,
                    manifest=MANIFEST,
                )
            )
        if name not in listed:
            raise BackupError(
                Problem(
                    "member_unlisted",
                    _l("%(name)s is in the archive but not in %(manifest)s."),
                    name=name,
                    manifest=MANIFEST,
                )
            )
        if listed[name] != sums[name]:
            raise BackupError(
                Problem(
                    "sum_mismatch",
                    _l(
                        "The SHA-256 sum of %(name)s does not match %(manifest)s: the archive "
                        "was changed or damaged."
                    ),
                    name=name,
                    manifest=MANIFEST,
                )
            )
