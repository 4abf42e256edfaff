"""A reform index criteria set made with the models (a small one shaped like the province's),
for the tests of every part of the index until and besides the criteria import.

    criteria_set = make_criteria_set(year=2021, kind="department")
    criteria_set = make_criteria_set(rows=[("1", "Lĩnh vực", 2), ("1.1", "Tiêu chí", 2), …])

A row is (number, title, max_points) or (number, title, max_points, {field: value}) with any
Criterion field (rule, step, levels, formula, parameters, evidence_required, choose_one,
guidance). The parent is found from the number ("1.1.2" → "1.1"), the depth from its dots.
"""

from __future__ import annotations

from datetime import date

from tracker.extensions import db
from tracker.reform_index.models import DEFAULT_BANDS, CriteriaSet, Criterion

LEVELS = [
    {"label": "Hoàn thành 100 %", "points": 1},
    {"label": "Từ 80 % đến dưới 100 %", "points": 0.5},
    {"label": "Dưới 80 %", "points": 0},
]

# 10 points: 1 lĩnh vực of a free number, levels and a computed criterion; 1 with a "choose
# one" tiêu chí; evidence required on 1.1.1, 1.2 and 2.1.1.
SMALL_SET = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", 6),
    ("1.1", "Kế hoạch cải cách hành chính năm", 2),
    (
        "1.1.1",
        "Ban hành kế hoạch CCHC năm kịp thời",
        1,
        {"step": 0.5, "evidence_required": "Kế hoạch CCHC năm của đơn vị"},
    ),
    ("1.1.2", "Mức độ thực hiện kế hoạch CCHC", 1, {"rule": "levels", "levels": LEVELS}),
    (
        "1.2",
        "Báo cáo CCHC định kỳ đầy đủ, đúng hạn",
        1,
        {"step": 0.25, "evidence_required": "Các báo cáo CCHC quý, năm"},
    ),
    (
        "1.3",
        "Thực hiện nhiệm vụ được UBND tỉnh giao",
        3,
        {"rule": "computed", "formula": "plan_done", "parameters": {"plan": "5959"}},
    ),
    ("2", "Cải cách thủ tục hành chính", 4),
    ("2.1", "Công khai thủ tục hành chính (chọn 1)", 2, {"choose_one": True}),
    (
        "2.1.1",
        "Công khai đầy đủ, đúng quy định tại nơi tiếp nhận",
        2,
        {"step": 0.5, "evidence_required": "Ảnh chụp, đường dẫn nơi công khai"},
    ),
    ("2.1.2", "Công khai chưa đầy đủ", 1, {"step": 0.5}),
    ("2.2", "Tiếp nhận, xử lý phản ánh, kiến nghị về TTHC", 2, {"step": 0.25}),
]


def make_criteria_set(
    year: int = 2021,
    kind: str = "department",
    rows=None,
    *,
    name: str | None = None,
    self_deadline: date | None = None,
    survey_max: float = 0,
    **fields,
) -> CriteriaSet:
    criteria_set = CriteriaSet(
        year=year,
        kind=kind,
        name=name or f"Bộ tiêu chí Chỉ số CCHC năm {year} (thử)",
        self_deadline=self_deadline,
        survey_max=survey_max,
        bands=fields.pop("bands", list(DEFAULT_BANDS)),
        **fields,
    )
    db.session.add(criteria_set)
    db.session.flush()
    by_number: dict[str, Criterion] = {}
    for position, row in enumerate(rows or SMALL_SET, start=1):
        number, title, max_points, *rest = row
        extra = dict(rest[0]) if rest else {}
        parent_number = number.rpartition(".")[0]
        criterion = Criterion(
            set_id=criteria_set.id,
            parent_id=by_number[parent_number].id if parent_number else None,
            position=position,
            number=number,
            depth=number.count(".") + 1,
            title=title,
            max_points=max_points,
            **extra,
        )
        db.session.add(criterion)
        db.session.flush()
        by_number[number] = criterion
    db.session.commit()
    db.session.refresh(criteria_set)
    return criteria_set
