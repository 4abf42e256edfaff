"""Applying checked changes, one reorganisation (day and decision) after another: new units
first, then names, then the closings, each through the units' own rules (units.lifecycle,
units.closing: open work moves, done and cancelled work stays). Every step says whether it
changed anything, so that the same table applied again is seen to change nothing.

A commune whose district closes keeps that district as its parent, so that the days before
still name it (units.districts shows a district only on days it existed); it has none from
that day, or the successor when a district merges into another district."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import or_, select

from tracker.assignments.models import FINAL_STATES, Assignment
from tracker.assignments.transfers import open_assignments_of
from tracker.audit.services import record
from tracker.extensions import db
from tracker.reorganisations import plan
from tracker.reorganisations.results import ReorganisationResult
from tracker.reorganisations.units import NewUnit, linked
from tracker.units.closing import close_into, split_into
from tracker.units.districts import district_on
from tracker.units.lifecycle import day_before, rename_unit
from tracker.units.models import Reorganisation, Unit, UnitGroup, UnitGroupMembership

CLOSING = ("merge", "absorb", "dissolve", "split")
SHORT_NAME_MAX = 80


def short_name_of(name: str) -> str:
    return name if len(name) <= SHORT_NAME_MAX else name[: SHORT_NAME_MAX - 1].rstrip() + "…"


class Applier:
    def __init__(self, actor, filename: str, result: ReorganisationResult) -> None:
        self.actor = actor
        self.filename = filename
        self.result = result
        self.made: dict[str, Unit] = {}
        self.changes = 0

    def unit(self, ref: Unit | NewUnit) -> Unit:
        if isinstance(ref, NewUnit):
            if ref.code not in self.made:
                self.made[ref.code] = db.session.scalar(select(Unit).where(Unit.code == ref.code))
            return self.made[ref.code]
        return ref

    def apply(self, reorganisation: plan.Reorganisation) -> None:
        row, is_new = self._row_of(reorganisation)
        before = self.changes
        summary = {"units_created": [], "units_closed": [], "renamed": [], "moved": []}
        lengths = {key: len(getattr(self.result, key)) for key in summary}
        operations = reorganisation.operations
        for operation in operations:
            for created in operation.creates:
                self._create(created, operation)
        for operation in operations:
            if operation.form not in ("dissolve", "split") and operation.target is not None:
                self._rename(operation)
        closing = [op for op in operations if op.form in CLOSING]
        # A district closes after its communes: those closing the same day keep it.
        for operation in sorted(closing, key=lambda op: self._is_district(op)):
            self._close(operation, row)
        if self.changes == before:
            if is_new:
                db.session.delete(row)
                db.session.flush()
            return
        for key in summary:
            summary[key] = getattr(self.result, key)[lengths[key] :]
        old = row.summary or {}
        row.summary = {key: [*old.get(key, []), *summary[key]] for key in summary}
        row.fingerprint = fingerprint(reorganisation)
        row.source_name = self.filename[:255]
        self.result.reorganisations.append(
            {"date": row.effective_date.isoformat(), "decision": row.decision, "id": row.id}
        )
        record(
            "units.reorganise",
            actor=self.actor,
            target=row,
            file=self.filename,
            created=summary["units_created"],
            closed=summary["units_closed"],
            moved=len(summary["moved"]),
        )

    def _row_of(self, reorganisation: plan.Reorganisation) -> tuple[Reorganisation, bool]:
        found = db.session.scalar(
            select(Reorganisation)
            .where(
                Reorganisation.effective_date == reorganisation.day,
                Reorganisation.decision == reorganisation.decision,
            )
            .order_by(Reorganisation.id)
            .limit(1)
        )
        if found is not None:
            return found, False
        row = Reorganisation(
            effective_date=reorganisation.day,
            decision=reorganisation.decision,
            applied_by_id=getattr(self.actor, "id", None),
            summary={},
        )
        db.session.add(row)
        db.session.flush()
        return row, True

    def _is_district(self, operation: plan.Operation) -> bool:
        return any(self.unit(old).kind == "district" for old in operation.olds)

    def _create(self, created: NewUnit, operation: plan.Operation) -> None:
        if db.session.scalar(select(Unit.id).where(Unit.code == created.code)):
            return
        olds = [self.unit(old) for old in operation.olds]
        # The district the old communes had that day (not one closed before it).
        parents = {d.id if d else None for d in (district_on(o, operation.day) for o in olds)}
        unit = Unit(
            code=created.code,
            name=created.name,
            short_name=short_name_of(created.name),
            kind=created.kind,
            division_type=created.division_type if created.kind == "commune" else None,
            parent_id=parents.pop() if created.kind == "commune" and len(parents) == 1 else None,
            aliases=[],
            valid_from=operation.day,
        )
        db.session.add(unit)
        db.session.flush()
        self.made[unit.code] = unit
        self.changes += 1
        self.result.units_created.append(unit.code)
        self.result.unit_names[unit.code] = unit.name
        if operation.form == "establish":
            groups = groups_of_kind(unit.kind, operation.day)
        else:
            groups = groups_on([old.id for old in olds], day_before(operation.day))
        for group in groups:
            group.add_member(unit, since=operation.day)
            self.changes += 1
            self.result.groups_joined.append(
                {"unit": unit.code, "group": group.code, "since": operation.day.isoformat()}
            )
        db.session.flush()

    def _rename(self, operation: plan.Operation) -> None:
        unit = self.unit(operation.target)
        if operation.rename_to and operation.rename_to != unit.name:
            before = unit.name
            name = operation.rename_to
            if rename_unit(unit, name, short_name_of(name), operation.day, operation.decision):
                self.changes += 1
                self.result.renamed.append({"code": unit.code, "from": before, "to": name})
        if operation.division_type and operation.division_type != unit.division_type:
            self.changes += 1
            self.result.renamed.append(
                {
                    "code": unit.code,
                    "from": unit.name,
                    "to": unit.name,
                    "division_type": operation.division_type,
                }
            )
            unit.division_type = operation.division_type
        self.result.unit_names[unit.code] = unit.name

    def _close(self, operation: plan.Operation, row: Reorganisation) -> None:
        day, decision = operation.day, operation.decision
        if operation.form == "split":
            old = self.unit(operation.olds[0])
            successors = [self.unit(s) for s in operation.successors]
            closing = self._before_closing(old, successors, day)
            choices = {number: self.unit(s) for number, s in operation.choices.items()}
            transfers = split_into(
                old, day, successors, choices, decision, self.actor, reorganisation=row
            )
            self._after_closing(old, successors[0], closing, transfers)
            self._left_open(old)
            return
        successor = self.unit(operation.target) if operation.target is not None else None
        for ref in operation.olds:
            old = self.unit(ref)
            closing = self._before_closing(old, [successor] if successor else [], day)
            transfers = close_into(
                old,
                day,
                successor,
                decision,
                self.actor,
                kind=operation.form,
                partial=operation.partial,
                reorganisation=row,
            )
            self._after_closing(old, successor, closing, transfers)
            self._left_open(old)

    def _left_open(self, old: Unit) -> None:
        """Open work that stays with a closed unit: dissolved without a successor, or the
        successor has the task already (one given to a whole group)."""
        self.result.left_open += [
            {"assignment_id": a.id, "unit": old.code} for a in open_assignments_of(old.id)
        ]

    @staticmethod
    def _before_closing(old: Unit, successors: list[Unit], day) -> dict:
        """What closing `old` will change: the unit itself (open until now), the links."""
        new_links = sum(1 for s in successors if not linked(old, s, day))
        return {"closes": old.valid_to is None, "links": new_links, "day": day}

    def _after_closing(self, old: Unit, successor: Unit | None, before: dict, transfers):
        self.changes += before["links"] + len(transfers)
        self.result.unit_names[old.code] = old.name
        for transfer in transfers:
            self.result.moved.append(
                {
                    "assignment_id": transfer.assignment_id,
                    "from": old.code,
                    "to": transfer.to_unit.code,
                }
            )
            self.result.unit_names[transfer.to_unit.code] = transfer.to_unit.name
        if not before["closes"]:
            return
        self.changes += 1
        self.result.units_closed.append(old.code)
        self.result.closed_into[old.code] = successor.code if successor is not None else None
        self.result.kept += [
            {"assignment_id": a.id, "unit": old.code, "state": a.state}
            for a in db.session.scalars(
                select(Assignment)
                .where(Assignment.unit_id == old.id, Assignment.state.in_(FINAL_STATES))
                .order_by(Assignment.id)
            )
        ]
        self._children(old, successor, before["day"])

    def _children(self, old: Unit, successor: Unit | None, day) -> None:
        heir = successor if successor is not None and successor.kind == "district" else None
        for child in db.session.scalars(
            select(Unit).where(
                Unit.parent_id == old.id, or_(Unit.valid_to.is_(None), Unit.valid_to >= day)
            )
        ):
            # A commune of before keeps its closed district for the days before (without a
            # district heir); one begun that day never belonged to it. By the column: a
            # district closing into one of its own communes would otherwise be a cycle of the
            # unit of work (its successor, the commune's parent).
            if heir is not None:
                child.parent_id = heir.id
            elif child.valid_from is not None and child.valid_from >= day:
                child.parent_id = None
            self.changes += 1
            self.result.parents_changed.append(
                {"unit": child.code, "parent": old.code, "new_parent": heir and heir.code}
            )


def groups_on(unit_ids: list[int], day) -> list[UnitGroup]:
    """The groups any of these units belonged to on `day`."""
    if not unit_ids:
        return []
    member_of = select(UnitGroupMembership.group_id).where(
        UnitGroupMembership.unit_id.in_(unit_ids),
        or_(UnitGroupMembership.valid_from.is_(None), UnitGroupMembership.valid_from <= day),
        or_(UnitGroupMembership.valid_to.is_(None), UnitGroupMembership.valid_to >= day),
    )
    return list(
        db.session.scalars(
            select(UnitGroup).where(UnitGroup.id.in_(member_of)).order_by(UnitGroup.code)
        )
    )


def groups_of_kind(kind: str, day) -> list[UnitGroup]:
    """The groups most of whose members on `day` are of this kind (a unit founded joins them)."""
    found = []
    for group in db.session.scalars(select(UnitGroup).order_by(UnitGroup.code)):
        members = group.members_on(day)
        if members and sum(m.kind == kind for m in members) * 2 > len(members):
            found.append(group)
    return found


def fingerprint(reorganisation: plan.Reorganisation) -> str:
    cells = [row.cells for row in reorganisation.rows]
    text = json.dumps(cells, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
