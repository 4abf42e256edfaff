"""The periods of `tracker demo-data`'s assignments, made from the rows the builder wrote.

The same replay as tracker.assignments.replay (rebuild_periods), without reading the rows back
from the database: the builder's journal rows of an assignment come together, in the order the
replay reads them (created_at, then id), and their days only move forward, so each
assignment's periods come out in one pass. A test compares the two on a small run.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter
from zoneinfo import ZoneInfo

from tracker.assignments.models import PERIOD_COLUMNS
from tracker.demo.synthetic_rows import COLUMNS

PERIODS = "assignment_periods"
PERIOD_ROW = (
    "id",
    "assignment_id",
    "unit_id",
    "task_id",
    "role",
    "valid_from",
    "valid_to",
    "state",
    "progress",
    "due_date",
    "completed_on",
    "cancelled_on",
    "evidence_document_number",
    "evidence_document_date",
    "evidence_url",
)
# Positions in the builder's rows (synthetic_rows.COLUMNS).
ASSIGNMENT = {name: n for n, name in enumerate(COLUMNS["assignments"])}
JOURNAL = {name: n for n, name in enumerate(COLUMNS["progress_updates"])}
# The row's values in PERIOD_COLUMNS order.
ROW_VALUES = itemgetter(*(ASSIGNMENT[name] for name in PERIOD_COLUMNS))
ENTRY = itemgetter(
    *(
        JOURNAL[name]
        for name in (
            "created_at",
            "kind",
            "new_state",
            "new_progress",
            "new_due_date",
            "evidence_document_number",
            "evidence_document_date",
            "evidence_url",
        )
    )
)
NEW_DUE = frozenset(("created", "due_changed", "extension_approved"))
REOPENED = frozenset(("sent_back", "progress"))


def period_rows(
    assignments: list[tuple], journal: list[tuple], zone: ZoneInfo, first_id: int
) -> Iterator[tuple]:
    """The assignment_periods rows (PERIOD_ROW) of the assignments, from their journal; both
    lists in assignment id order, each assignment's journal in replay order."""
    entries = groupby(journal, key=itemgetter(JOURNAL["assignment_id"]))
    pending = next(entries, None)
    next_id = first_id
    for row in assignments:
        aid, assigned_on = row[ASSIGNMENT["id"]], row[ASSIGNMENT["assigned_on"]]
        own = pending is not None and pending[0] == aid
        found = replay_rows(assigned_on, pending[1] if own else (), ROW_VALUES(row), zone)
        if own:  # (after the replay: the group is read as the journal is)
            pending = next(entries, None)
        unit, task = row[ASSIGNMENT["unit_id"]], row[ASSIGNMENT["task_id"]]
        last = len(found) - 1
        for index, (start, values) in enumerate(found):
            end = found[index + 1][0] if index < last else None
            role, *rest = values
            yield (next_id, aid, unit, task, role, start, end, *rest)
            next_id += 1


def replay_rows(assigned_on, entries, now: tuple, zone: ZoneInfo) -> list[tuple]:
    """replay.replay over journal rows: [(valid_from, values)], the last period holding the
    assignment's row (`now`)."""
    role = now[0]
    state, progress, due, completed, cancelled = "not_started", 0, None, None, None
    number = evidence_date = url = None
    days: list = []  # (day, values), days rising
    for created_at, kind, new_state, new_progress, new_due, e_number, e_date, e_url in map(
        ENTRY, entries
    ):
        day = created_at.astimezone(zone).date()
        if day < assigned_on:
            day = assigned_on
        if new_state is not None:
            state = new_state
        if new_progress is not None:
            progress = new_progress
        if kind in NEW_DUE:
            due = new_due
        if kind == "reported_done":
            completed = day
        elif kind in REOPENED:
            completed = None
        elif kind == "cancelled":
            cancelled = day
        if e_number or e_url:  # the demo's journal attaches no files
            number, evidence_date, url = e_number, e_date, e_url
        values = (role, state, progress, due, completed, cancelled, number, evidence_date, url)
        if not days:
            if day > assigned_on:
                days.append((assigned_on, values))
            days.append((day, values))
        elif days[-1][0] == day:
            days[-1] = (day, values)
        else:
            days.append((day, values))
    if not days:
        return [(assigned_on, now)]
    days[-1] = (days[-1][0], now)
    periods = [days[0]]
    for day, values in days[1:]:
        if values != periods[-1][1]:
            periods.append((day, values))
    return periods
