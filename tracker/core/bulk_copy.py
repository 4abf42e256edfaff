"""COPY of many rows into PostgreSQL tables, in the caller's transaction.

For the largest tables of a load, what costs a little for every row is set aside and put back
as it was before the caller commits: secondary indexes and unique constraints (built again
with one sort each), foreign keys (checked again with one join each instead of one lookup per
row) and the tables' own triggers (the caller makes once what they keep row by row: see
set_aside). The definitions are read from the catalog, so that everything comes back exactly
as the migrations made it. Until the commit those tables, and the tables their foreign keys
point to, are locked for everybody else: for bulk loads, not for a live application.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from psycopg import sql

# For the rest of the transaction: sorts for the indexes, joins for the foreign keys.
SETTINGS = ("SET LOCAL maintenance_work_mem = '256MB'", "SET LOCAL work_mem = '64MB'")

# Indexes that no constraint stands on (a unique constraint's own, or one a foreign key of
# another table points at), and foreign keys and unique constraints nothing points at.
SECONDARY = """
SELECT 'index', c.relname, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = %(table)s::regclass AND NOT i.indisprimary
  AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid)
UNION ALL
SELECT CASE k.contype WHEN 'f' THEN 'foreign key' ELSE 'unique' END, k.conname,
       pg_get_constraintdef(k.oid)
FROM pg_constraint k
WHERE k.conrelid = %(table)s::regclass
  AND (k.contype = 'f' OR k.contype = 'u' AND NOT EXISTS (
      SELECT FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = k.conindid))
"""
TRIGGERS = """
SELECT tgname FROM pg_trigger
WHERE tgrelid = %(table)s::regclass AND NOT tgisinternal AND tgenabled <> 'D'
"""
# Constraints (and constraint triggers) checked at commit: PostgreSQL alters no table that
# has such checks pending, so they are run before the tables are altered.
DEFERRED = """
SELECT DISTINCT k.conname FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
WHERE k.condeferred AND n.nspname = ANY(current_schemas(false)) ORDER BY 1
"""


def copy_rows(cursor, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """COPY the rows in binary (no text to make and parse), typed as the table's columns."""
    cursor.execute(
        "SELECT a.attname, a.atttypid FROM pg_attribute a "
        "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped",
        (table,),
    )
    types = dict(cursor.fetchall())
    statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    count = 0
    with cursor.copy(statement) as copy:
        copy.set_types([types[name] for name in columns])
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


@contextmanager
def set_aside(cursor, tables: Sequence[str]) -> Iterator[None]:
    """Drop the tables' secondary indexes, unique constraints and foreign keys and disable
    their enabled triggers for the block; then make and enable them again, and ANALYZE the
    tables. The triggers do not see the rows written meanwhile: on a table with the
    data-version trigger, the caller writes some other versioned table too or bumps the
    version itself. If the block fails, the caller rolls the transaction back (it holds the
    drops)."""
    for statement in SETTINGS:
        cursor.execute(statement)
    _run_deferred(cursor)
    aside = {table: _drop(cursor, table) for table in tables}
    yield
    # Indexes and unique constraints first: checking a foreign key may read them.
    for foreign_keys in (False, True):
        for table, (secondary, _) in aside.items():
            for kind, name, definition in secondary:
                if (kind == "foreign key") != foreign_keys:
                    continue
                if kind == "index":
                    cursor.execute(definition)
                else:
                    cursor.execute(
                        _alter(
                            table,
                            sql.SQL("ADD CONSTRAINT {} ").format(sql.Identifier(name))
                            + sql.SQL(definition),
                        )
                    )
    for table, (_, triggers) in aside.items():
        if triggers:
            cursor.execute(_alter(table, *_triggers("ENABLE", triggers)))
        cursor.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(table)))


def _run_deferred(cursor) -> None:
    """Run the checks pending till the commit now, and defer the next ones again."""
    cursor.execute(DEFERRED)
    names = [sql.Identifier(name) for (name,) in cursor.fetchall()]
    if names:
        listed = sql.SQL(", ").join(names)
        cursor.execute(sql.SQL("SET CONSTRAINTS {} IMMEDIATE").format(listed))
        cursor.execute(sql.SQL("SET CONSTRAINTS {} DEFERRED").format(listed))


def _drop(cursor, table: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Disable the table's triggers, drop its secondary indexes and constraints; returns
    ([(kind, name, definition)], [trigger]) to make them again."""
    cursor.execute(SECONDARY, {"table": table})
    secondary = cursor.fetchall()
    cursor.execute(TRIGGERS, {"table": table})
    triggers = [name for (name,) in cursor.fetchall()]
    clauses = _triggers("DISABLE", triggers)
    clauses += [
        sql.SQL("DROP CONSTRAINT {}").format(sql.Identifier(name))
        for kind, name, _definition in secondary
        if kind != "index"
    ]
    if clauses:
        cursor.execute(_alter(table, *clauses))
    indexes = [sql.Identifier(name) for kind, name, _ in secondary if kind == "index"]
    if indexes:
        cursor.execute(sql.SQL("DROP INDEX {}").format(sql.SQL(", ").join(indexes)))
    return secondary, triggers


def _triggers(action: str, names: list[str]) -> list[sql.Composable]:
    return [sql.SQL(action + " TRIGGER {}").format(sql.Identifier(name)) for name in names]


def _alter(table: str, *clauses: sql.Composable) -> sql.Composable:
    return sql.SQL("ALTER TABLE {} ").format(sql.Identifier(table)) + sql.SQL(", ").join(clauses)
