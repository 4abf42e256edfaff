"""The SQL that keeps the figures (models.py), defined once: the migration creates it from here,
and check.py rebuilds from the same functions.

- `figure_class` is deadlines.deadline_class in SQL (a test compares them day by day);
- `figure_events` turns one period into its steps: +1 on the day each class starts, -1 on the
  day it ends. The class can only change on the period's first day, its cancellation, its
  completion, the first day "due soon" and the day after the due date; each distinct one of
  these within the period starts a step that ends at the next one (or the period's end). One
  SELECT with no window, so that PostgreSQL inlines it into a rebuild of millions of rows;
- statement triggers on assignment_periods gather the steps of what a statement changed
  (old rows subtracted, new rows added) into figure_pending;
- a deferred trigger applies them at commit, after locking the data version's row, which every
  committing writer locks anyway: the figures' rows are locked by one committer at a time, so
  two writers never deadlock on them, and a reader sees the figures and the periods of the same
  commits.

A bulk load sets the triggers aside (tracker.core.bulk_copy) and rebuilds the figures from
scratch before it commits (check.rebuild).
"""

from __future__ import annotations

from collections.abc import Callable

CLASS_FUNCTION = """
CREATE FUNCTION figure_class(due date, completed date, cancelled date, t date, k integer)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN cancelled IS NOT NULL AND cancelled <= t THEN 'cancelled'
        WHEN due IS NULL THEN 'no_deadline'
        WHEN completed IS NOT NULL AND completed <= t AND completed <= due THEN 'done_on_time'
        WHEN completed IS NOT NULL AND completed <= t THEN 'done_late'
        WHEN due < t THEN 'overdue'
        WHEN due <= t + k THEN 'due_soon'
        ELSE 'on_track'
    END
$$
"""

# The days after a period's first on which its class may change: cancelled, done, due soon,
# overdue (deadline_class read as a function of the day).
_CHANGES = ("r.cancelled_on", "r.completed_on", "r.due_date - {k}", "r.due_date + 1")


def _step_rows() -> str:
    """VALUES (day, the day whose class it is, sign, kept) of one period `r`: +1 for its class
    on its first day, -1 for its class on its last day (the day before valid_to); and on each
    distinct day of change inside it, -1 for the class of the day before and +1 for the new
    one (the same class on both sides cancels out when summed). Only cheap comparisons here:
    the class is worked out for the kept rows alone."""
    rows = ["(r.valid_from, r.valid_from, 1, TRUE)", "(r.valid_to, r.valid_to - 1, -1, TRUE)"]
    for i, change in enumerate(_CHANGES):
        inside = f"{change} > r.valid_from AND (r.valid_to IS NULL OR {change} < r.valid_to)"
        first = "".join(f" AND {change} IS DISTINCT FROM {other}" for other in _CHANGES[:i])
        rows.append(f"({change}, {change}, 1, {inside}{first})")
        rows.append(f"({change}, {change} - 1, -1, {inside}{first})")
    return ",\n            ".join(rows)


# The steps of a set of period rows `r` (with a `sign` column: -1 for rows taken away), summed
# by key and day. A period that ends on its first day (valid_to = valid_from) holds no day.
STEPS_OF = (
    """
    SELECT plan_id, unit_id, cls, state = 'awaiting_confirmation'
               AND cls IN ('done_on_time', 'done_late') AS awaiting,
           day, sum(delta) AS delta
    FROM (
        SELECT t.plan_id, r.unit_id, r.state, s.day, s.delta * r.sign AS delta,
               figure_class(r.due_date, r.completed_on, r.cancelled_on, s.class_day, {k}) AS cls
        FROM {rows} r
        JOIN tasks t ON t.id = r.task_id
        CROSS JOIN LATERAL (VALUES
            """
    + _step_rows()
    + """
        ) AS s(day, class_day, delta, kept)
        WHERE r.role = 'lead' AND (r.valid_to IS NULL OR r.valid_to > r.valid_from)
          AND s.kept AND s.day IS NOT NULL
    ) steps
    GROUP BY plan_id, unit_id, cls, 4, day
    HAVING sum(delta) <> 0
"""
)

_STAGE = (
    "INSERT INTO figure_pending (txid, plan_id, unit_id, cls, awaiting, day, delta) "
    "SELECT tx, s.* FROM ({steps}) s;"
)

STAGE_FUNCTION = f"""
CREATE FUNCTION stage_figures() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    tx bigint;
    k integer;
BEGIN
    tx := txid_current();
    SELECT due_soon_days INTO k FROM figure_settings WHERE id = 1;
    IF TG_OP = 'INSERT' THEN
        {_STAGE.format(steps=STEPS_OF.format(rows="(SELECT *, 1 AS sign FROM new_rows)", k="k"))}
    ELSIF TG_OP = 'DELETE' THEN
        {_STAGE.format(steps=STEPS_OF.format(rows="(SELECT *, -1 AS sign FROM old_rows)", k="k"))}
    ELSE
        {
    _STAGE.format(
        steps=STEPS_OF.format(
            rows="(SELECT *, 1 AS sign FROM new_rows UNION ALL SELECT *, -1 FROM old_rows)",
            k="k",
        )
    )
}
    END IF;
    RETURN NULL;
END
$$
"""

