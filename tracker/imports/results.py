"""What an import reports: the problems found, and what it created, changed or left alone."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import ClassVar

from flask_babel import gettext as _

from tracker.core.exceptions import ValidationFailed
from tracker.core.problems import Problem
from tracker.imports.unreadable import ImportUnreadable


@dataclass(frozen=True)
class ImportProblem:
    """One problem of the file, where the file has it: row and column as a spreadsheet shows
    them. The problem is named (a code and its parameters) and put into words when shown, in
    the reader's language: the preview page's, or the command line's (TRACKER_LANGUAGE)."""

    problem: Problem
    row: int | None = None
    column: str | None = None  # "C"
    header: str | None = None  # the column's header as the file writes it

    @property
    def code(self) -> str:
        return self.problem.code

    @property
    def message(self) -> str:
        return self.problem.text

    def __str__(self) -> str:
        # Rows as the spreadsheet numbers them: 5001, not 5.001.
        if self.row is not None and self.column:
            return _(
                "Row %(row)s, column %(column)s: %(problem)s",
                row=str(self.row),
                column=self.column,
                problem=self.message,
            )
        if self.row is not None:
            return _("Row %(row)s: %(problem)s", row=str(self.row), problem=self.message)
        return self.message

    def as_dict(self) -> dict:
        """For programs (--json): where, and the problem's code and parameters; its text too,
        in the language of the moment."""
        return {
            "row": self.row,
            "column": self.column,
            "header": self.header,
            **self.problem.as_json(),
            "message": self.message,
        }


@dataclass(kw_only=True)
class FileImport:
    """What an import of a table (indicator set, criteria, survey points, reorganisation) says of
    its file, whatever the rows are about: why it cannot be read, or its problems by row and
    column (then nothing was written), and where it stands."""

    filename: str = ""
    dry_run: bool = False
    # Whether this call wrote the file's changes (False for a dry run, problems, nothing to change).
    written: bool = False
    unreadable: Problem | None = None
    problems: list[ImportProblem] = field(default_factory=list)

    problem_type: ClassVar[type[ImportProblem]] = ImportProblem
    # The status of a file written: "imported", or a reorganisation's "applied".
    done: ClassVar[str] = "imported"

    def problem(self, problem: Problem, row: int | None = None, column: str | None = None):
        """A problem of a cell, `column` its letter (the header shown with it)."""
        self.problems.append(self.problem_type(problem, row, column, column))

    @property
    def unchanged(self) -> bool:
        """The file says what is there already."""
        raise NotImplementedError

    @property
    def status(self) -> str:
        if self.unreadable is not None:
            return "unreadable"
        if self.problems:
            return "problems"
        if self.unchanged:
            return "unchanged"
        return self.done if self.written else "dry_run"

    @property
    def unreadable_text(self) -> str | None:
        return None if self.unreadable is None else self.unreadable.text

    def problems_as_dicts(self) -> list[dict]:
        return [problem.as_dict() for problem in self.problems]

    def raise_refusal(self, refused: type[TableRefused]) -> None:
        """For code that wants the import or an exception: ImportUnreadable when the file
        cannot be read, `refused` when it has problems."""
        if self.unreadable is not None:
            raise ImportUnreadable(self.unreadable)
        if self.problems:
            raise refused(self.problems)


class TableRefused(ValidationFailed):
    """The table has problems: nothing was written. `problems` are by row and column; a
    subclass names its message: `refusal` (the code) and `wording` ("… %(problems)s")."""

    refusal: ClassVar[str]
    wording: ClassVar[object]

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(
            Problem(self.refusal, self.wording, problems="; ".join(str(p) for p in problems))
        )
        self.problems = problems


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
    errors: list[ImportProblem] = field(default_factory=list)
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
            "errors": [problem.as_dict() for problem in self.errors],
            "sections": {a: names("section", a) for a in ("create", "update", "unchanged")},
            "tasks": {a: names("task", a) for a in ("create", "update", "unchanged")},
            "not_in_file": self.not_in_file,
        }
