"""`tracker export-all` / `tracker import-all`.

The dump holds the schema revision and every table's rows; with the evidence files it goes
into a .tar.gz (archive.py). Either is written readable by its owner only. Import refuses a
database that is not empty or not at the same revision, and writes everything in one
transaction; an archive's files are moved into the evidence folder just before it commits.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from alembic.migration import MigrationContext
from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, LargeBinary, func, select, text, union, update

from tracker.assignments.models import JournalEntry
from tracker.backup import BackupError, archive
from tracker.core.evidence_files import evidence_folder
from tracker.core.problems import Problem
from tracker.extensions import db
from tracker.reform_index.models import AssessmentEvidence

__all__ = ["BackupError", "Summary", "export_all", "import_all"]

FORMAT = "cchc-tracker-backup"


@dataclass
class Summary:
    """What an export wrote or an import restored."""

    counts: dict[str, int]  # rows per table
    files: int = 0  # evidence files
    # Stored names the database refers to whose file is not in the evidence folder.
    missing: list[str] = field(default_factory=list)


def current_revision() -> str | None:
    return MigrationContext.configure(db.session.connection()).get_current_revision()


def _tables():
    return [t for t in db.metadata.sorted_tables if t.info.get("backup", True)]


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):  # an issued report's .docx: JSON holds text only
        return base64.b64encode(value).decode("ascii")
    return value


def _dump() -> tuple[bytes, dict[str, int]]:
    tables, counts = {}, {}
    for table in _tables():
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).mappings()
        tables[table.name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
        counts[table.name] = len(tables[table.name])
    document = {"format": FORMAT, "version": 1, "revision": current_revision(), "tables": tables}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"), counts


def _evidence_files() -> tuple[dict[str, Path], list[str]]:
    """The evidence files the database refers to (stored name → file), and the names of
    those that are not there."""

    folder = evidence_folder()
    # The tasks' evidence and the reform index's (both stored by core.evidence_files).
    stored = db.session.scalars(
        union(
            select(JournalEntry.evidence_file_path).where(
                JournalEntry.evidence_file_path.is_not(None)
            ),
            select(AssessmentEvidence.file_path).where(AssessmentEvidence.file_path.is_not(None)),
        )
    )
    files, missing = {}, []
    for value in stored:
        name = Path(value).name  # as tracker.core.evidence_files.evidence_path finds it
        path = folder / name
        if archive.EVIDENCE_NAME.fullmatch(name) and path.is_file():
            files[name] = path
        else:
            missing.append(value)
    return files, sorted(missing)


def export_all(path: Path, *, with_evidence: bool = False) -> Summary:
    dump, counts = _dump()
    try:
        if not with_evidence:
            with archive.private_file(path) as out:
                out.write(dump)
            return Summary(counts)
        files, missing = _evidence_files()
        archive.write_archive(path, dump, files)
        return Summary(counts, len(files), missing)
    except OSError as error:
        raise BackupError(archive.cannot_write(path, error), exit_code=2) from None
    finally:
        db.session.rollback()


def _typed(table, row: dict) -> dict:
    out = {}
    for column in table.columns:
        if column.name not in row:
            continue
        value = row[column.name]
        if value is not None and isinstance(column.type, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(column.type, Date):
            value = date.fromisoformat(value)
        elif value is not None and isinstance(column.type, LargeBinary):
            value = base64.b64decode(value, validate=True)
        out[column.name] = value
    return out


def _self_references(table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def import_all(path: Path) -> Summary:
    """Restore a JSON dump, or an archive with its evidence files, into an empty database."""
    try:
        _require_empty()
        if not archive.is_archive(path):
            try:
                data = path.read_bytes()
            except OSError as error:
                raise BackupError(archive.cannot_read(path, error), exit_code=2) from None
            counts = _insert(_document(path, data))
            db.session.commit()
            return Summary(counts)
        with archive.restoring(path, evidence_folder()) as restore:
            counts = _insert(_document(path, restore.dump))
            try:
                restore.move_in()
                db.session.commit()
            except BaseException as error:
                restore.undo()
                if isinstance(error, OSError):
                    raise BackupError(
                        Problem(
                            "cannot_restore_files",
                            _l("Cannot restore the evidence files: %(reason)s."),
                            reason=str(error),
                        ),
                        exit_code=2,
                    ) from None
                raise
            return Summary(counts, len(restore.staged))
    finally:
        db.session.rollback()  # after a commit this ends a transaction that has done nothing


def _require_empty() -> None:
    for table in _tables():
        if db.session.scalar(select(func.count()).select_from(table)):
            raise BackupError(
                Problem(
                    "database_not_empty",
                    _l(
                        "The database is not empty (the table %(table)s has rows): restore "
                        "only into an empty database."
                    ),
                    table=table.name,
                )
            )


def _document(path: Path, data: bytes) -> dict:
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(archive.cannot_read(path, error), exit_code=2) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(
            Problem("not_a_backup", _l("%(path)s is not a tracker backup."), path=str(path)),
            exit_code=2,
        )
    if document.get("revision") != current_revision():
        raise BackupError(
            Problem(
                "other_revision",
                _l(
                    "The backup is at schema revision %(backup)s, this database at "
                    "%(database)s: run `tracker db upgrade` first, or restore with the "
                    "matching version."
                ),
                backup=str(document.get("revision")),
                database=str(current_revision()),
            )
        )
    return document


def _insert(document: dict) -> dict[str, int]:
    tables = _tables()
    counts = {}
    for table in tables:
        rows = [_typed(table, row) for row in document["tables"].get(table.name, [])]
        counts[table.name] = len(rows)
        if not rows:
            continue
        # Rows that point at rows of their own table (a unit's parent) are linked afterwards.
        links = _self_references(table)
        first = [{**row, **dict.fromkeys(links, None)} for row in rows]
        for start in range(0, len(first), 5000):
            db.session.execute(table.insert(), first[start : start + 5000])
        pk = next(iter(table.primary_key.columns))
        for row in rows:
            values = {name: row[name] for name in links if row.get(name) is not None}
            if values:
                db.session.execute(update(table).where(pk == row[pk.name]).values(**values))
    if db.session.get_bind().dialect.name == "postgresql":
        for table in tables:
            pk = list(table.primary_key.columns)
            if len(pk) == 1 and pk[0].autoincrement is not False and counts[table.name]:
                db.session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                        f"(SELECT max({pk[0].name}) FROM {table.name}))"
                    )
                )
    return counts
