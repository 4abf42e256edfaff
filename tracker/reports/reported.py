"""An assignment as a report of a past day shows it: its values of that day and the unit that
held it then, named as it was then (its later transfer to a successor does not move it)."""

from __future__ import annotations

from datetime import date

from tracker.assignments.classes import AsOf
from tracker.assignments.models import Assignment
from tracker.status.services import UnitInfo, units_shown


class Reported(AsOf):
    """An assignment as of the report's date (AsOf), with the unit that held it then, as it
    was named then (a UnitInfo): its transfer to a later unit does not move it."""

    __slots__ = ("unit",)

    def __init__(self, assignment: Assignment, period, unit: UnitInfo) -> None:
        super().__init__(assignment, period)
        self.unit = unit


def reported(rows: list[tuple[Assignment, object]], as_of: date) -> list[Reported]:
    """(assignment, its values as of the day: a period or the row itself) → Reported, each
    with the unit named in its values (the period's unit)."""
    units = units_shown({found.unit_id for _assignment, found in rows}, as_of)
    return [Reported(assignment, found, units[found.unit_id]) for assignment, found in rows]
