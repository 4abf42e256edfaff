"""What the rows of a criteria table must be together, and what each becomes.

- Numbering: a parent before its children ("1.1" below "1"), siblings 1, 2, 3 … without gaps,
  each number once.
- Points: a parent's maximum is the sum of its children's, or, when its title or guidance
  says "(chọn 1)" / "chọn một" (the unit scores one of them), each child's maximum is at most
  the parent's and the largest equals it. The table's "Tổng" row, when present, is the sum of
  the lĩnh vực.
- Each leaf's guidance gives its scoring rule (rules.parse_rule); a leaf naming no evidence
  needs its parent's, when the parent names some.
Every problem is put on the row and column to correct."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from tracker.core.problems import Problem
from tracker.core.text import fold
from tracker.reform_index.criteria_table import (
    GUIDANCE,
    MAX,
    NUMBER,
    CriteriaRow,
    CriteriaTable,
)
from tracker.reform_index.rules import RuleError, RuleSpec, parse_rule
from tracker.reform_index.scoring import as_points, shown_points

CHOOSE_ONE_WORDS = ("chon 1", "chon mot")
TOLERANCE = 0.005


@dataclass
class PlannedCriterion:
    """A criterion as the import will write it (and the preview, the API and the criteria page
    show it)."""

    number: str
    title: str
    max_points: float
    depth: int
    parent: str | None
    choose_one: bool
    guidance: str
    evidence_required: str
    leaf: bool
    rule: str = "number"
    step: float | None = None
    levels: list[dict] | None = None
    formula: str | None = None
    parameters: dict | None = None
    row: int | None = None


def parent_of(number: str) -> str | None:
    return number.rpartition(".")[0] or None


def says_choose_one(*texts: str) -> bool:
    return any(f" {word} " in f" {fold(text)} " for text in texts for word in CHOOSE_ONE_WORDS)


def check_table(table: CriteriaTable) -> list[PlannedCriterion]:
    """The criteria the table makes; its problems are added to table.problems."""
    rows, numbered = _numbered(table)
    children: dict[str | None, list[CriteriaRow]] = {}
    for row in rows:
        children.setdefault(parent_of(row.number), []).append(row)
    planned = []
    evidence: dict[str, str] = {}
    for row in rows:
        # Evidence written on a tiêu chí is asked of each of its parts that names none.
        evidence[row.number] = row.evidence or evidence.get(parent_of(row.number) or "", "")
        kids = children.get(row.number, [])
        choose_one = bool(kids) and says_choose_one(row.title, row.guidance)
        item = PlannedCriterion(
            number=row.number,
            title=row.title,
            max_points=row.max_points or 0.0,
            depth=row.number.count(".") + 1,
            parent=parent_of(row.number),
            choose_one=choose_one,
            guidance=row.guidance,
            evidence_required=evidence[row.number] if not kids else "",
            leaf=not kids,
            row=row.row,
        )
        planned.append(item)
        if row.max_points is None:
            continue
        if not kids:
            _rule(table, row, item)
        elif numbered:  # the sums mean something once every row has its place
            _parent_points(table, row, kids, choose_one)
    if numbered:
        _total(table, children.get(None, []))
    return planned


def _numbered(table: CriteriaTable) -> tuple[list[CriteriaRow], bool]:
    """The rows whose number has its place (the parent above, the sibling before it), and
    whether any row had none. A row set aside (a bad or repeated number) leaves a hole: the
    next row that needs the number it may have meant takes it without a second problem."""
    seen: dict[str, int] = {}
    last_child: dict[str | None, int] = {}
    holes = sum(1 for row in table.rows if not row.number)
    numbered = holes == 0
    placed = []
    for row in table.rows:
        if not row.number:
            continue
        parent = parent_of(row.number)
        position = int(row.number.rpartition(".")[2])
        missing = [p for p in _ancestors(row.number) if p not in seen]
        problem = None
        if row.number in seen:
            problem = Problem(
                "index_criteria_number_twice",
                _l("The number %(number)s is on row %(row)s already: give each row its own."),
                number=row.number,
                row=str(seen[row.number]),
            )
        elif missing and holes:
            holes -= 1
            for ancestor in missing:
                seen[ancestor] = row.row
                step = int(ancestor.rpartition(".")[2])
                last_child[parent_of(ancestor)] = max(last_child.get(parent_of(ancestor), 0), step)
        elif missing:
            problem = Problem(
                "index_criteria_no_parent",
                _l("%(number)s comes before %(parent)s: write each parent above its criteria."),
                number=row.number,
                parent=parent,
            )
        elif position != last_child.get(parent, 0) + 1:
            if holes and position > last_child.get(parent, 0) + 1:
                holes -= 1
            else:
                problem = Problem(
                    "index_criteria_number_gap",
                    _l("Expected %(expected)s here, not %(number)s: number each level 1, 2, 3 …"),
                    expected=_sibling(parent, last_child.get(parent, 0) + 1),
                    number=row.number,
                )
        if problem is not None:
            table.issue(row.row, NUMBER, problem)
            holes += 1
            numbered = False
            continue
        seen[row.number] = row.row
        last_child[parent] = position
        placed.append(row)
    return placed, numbered


def _ancestors(number: str) -> list[str]:
    """ "1.2.3" → ["1", "1.2"]."""
    parts = number.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]


def _sibling(parent: str | None, position: int) -> str:
    return str(position) if parent is None else f"{parent}.{position}"


def _parent_points(table, row: CriteriaRow, kids: list[CriteriaRow], choose_one: bool) -> None:
    maxima = [kid.max_points for kid in kids]
    if any(points is None for points in maxima):
        return  # the child's own problem is shown
    numbers = ", ".join(kid.number for kid in kids)
    if choose_one:
        over = [kid.number for kid in kids if kid.max_points > row.max_points + TOLERANCE]
        if over or abs(max(maxima) - row.max_points) > TOLERANCE:
            table.issue(
                row.row,
                MAX,
                Problem(
                    "index_criteria_choose_one_max",
                    _l(
                        "%(number)s is scored by one of %(children)s: its maximum %(max)s must "
                        "be the largest of theirs (%(largest)s)."
                    ),
                    number=row.number,
                    children=numbers,
                    max=shown_points(row.max_points),
                    largest=shown_points(max(maxima)),
                ),
            )
        return
    total = as_points(sum(maxima))
    if abs(total - row.max_points) > TOLERANCE:
        table.issue(
            row.row,
            MAX,
            Problem(
                "index_criteria_sum",
                _l(
                    "The maximum of %(number)s is %(max)s but %(children)s add up to %(sum)s; "
                    "if the unit scores only one of them, write “(chọn 1)” in its title."
                ),
                number=row.number,
                max=shown_points(row.max_points),
                children=numbers,
                sum=shown_points(total),
            ),
        )


def _rule(table: CriteriaTable, row: CriteriaRow, item: PlannedCriterion) -> None:
    try:
        spec: RuleSpec = parse_rule(row.guidance, row.max_points)
    except RuleError as error:
        table.issue(row.row, GUIDANCE, error.problem)
        return
    item.rule, item.step, item.levels = spec.rule, spec.step, spec.levels
    item.formula, item.parameters = spec.formula, spec.parameters


def _total(table: CriteriaTable, roots: list[CriteriaRow]) -> None:
    if table.total is None or table.total[1] is None:
        return
    row, written = table.total
    if any(root.max_points is None for root in roots):
        return
    total = as_points(sum(root.max_points for root in roots))
    if abs(total - written) > TOLERANCE:
        table.issue(
            row,
            MAX,
            Problem(
                "index_criteria_total",
                _l("The total is %(written)s but the areas add up to %(sum)s."),
                written=shown_points(written),
                sum=shown_points(total),
            ),
        )
