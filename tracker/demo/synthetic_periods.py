"""The periods of `tracker demo-data`'s assignments, made from the rows the builder wrote.

tracker.assignments.replay's own replay over the rows just built, not read back from the
database as rebuild_periods does: the builder's journal rows of an assignment come together,
in the order the replay reads them (created_at, then id), so each assignment's periods come
out in one pass. A test compares the two on a small run.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator
from itertools import groupby, starmap
from operator import itemgetter

from tracker.assignments.models import PERIOD_COLUMNS
from tracker.assignments.replay import replay
from tracker.demo.synthetic_rows import COLUMNS

PERIODS = "assignment_periods"
# The columns of the rows period_rows yields: the role first of PERIOD_COLUMNS, then the days.
PERIOD_ROW = (
    "id",
    "assignment_id",
    "unit_id",
    "task_id",
    PERIOD_COLUMNS[0],
    "valid_from",
    "valid_to",
    *PERIOD_COLUMNS[1:],
)
# Positions in the builder's rows (synthetic_rows.COLUMNS).
ASSIGNMENT = {name: n for n, name in enumerate(COLUMNS["assignments"])}
JOURNAL = {name: n for n, name in enumerate(COLUMNS["progress_updates"])}
# The row's values in PERIOD_COLUMNS order.
ROW_VALUES = itemgetter(*(ASSIGNMENT[name] for name in PERIOD_COLUMNS))
# A journal row read by name, as replay.replay reads a JournalEntry (the demo attaches no files).
JournalRow = namedtuple(
    "JournalRow", (*COLUMNS["progress_updates"], "evidence_file_path"), defaults=(None,)
)


def period_rows(assignments: list[tuple], journal: list[tuple], first_id: int) -> Iterator[tuple]:
    """The assignment_periods rows (PERIOD_ROW) of the assignments, from their journal; both
    lists in assignment id order, each assignment's journal in replay order."""
    entries = groupby(journal, key=itemgetter(JOURNAL["assignment_id"]))
    pending = next(entries, None)
    next_id = first_id
    for row in assignments:
        aid, assigned_on = row[ASSIGNMENT["id"]], row[ASSIGNMENT["assigned_on"]]
        own = pending is not None and pending[0] == aid
        own_entries = starmap(JournalRow, pending[1]) if own else ()
        found = replay(assigned_on, own_entries, ROW_VALUES(row))
        if own:  # (after the replay: the group is read as the journal is)
            pending = next(entries, None)
        unit, task = row[ASSIGNMENT["unit_id"]], row[ASSIGNMENT["task_id"]]
        last = len(found) - 1
        for index, (start, values) in enumerate(found):
            end = found[index + 1][0] if index < last else None
            role, *rest = values
            yield (next_id, aid, unit, task, role, start, end, *rest)
            next_id += 1
