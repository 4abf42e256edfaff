"""The rows of the demo's reform index criteria (Chỉ số CCHC) as the province writes them:
number, title, maximum points, how to score it (Hướng dẫn chấm điểm) and the evidence asked
for (Tài liệu kiểm chứng). The scoring text follows the forms the criteria import reads:
levels "Hoàn thành 100 % = 1; 80 – dưới 100 % = 0,5; dưới 80 % = 0", a free number "bước
0,25", or a computed criterion "Tự động: plan_done(plan=5959)"."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CriterionRow:
    number: str
    title: str
    max_points: float
    guidance: str = ""
    evidence: str = ""

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1


def points_text(points: float) -> str:
    """0,25 and 1 as the decisions write them (not 1,0)."""
    return f"{points:g}".replace(".", ",")


def levels(*pairs: tuple[str, float]) -> str:
    """A choice of levels: "Đúng thời hạn = 1; chậm = 0,5; không ban hành = 0"."""
    return "; ".join(f"{label} = {points_text(points)}" for label, points in pairs)


def done_share(max_points: float) -> str:
    """The usual bands of a plan's completion: 100 % → full, 80–<100 % → half, less → 0."""
    return levels(
        ("Hoàn thành 100 %", max_points),
        ("80 – dưới 100 %", max_points / 2),
        ("dưới 80 %", 0),
    )


def yes_no(done: str, points: float, not_done: str) -> str:
    return levels((done, points), (not_done, 0))


def by_step(step: float = 0.25, how: str = "Chấm theo mức độ thực hiện") -> str:
    """A free number in [0, max]."""
    return f"{how}, bước {points_text(step)}"


def computed(formula: str, explanation: str) -> str:
    """A criterion the tracker scores from its own data: the marker the import reads."""
    return f"{explanation} Tự động: {formula}"


def section(number: str, title: str, max_points: float, guidance: str = "") -> CriterionRow:
    """A lĩnh vực or tiêu chí with children (its maximum is their sum)."""
    return CriterionRow(number, title, max_points, guidance)


def total(rows: list[CriterionRow]) -> float:
    return sum(row.max_points for row in rows if row.depth == 1)
