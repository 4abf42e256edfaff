"""Evidence files: checked by type and size, stored under a random name with the accepted
extension, served with the type that extension stands for (never one guessed from a name)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import lazy_gettext as _l

from tracker.core.problems import Problem

# The accepted types, by extension, and the Content-Type each is served with.
MIMETYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
ALLOWED_EXTENSIONS = set(MIMETYPES)
MAX_NAME = 255  # the column that keeps the name as uploaded
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


def evidence_extension(filename: str) -> str:
    """The extension the file is judged, stored and served by: what follows the last dot."""
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def check_evidence_file(filename: str, size: int) -> Problem | None:
    """What is wrong with the file, or None."""
    extension = evidence_extension(filename)
    if extension not in ALLOWED_EXTENSIONS:
        return Problem(
            "file_type",
            _l("Files of type .%(extension)s cannot be attached. Attach one of: %(allowed)s."),
            extension=extension or "?",
            allowed=sorted(ALLOWED_EXTENSIONS),
        )
    if size > MAX_EVIDENCE_BYTES:
        return Problem(
            "file_too_large",
            _l("The file is %(size_mb)s MB; a file may be at most %(max_mb)s MB."),
            size_mb=round(size / 1048576, 1),
            max_mb=MAX_EVIDENCE_BYTES // 1048576,
        )
    if size == 0:
        return Problem("file_empty", _l("The file is empty."))
    return None


def shortened_name(filename: str, extension: str) -> str:
    """The uploaded name without its folders, at most MAX_NAME characters, ending with
    `extension`: cutting the end off 'a'*250 + '.html.pdf' would leave a name ending .html."""
    name = Path(filename.replace("\\", "/")).name
    suffix = f".{extension}"
    stem = name[: -len(suffix)] if name.lower().endswith(suffix) else name
    return stem[: MAX_NAME - len(suffix)].rstrip(". ") + suffix  # no "name..pdf" after a cut


def store_evidence(filename: str, stream: BinaryIO) -> StoredFile:
    extension = evidence_extension(filename)
    name = f"{secrets.token_hex(16)}.{extension}"
    target = evidence_folder() / name
    size = 0
    with target.open("wb") as out:
        while chunk := stream.read(1024 * 1024):
            size += len(chunk)
            out.write(chunk)
    return StoredFile(path=name, original_name=shortened_name(filename, extension), size=size)


def evidence_path(stored_name: str) -> Path:
    return evidence_folder() / Path(stored_name).name


def evidence_download(stored_name: str, original_name: str | None) -> tuple[str, str]:
    """(Content-Type, download name) of a stored file, both from the extension it was stored
    with; a name kept before names were shortened this way may end otherwise (.html)."""
    extension = evidence_extension(stored_name)
    mimetype = MIMETYPES.get(extension, "application/octet-stream")
    return mimetype, shortened_name(original_name or stored_name, extension)
