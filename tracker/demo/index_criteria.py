"""The demo's reform index criteria tables (data/chi-so-cchc-<year>-<kind>.xlsx), written as a
province's decision annex is: title rows, then STT | Lĩnh vực, tiêu chí, tiêu chí thành phần
| Điểm tối đa | Hướng dẫn chấm điểm | Tài liệu kiểm chứng, as `tracker import-criteria` reads
them. Run this module to write them again: `python -m tracker.demo.index_criteria`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from tracker.demo.index_criteria_departments import department_rows
from tracker.demo.index_criteria_districts import district_rows
from tracker.demo.index_rows import CriterionRow
from tracker.demo.indicator_set_2021 import FIXED_TIME, _fixed_zip_times

DATA = Path(__file__).parent / "data"
COLUMNS = (
    "STT",
    "Lĩnh vực, tiêu chí, tiêu chí thành phần",
    "Điểm tối đa",
    "Hướng dẫn chấm điểm",
    "Tài liệu kiểm chứng",
)
DEMO_MARK = "(dữ liệu minh họa)"
SURVEY_MAX = 30
KIND_WORDS = {"department": "các sở, ban, ngành", "district": "UBND các huyện, thị xã, thành phố"}
ROWS = {"department": department_rows, "district": district_rows}


@dataclass(frozen=True)
class DemoSet:
    year: int
    kind: str
    decision: str
    # Units send their self-assessment by this day (the January after the year).
    self_deadline: date
    answer_days: int = 5

    @property
    def name(self) -> str:
        return f"Bộ tiêu chí Chỉ số CCHC {KIND_WORDS[self.kind]} năm {self.year} {DEMO_MARK}"

    @property
    def file(self) -> Path:
        return DATA / f"chi-so-cchc-{self.year}-{self.kind}.xlsx"

    def rows(self) -> list[CriterionRow]:
        return ROWS[self.kind](self.year)


# Decision numbers are illustrative, as the demo plan's notes say of theirs.
DEMO_SETS = [
    DemoSet(
        2020, "department", "Quyết định số 812/QĐ-UBND ngày 06/4/2020 (minh họa)", date(2021, 1, 15)
    ),
    DemoSet(
        2020, "district", "Quyết định số 813/QĐ-UBND ngày 06/4/2020 (minh họa)", date(2021, 1, 15)
    ),
    DemoSet(
        2021,
        "department",
        "Quyết định số 1024/QĐ-UBND ngày 12/4/2021 (minh họa)",
        date(2022, 1, 14),
    ),
    DemoSet(
        2021, "district", "Quyết định số 1025/QĐ-UBND ngày 12/4/2021 (minh họa)", date(2022, 1, 14)
    ),
]


def demo_set(year: int, kind: str) -> DemoSet:
    return next(spec for spec in DEMO_SETS if (spec.year, spec.kind) == (year, kind))


def workbook_bytes(spec: DemoSet) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Bộ tiêu chí"
    for line in (
        "UBND TỈNH QUẢNG TRỊ",
        f"BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH {KIND_WORDS[spec.kind].upper()} "
        f"NĂM {spec.year}",
        f"(Kèm theo {spec.decision})",
        f"Dữ liệu minh họa cho bản trình diễn; điểm điều tra xã hội học: {SURVEY_MAX}",
    ):
        sheet.append([None, line])
        sheet.cell(sheet.max_row, 2).font = Font(bold=True)
    sheet.append([])
    sheet.append(list(COLUMNS))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in spec.rows():
        sheet.append([row.number, row.title, row.max_points, row.guidance, row.evidence])
        if row.depth == 1:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (8, 60, 10, 50, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    book.properties.created = book.properties.modified = FIXED_TIME
    out = BytesIO()
    book.save(out)
    return _fixed_zip_times(out.getvalue())


if __name__ == "__main__":
    for spec in DEMO_SETS:
        spec.file.write_bytes(workbook_bytes(spec))
        print(f"wrote {spec.file}")