# Steps by key and day → each level's rows, upserted in key order (one lock order for all).
_KEY = "plan_id, unit_id, cls, awaiting"
LEVELS = {
    "figure_days": ("day", "day"),
    "figure_months": ("month", "date_trunc('month', day)::date"),
    "figure_years": ("year", "extract(year FROM day)::integer"),
}
TABLES = ("figure_totals", *LEVELS)


def level_rows(source: str) -> dict[str, tuple[str, str, str]]:
    """table → (its key columns, its value column, SELECT of its rows) summed from `source`
    (plan_id, unit_id, cls, awaiting, day, delta), in key order."""
    rows = {}
    for table, (column, expression) in LEVELS.items():
        key = f"{_KEY}, {expression}"
        rows[table] = (
            f"{_KEY}, {column}",
            "delta",
            f"SELECT {key}, sum(delta) FROM {source} GROUP BY {key} "
            f"HAVING sum(delta) <> 0 ORDER BY {key}",
        )
    rows["figure_totals"] = (
        _KEY,
        "count",
        f"SELECT {_KEY}, sum(delta) FROM {source} GROUP BY {_KEY} "
        f"HAVING sum(delta) <> 0 ORDER BY {_KEY}",
    )
    return rows


def apply_statements(source: str) -> str:
    """Add the steps of `source` to every level and the totals; rows that come to zero go."""
    statements = []
    expressions = {table: f"{_KEY}, {expression}" for table, (_c, expression) in LEVELS.items()}
    expressions["figure_totals"] = _KEY
    for table, (key, value, rows) in level_rows(source).items():
        statements.append(
            f"INSERT INTO {table} ({key}, {value}) {rows} "
            f"ON CONFLICT ({key}) DO UPDATE SET {value} = {table}.{value} + excluded.{value};"
        )
        statements.append(
            f"DELETE FROM {table} WHERE {value} = 0 "
            f"AND ({key}) IN (SELECT {expressions[table]} FROM {source});"
        )
    return "\n    ".join(statements)


# The transaction's steps, of plans that still exist (a plan deleted with its tasks takes its
# figures with it, by the foreign key).
_PENDING = (
    "(SELECT p.plan_id, p.unit_id, p.cls, p.awaiting, p.day, p.delta FROM figure_pending p "
    "WHERE p.txid = txid_current() AND EXISTS (SELECT 1 FROM plans WHERE plans.id = p.plan_id)) "
    "AS pending"
)

APPLY_FUNCTION = f"""
CREATE FUNCTION apply_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('tracker.figures_applied', true) IS NOT DISTINCT FROM
            txid_current()::text THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('tracker.figures_applied', txid_current()::text, true);
    PERFORM 1 FROM data_version WHERE id = 1 FOR UPDATE;
    {apply_statements(_PENDING)}
    DELETE FROM figure_pending WHERE txid = txid_current();
    RETURN NULL;
END
$$
"""

CLEAR_FUNCTION = """
CREATE FUNCTION clear_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM figure_days;
    DELETE FROM figure_months;
    DELETE FROM figure_years;
    DELETE FROM figure_totals;
    RETURN NULL;
END
$$
"""

TRIGGERS = (
    "CREATE TRIGGER stage_figures_insert AFTER INSERT ON assignment_periods "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_figures()",
    "CREATE TRIGGER stage_figures_update AFTER UPDATE ON assignment_periods "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION stage_figures()",
    "CREATE TRIGGER stage_figures_delete AFTER DELETE ON assignment_periods "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stage_figures()",
    "CREATE TRIGGER clear_figures AFTER TRUNCATE ON assignment_periods "
    "FOR EACH STATEMENT EXECUTE FUNCTION clear_figures()",
    "CREATE CONSTRAINT TRIGGER apply_figures AFTER INSERT ON figure_pending "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION apply_figures()",
)
FUNCTIONS = (
    CLASS_FUNCTION,
    STAGE_FUNCTION,
    APPLY_FUNCTION,
    CLEAR_FUNCTION,
)
DROP = (
    "DROP TRIGGER apply_figures ON figure_pending",
    "DROP TRIGGER clear_figures ON assignment_periods",
    "DROP TRIGGER stage_figures_delete ON assignment_periods",
    "DROP TRIGGER stage_figures_update ON assignment_periods",
    "DROP TRIGGER stage_figures_insert ON assignment_periods",
    "DROP FUNCTION clear_figures()",
    "DROP FUNCTION apply_figures()",
    "DROP FUNCTION stage_figures()",
    "DROP FUNCTION figure_class(date, date, date, date, integer)",
)


def create(execute: Callable[[str], object]) -> None:
    for statement in (*FUNCTIONS, *TRIGGERS):
        execute(statement)


def drop(execute: Callable[[str], object]) -> None:
    for statement in DROP:
        execute(statement)
