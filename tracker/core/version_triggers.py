"""The triggers that move the data version (see tracker.core.datacache), defined once: the
migrations create them from here, and a test compares the database's triggers with
VERSIONED_TABLES. A table added to the list names the new revision that gives it its
triggers, and that revision calls add_triggers(op.execute, tables_added_by(revision)).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

# The tables whose rows the status figures and lists are computed from, each with the
# revision that created its triggers.
TRIGGERS_ADDED_BY = {
    "assignments": "db7419dd820e",
    "tasks": "db7419dd820e",
    "plans": "db7419dd820e",
    "units": "db7419dd820e",
    "extension_requests": "db7419dd820e",
    "assignment_periods": "7b2f4c9e1a05",
    "unit_links": "b7c0e3dbb385",
}
VERSIONED_TABLES = tuple(TRIGGERS_ADDED_BY)


def tables_added_by(revision: str) -> tuple[str, ...]:
    return tuple(table for table, added in TRIGGERS_ADDED_BY.items() if added == revision)


TRIGGER = "bump_data_version"

# Once per transaction, at commit (the constraint triggers are deferred): the counter's row
# lock is the last one a writer takes, so writers never deadlock on it.
BUMP_FUNCTION = """
CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('tracker.data_version_bumped', true) IS DISTINCT FROM
            txid_current()::text THEN
        UPDATE data_version SET version = version + 1 WHERE id = 1;
        PERFORM set_config('tracker.data_version_bumped', txid_current()::text, true);
    END IF;
    RETURN NULL;
END
$$
"""


def add_triggers(execute: Callable[[str], object], tables: Iterable[str]) -> None:
    for table in tables:
        execute(
            f"CREATE CONSTRAINT TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE "
            f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            "EXECUTE FUNCTION bump_data_version()"
        )
        execute(
            f"CREATE TRIGGER {TRIGGER}_truncate AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
        )


def drop_triggers(execute: Callable[[str], object], tables: Iterable[str]) -> None:
    for table in tables:
        execute(f"DROP TRIGGER {TRIGGER} ON {table}")
        execute(f"DROP TRIGGER {TRIGGER}_truncate ON {table}")


# What the database holds: (table, trigger) of every data-version trigger.
TRIGGERS_IN_DATABASE = """
SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
WHERE NOT t.tgisinternal AND t.tgname LIKE 'bump_data_version%'
"""
