"""Evidence files: checked by type and size, stored under a random name."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app

ALLOWED_EXTENSIONS = {"pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "jpg", "jpeg", "png"}
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


@dataclass
class StoredFile:
    path: str  # relative to the evidence folder
    original_name: str
    size: int


def evidence_folder() -> Path:
    folder = Path(
        current_app.config.get("EVIDENCE_FOLDER") or Path(current_app.instance_path) / "evidence"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_evidence_file(filename: str, size: int) -> str | None:
    """What is wrong with the file, or None."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ALLOWED_EXTENSIONS:
        allowed = ", ".join(sorted(ALLOWED_EXTENSIONS))
        return f"file type .{extension or '?'} is not allowed (allowed: {allowed})"
    if size > MAX_EVIDENCE_BYTES:
        return f"the file is {size / 1048576:.1f} MB; at most 20 MB"
    if size == 0:
        return "the file is empty"
    return None


def store_evidence(filename: str, stream: BinaryIO) -> StoredFile:
    extension = filename.rsplit(".", 1)[-1].lower()
    name = f"{secrets.token_hex(16)}.{extension}"
    target = evidence_folder() / name
    size = 0
    with target.open("wb") as out:
        while chunk := stream.read(1024 * 1024):
            size += len(chunk)
            out.write(chunk)
    safe_original = Path(filename.replace("\\", "/")).name[:255]
    return StoredFile(path=name, original_name=safe_original, size=size)


def evidence_path(stored_name: str) -> Path:
    return evidence_folder() / Path(stored_name).name
