"""Reading the figures kept by deltas: the counts of each (unit, class, awaiting) as of a day,
for the whole province or one plan. status.services uses this when it can (figures_usable),
and counts from the rows otherwise."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import text

from tracker.extensions import db

# As of T: the totals, less the steps after T (T's month after T, T's year after T's month,
# the later years). Each step after T is a row of one level only.
_AS_OF = """
SELECT f.unit_id, f.cls, f.awaiting, sum(f.n)::integer AS n FROM (
    SELECT unit_id, cls, awaiting, count AS n FROM figure_totals WHERE {plan}
    UNION ALL
    SELECT unit_id, cls, awaiting, -delta FROM figure_days
    WHERE day > :day AND day < :next_month AND {plan}
    UNION ALL
    SELECT unit_id, cls, awaiting, -delta FROM figure_months
    WHERE month > :month AND month < :next_year AND {plan}
    UNION ALL
    SELECT unit_id, cls, awaiting, -delta FROM figure_years WHERE year > :year AND {plan}
) f {kind_join}
GROUP BY f.unit_id, f.cls, f.awaiting
HAVING sum(f.n) <> 0
"""


def figures_usable() -> bool:
    """The kept figures answer for this transaction: on PostgreSQL, made with the app's "due
    soon" window, and in a transaction that has written nothing yet (its own steps are applied
    only when it commits)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return False
    row = db.session.execute(
        text(
            "SELECT due_soon_days, txid_current_if_assigned() IS NULL "
            "FROM figure_settings WHERE id = 1"
        )
    ).one_or_none()
    return row is not None and row[1] and row[0] == current_app.config["DUE_SOON_DAYS"]


def counts_as_of(
    day: date, plan_id: int | None = None, unit_kind: str | None = None
) -> list[tuple[int, str, bool, int]]:
    """(unit id, class, awaiting confirmation, count) of the lead assignments as of `day`,
    cancelled ones included (class "cancelled"); of one plan, of one kind of unit."""
    month = day.replace(day=1)
    next_month = (
        month.replace(year=month.year + 1, month=1)
        if month.month == 12
        else month.replace(month=month.month + 1)
    )
    params = {
        "day": day,
        "next_month": next_month,
        "month": month,
        "next_year": date(day.year + 1, 1, 1),
        "year": day.year,
        "plan": plan_id,
        "kind": unit_kind,
    }
    sql = _AS_OF.format(
        plan="TRUE" if plan_id is None else "plan_id = :plan",
        kind_join=""
        if unit_kind is None
        else "JOIN units u ON u.id = f.unit_id AND u.kind = :kind",
    )
    return [tuple(row) for row in db.session.execute(text(sql), params)]
