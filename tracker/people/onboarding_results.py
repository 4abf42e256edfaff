"""What a bulk onboarding reports: each row of the file and what the import does with it, and
the problems found (with any, nothing was written)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.imports.results import ImportProblem

ACTIONS = ("create", "update", "unchanged")


@dataclass
class PersonChange:
    """A row of the file and what the import does with it."""

    row: int
    email: str
    full_name: str
    role: str  # the code
    unit_code: str | None
    unit_name: str | None
    position: str | None
    phone: str | None
    action: str = "create"  # one of ACTIONS
    # update: {field: [before, after]} as update_person gives it (a unit by its code)
    changes: dict[str, list] = field(default_factory=dict)
    active: bool = True  # an account disabled before stays disabled

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "email": self.email,
            "name": self.full_name,
            "role": self.role,
            "unit": self.unit_code,
            "position": self.position,
            "phone": self.phone,
            "action": self.action,
            "changes": self.changes,
            "active": self.active,
        }


@dataclass
class OnboardingResult:
    filename: str
    dry_run: bool = False
    written: bool = False
    sheet: str = ""
    problems: list[ImportProblem] = field(default_factory=list)
    items: list[PersonChange] = field(default_factory=list)

    def of(self, action: str) -> list[PersonChange]:
        return [item for item in self.items if item.action == action]

    def count(self, action: str) -> int:
        return len(self.of(action))

    @property
    def changed(self) -> bool:
        return any(item.action != "unchanged" for item in self.items)

    @property
    def invitations(self) -> int:
        """Invitations mailed (written) or to mail (a preview): one per new account."""
        return self.count("create")

    @property
    def status(self) -> str:
        if self.problems:
            return "problems"
        if not self.changed:
            return "unchanged"
        return "dry_run" if self.dry_run else "imported"

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "file": self.filename,
            "sheet": self.sheet,
            "dry_run": self.dry_run,
            "written": self.written,
            "created": self.count("create"),
            "updated": self.count("update"),
            "unchanged": self.count("unchanged"),
            "problems": [problem.as_dict() for problem in self.problems],
            "people": [item.as_dict() for item in self.items],
        }
