"""What a reorganisation reports: what it created, closed, renamed and moved, what stayed, and
the problems of the table by row and column (then nothing was written)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.imports.results import FileImport


@dataclass
class ReorganisationResult(FileImport):
    # The file was read and every change it asks for is there already.
    nothing_to_change: bool = False
    units_created: list[str] = field(default_factory=list)
    units_closed: list[str] = field(default_factory=list)
    # closed unit's code → its successor's (None: dissolved without one).
    closed_into: dict[str, str | None] = field(default_factory=dict)
    # {code, from, to}: names before and after.
    renamed: list[dict] = field(default_factory=list)
    # {assignment_id, from, to}: open work that moved to a successor.
    moved: list[dict] = field(default_factory=list)
    # {assignment_id, unit, state}: done and cancelled work that stays with a closed unit.
    kept: list[dict] = field(default_factory=list)
    # {assignment_id, unit}: open work of a unit dissolved without a successor.
    left_open: list[dict] = field(default_factory=list)
    # {id, email, full_name, unit, successor}: active people of the closed units.
    users_to_move: list[dict] = field(default_factory=list)
    # {unit, group, since}
    groups_joined: list[dict] = field(default_factory=list)
    # {unit, parent, new_parent}: communes whose district closed.
    parents_changed: list[dict] = field(default_factory=list)
    # {date, decision, id}: one per distinct (Ngày hiệu lực, Văn bản).
    reorganisations: list[dict] = field(default_factory=list)
    # id → {task, title, plan}: for the preview of `moved`, `kept` and `left_open`.
    assignments: dict[int, dict] = field(default_factory=dict)
    # code → name, of every unit the result names.
    unit_names: dict[str, str] = field(default_factory=dict)

    done = "applied"

    @property
    def applied(self) -> bool:
        """Whether this call made the reorganisation (the JSON's and the preview's word)."""
        return self.written

    @property
    def unchanged(self) -> bool:
        return self.nothing_to_change

    def as_json(self) -> dict:
        return {
            "applied": self.applied,
            "units_created": self.units_created,
            "units_closed": self.units_closed,
            "moved": self.moved,
            "kept": self.kept,
            "problems": [
                {
                    "row": p.row,
                    "column": p.column,
                    "message": p.message,
                    **p.problem.as_json(),
                }
                for p in self.problems
            ],
            "status": self.status,
            "dry_run": self.dry_run,
            "nothing_to_change": self.nothing_to_change,
            "unreadable": self.unreadable_text,
            "closed_into": self.closed_into,
            "renamed": self.renamed,
            "left_open": self.left_open,
            "users_to_move": self.users_to_move,
            "groups_joined": self.groups_joined,
            "parents_changed": self.parents_changed,
            "reorganisations": self.reorganisations,
        }

    # tracker.imports.cli_answers.answer_import prints as_dict().
    as_dict = as_json
