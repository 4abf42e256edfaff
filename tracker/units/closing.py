"""What happens when a unit closes, one rule for the units pages, the API and
`tracker reorganise`: on the effective day the unit ends (and its group memberships), the
lineage records where its work went, and each open assignment moves to the successor (chosen
per assignment when the unit was split). Done and cancelled work stays with the unit."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from tracker.assignments.models import AssignmentTransfer
from tracker.assignments.transfers import open_assignments_of, transfer_open_work
from tracker.units.lifecycle import close_unit, link_units
from tracker.units.models import Reorganisation, Unit


def close_into(
    unit: Unit,
    on: date,
    successor: Unit | None,
    decision: str,
    actor=None,
    *,
    kind: str = "dissolve",
    partial: bool = False,
    reorganisation: Reorganisation | None = None,
) -> list[AssignmentTransfer]:
    """Close `unit` from `on` (merged, absorbed or dissolved); with a successor its open work
    moves there. Dissolved without one, its open work stays with it, for the office to see."""
    close_unit(unit, on, successor)
    if successor is None:
        return []
    link_units(unit, successor, on, kind, decision, partial=partial, reorganisation=reorganisation)
    return transfer_open_work(unit, successor, on, decision, actor, reorganisation)


def unchosen_assignments(unit: Unit, choices: Mapping[int, Unit]) -> list[int]:
    """The open assignments of a unit being split that have no successor chosen yet."""
    return [a.id for a in open_assignments_of(unit.id) if a.id not in choices]


def split_into(
    unit: Unit,
    on: date,
    successors: list[Unit],
    choices: Mapping[int, Unit],
    decision: str,
    actor=None,
    *,
    reorganisation: Reorganisation | None = None,
) -> list[AssignmentTransfer]:
    """Close `unit` from `on`, split into `successors`; each open assignment moves to the one
    `choices` names (the caller has made sure every one is chosen: unchosen_assignments)."""
    close_unit(unit, on, successors[0] if successors else None)
    for successor in successors:
        link_units(unit, successor, on, "split", decision, reorganisation=reorganisation)
    moved: list[AssignmentTransfer] = []
    for successor in successors:
        chosen = [i for i, target in choices.items() if target.id == successor.id]
        if chosen:
            moved += transfer_open_work(
                unit, successor, on, decision, actor, reorganisation, only=chosen
            )
    return moved
