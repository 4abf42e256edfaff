"""What an import reports: the problems found, and what it created, changed or left alone."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Issue:
    """One problem, where the file has it: row and column as a spreadsheet shows them."""

    row: int | None
    column: str | None  # "C"
    message: str
    header: str | None = None  # the column's header as the file writes it

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class Change:
    """A section or task of the file and what the import does with it."""

    kind: str  # "section" or "task"
    number: str
    title: str
    action: str  # "create", "update" or "unchanged"
    row: int | None = None
    changes: dict[str, list[str]] = field(default_factory=dict)
    assignments: int = 0  # of a task to create: how many units it is assigned to
    details: dict = field(default_factory=dict)  # owners and deadline, for the preview


@dataclass
class ImportResult:
    plan_code: str
    plan_title: str = ""
    year: int | None = None
    plan_exists: bool = False
    dry_run: bool = False
    written: bool = False
    sheet: str = ""
    errors: list[Issue] = field(default_factory=list)
    items: list[Change] = field(default_factory=list)
    # Tasks of the plan that the file does not list: left as they are.
    not_in_file: list[str] = field(default_factory=list)

    def of(self, kind: str, action: str) -> list[Change]:
        return [c for c in self.items if c.kind == kind and c.action == action]

    @property
    def changed(self) -> bool:
        return not self.plan_exists or any(c.action != "unchanged" for c in self.items)

    @property
    def status(self) -> str:
        if self.errors:
            return "errors"
        if not self.changed:
            return "unchanged"
        return "dry_run" if self.dry_run else "imported"

    def as_dict(self) -> dict:
        def names(kind: str, action: str) -> list:
            return [
                {k: v for k, v in asdict(c).items() if k not in ("kind", "action")}
                for c in self.of(kind, action)
            ]

        return {
            "status": self.status,
            "plan": {
                "code": self.plan_code,
                "title": self.plan_title,
                "year": self.year,
                "exists": self.plan_exists,
            },
            "dry_run": self.dry_run,
            "written": self.written,
            "sheet": self.sheet,
            "errors": [asdict(issue) for issue in self.errors],
            "sections": {a: names("section", a) for a in ("create", "update", "unchanged")},
            "tasks": {a: names("task", a) for a in ("create", "update", "unchanged")},
            "not_in_file": self.not_in_file,
        }
