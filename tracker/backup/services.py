"""`tracker export-all` / `tracker import-all`.

The file holds the schema revision and every table's rows. Import refuses a database that is
not empty or not at the same revision, and writes everything in one transaction.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from alembic.migration import MigrationContext
from sqlalchemy import Date, DateTime, func, select, text, update

from tracker.extensions import db

FORMAT = "cchc-tracker-backup"


class BackupError(Exception):
    """The file cannot be restored here; `exit_code` is 1 (refused) or 2 (unreadable)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def current_revision() -> str | None:
    return MigrationContext.configure(db.session.connection()).get_current_revision()


def _tables():
    return [t for t in db.metadata.sorted_tables if t.info.get("backup", True)]


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def export_all(path: Path) -> dict[str, int]:
    tables, counts = {}, {}
    for table in _tables():
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).mappings()
        tables[table.name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
        counts[table.name] = len(tables[table.name])
    document = {"format": FORMAT, "version": 1, "revision": current_revision(), "tables": tables}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    db.session.rollback()
    return counts


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
        out[column.name] = value
    return out


def _self_references(table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def import_all(path: Path) -> dict[str, int]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"cannot read {path}: {error}", exit_code=2) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"{path} is not a tracker backup", exit_code=2)
    if document.get("revision") != current_revision():
        raise BackupError(
            f"the backup is at schema revision {document.get('revision')}, this "
            f"database at {current_revision()}: run `tracker db upgrade` first "
            "or restore with the matching version"
        )
    tables = _tables()
    for table in tables:
        if db.session.scalar(select(func.count()).select_from(table)):
            raise BackupError(
                f"the database is not empty (table {table.name} has rows): "
                "restore only into an empty database"
            )
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
    db.session.commit()
    return counts
