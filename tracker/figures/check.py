"""The figures counted from scratch (every period's steps, summed), compared with the kept ones,
and put in their place: `tracker check-figures`, the bulk loads (demo data, restores) and the
migration that made the tables."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text

from tracker.figures.sql import STEPS_OF, TABLES, level_rows

_EXPECTED = "expected_{}"
# Every period once (sign 1), with the window the app counts with.
_ALL_STEPS = STEPS_OF.format(
    rows="(SELECT *, 1 AS sign FROM assignment_periods)", k="(:k)::integer"
)


@dataclass
class Comparison:
    # table → rows kept that a count from scratch does not give, and rows it gives that are
    # not kept (a row whose count differs is one of each).
    differences: dict[str, tuple[int, int]] = field(default_factory=dict)
    settings_differ: bool = False
    repaired: bool = False

    @property
    def equal(self) -> bool:
        return not self.settings_differ and not any(
            extra or missing for extra, missing in self.differences.values()
        )


def _lock(execute) -> None:
    """Wait for the writers committing now: their steps are then in the kept figures and in
    the periods alike, and later writers' steps add to what is built here."""
    execute("SELECT 1 FROM data_version WHERE id = 1 FOR UPDATE")


def _count_from_scratch(execute, due_soon_days: int) -> None:
    """Temporary tables expected_<table> with the figures counted from every period."""
    for table in ("figure_steps", *(_EXPECTED.format(t) for t in TABLES)):
        execute(f"DROP TABLE IF EXISTS pg_temp.{table}")
    execute(
        f"CREATE TEMP TABLE figure_steps ON COMMIT DROP AS {_ALL_STEPS}",
        {"k": due_soon_days},
    )
    for table, (key, value, rows) in level_rows("figure_steps").items():
        expected = _EXPECTED.format(table)
        execute(f"CREATE TEMP TABLE {expected} (LIKE {table}) ON COMMIT DROP")
        execute(f"INSERT INTO {expected} ({key}, {value}) {rows}")


def compare(execute, due_soon_days: int, repair: bool = False) -> Comparison:
    """Compare (and with `repair`, replace) the kept figures with a count from scratch, in the
    caller's transaction; `execute(sql, params=None)` runs a statement."""
    _lock(execute)
    _count_from_scratch(execute, due_soon_days)
    result = Comparison()
    kept = execute("SELECT due_soon_days FROM figure_settings WHERE id = 1").scalar()
    result.settings_differ = kept != due_soon_days
    for table in TABLES:
        expected = _EXPECTED.format(table)
        extra = execute(f"SELECT count(*) FROM (TABLE {table} EXCEPT TABLE {expected}) x").scalar()
        missing = execute(
            f"SELECT count(*) FROM (TABLE {expected} EXCEPT TABLE {table}) x"
        ).scalar()
        result.differences[table] = (extra, missing)
    if repair and not result.equal:
        for table in TABLES:
            execute(f"DELETE FROM {table}")
            execute(f"INSERT INTO {table} TABLE {_EXPECTED.format(table)}")
        _keep_window(execute, due_soon_days)
        result.repaired = True
    return result


def rebuild(session, due_soon_days: int) -> None:
    """Make the figures again from every period, on PostgreSQL, for a bulk load that wrote its
    periods with the triggers set aside, before it commits: the day level straight from the
    steps (it is the steps, summed by day), the others from it. The tables are emptied with
    TRUNCATE, which locks them until the commit: not for a live database (check-figures
    --repair is)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    execute = _executor(session)
    _lock(execute)
    # The steps of millions of periods are summed in memory rather than on disk.
    execute("SET LOCAL work_mem = '512MB'")
    execute(f"TRUNCATE {', '.join(TABLES)}")
    execute(
        f"INSERT INTO figure_days (plan_id, unit_id, cls, awaiting, day, delta) {_ALL_STEPS}",
        {"k": due_soon_days},
    )
    for table, (key, value, rows) in level_rows("figure_days").items():
        if table != "figure_days":
            execute(f"INSERT INTO {table} ({key}, {value}) {rows}")
    _keep_window(execute, due_soon_days)


def _keep_window(execute, due_soon_days: int) -> None:
    execute(
        "INSERT INTO figure_settings (id, due_soon_days) VALUES (1, :k) "
        "ON CONFLICT (id) DO UPDATE SET due_soon_days = excluded.due_soon_days",
        {"k": due_soon_days},
    )


def _executor(session):
    def execute(sql: str, params: dict | None = None):
        return session.execute(text(sql), params or {})

    return execute


def compare_session(session, due_soon_days: int, repair: bool = False) -> Comparison:
    return compare(_executor(session), due_soon_days, repair)
