"""An uploaded plan file kept between its preview and the office's confirmation.

It is stored under the instance folder by a random id, with the uploader's id beside it, so
that only they can confirm it; files left unconfirmed are removed after a day.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from pathlib import Path
from typing import BinaryIO

from flask import current_app

from tracker.imports.reader import MAX_IMPORT_BYTES

KEEP_SECONDS = 24 * 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22,64}")


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _forget_old(folder: Path) -> None:
    limit = time.time() - KEEP_SECONDS
    for path in folder.iterdir():
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def keep_upload(stream: BinaryIO, filename: str, user_id: int) -> str:
    folder = _folder()
    _forget_old(folder)
    token = secrets.token_urlsafe(24)
    # Copied in pieces, and no further than the reader would look: one byte past the limit
    # is enough for it to refuse the file. Plans in preparation are for the office only.
    fd = os.open(folder / f"{token}.bin", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        left = MAX_IMPORT_BYTES + 1
        while left and (chunk := stream.read(min(left, 1024 * 1024))):
            out.write(chunk)
            left -= len(chunk)
    name = Path(filename.replace("\\", "/")).name[:255]
    (folder / f"{token}.json").write_text(json.dumps({"filename": name, "user": user_id}))
    return token


def kept_upload(token: str, user_id: int) -> tuple[Path, str] | None:
    """(path, original file name) of an upload of this user, or None."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    folder = _folder()
    try:
        meta = json.loads((folder / f"{token}.json").read_text())
    except (OSError, ValueError):
        return None
    path = folder / f"{token}.bin"
    if meta.get("user") != user_id or not path.exists():
        return None
    return path, meta["filename"]


def discard_upload(token: str) -> None:
    if _TOKEN.fullmatch(token or ""):
        for suffix in (".bin", ".json"):
            (_folder() / f"{token}{suffix}").unlink(missing_ok=True)


def read_kept_upload(token: str, user_id: int) -> tuple[bytes, str] | None:
    """The bytes of a person's kept upload (one byte past the limit at most, for the reader to
    refuse) and its file name; None when it is gone."""
    kept = kept_upload(token, user_id)
    if kept is None:
        return None
    path, filename = kept
    with Path(path).open("rb") as handle:
        return handle.read(MAX_IMPORT_BYTES + 1), filename
