"""The annex of the decision that approves and publishes a year's reform index (Quyết định phê
duyệt và công bố Chỉ số CCHC năm …), as .docx: the ranking, then each unit's points per lĩnh
vực with the province's average.

Laid out as the quarterly report's annex (reports.docx_writer, whose layout helpers are reused:
A4 landscape, Times New Roman, the two-column header, tables with a repeated header row). The
text is Vietnamese whatever the interface's language: it goes into a decision. Its numbers are
ranking_items' own, so that the annex and GET /api/v1/index/{year}/{kind}/ranking agree."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from tracker.reform_index.models import CriteriaSet
from tracker.reform_index.results import RankingItem, area_average, average_points
from tracker.reform_index.scoring import shown_points
from tracker.reform_index.totals import set_maximum
from tracker.reports.docx_writer import (
    PROVINCE,
    _annex_cell,
    _cell_lines,
    _cell_lines_append,
    _page,
    _page_numbers,
    _para,
    _repeat_header,
    _rule,
    _setup_styles,
    _table,
)

LANDSCAPE_WIDTH = Cm(29.7 - 2 - 1.5)
KIND_PHRASES = {
    "department": "các sở, ban, ngành",
    "district": "UBND các huyện, thị xã, thành phố",
    "commune": "UBND các xã, phường, thị trấn",
}
RANKING_HEADERS = (
    "Xếp hạng",
    "Đơn vị",
    "Điểm thẩm định",
    "Điểm điều tra xã hội học",
    "Tổng điểm",
    "Chỉ số CCHC (%)",
    "Xếp loại",
)
RANKING_WIDTHS = [Cm(2.0), Cm(10.2), Cm(2.8), Cm(2.8), Cm(2.6), Cm(2.8), Cm(3.0)]
NOTHING = "—"
UNSENT_MARK = "(không tự đánh giá)"


def points_text(value: float | None) -> str:
    """ "95,25": the annex is Vietnamese whatever the interface's language."""
    return NOTHING if value is None else shown_points(float(value))


def unit_cell(item: RankingItem) -> str:
    """The unit's name, marked when the appraisers scored it without its self-assessment."""
    return f"{item.unit_name} {UNSENT_MARK}" if item.did_not_self_assess else item.unit_name


def ranking_cells(item: RankingItem) -> list[str]:
    """One unit's row of the ranking table, in RANKING_HEADERS order."""
    return [
        NOTHING if item.rank is None else str(item.rank),
        unit_cell(item),
        points_text(item.appraised_total),
        points_text(item.survey),
        points_text(item.total),
        points_text(item.index),
        item.band or NOTHING,
    ]


def _header(doc) -> None:
    table = _table(doc, 1, [Cm(9), Cm(17.2)])
    left, right = table.rows[0].cells
    _cell_lines(
        left,
        [("ỦY BAN NHÂN DÂN", True, False, Pt(13)), ("TỈNH QUẢNG TRỊ", True, False, Pt(13))],
    )
    _rule(left, left.width, Cm(2.2))
    _cell_lines(
        right,
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False, Pt(13)),
            ("Độc lập - Tự do - Hạnh phúc", True, False, Pt(14)),
        ],
    )
    _rule(right, right.width, Cm(5.6))
    _cell_lines_append(right, [("", False, False, Pt(10))])


def _title(doc, criteria_set: CriteriaSet, number: str | None) -> None:
    center = {"align": WD_ALIGN_PARAGRAPH.CENTER, "indent": None, "after": Pt(0)}
    year = criteria_set.year
    _para(doc, "PHỤ LỤC", bold=True, before=Pt(12), **center)
    _para(
        doc,
        f"Chỉ số CCHC năm {year} của {KIND_PHRASES[criteria_set.kind]} tỉnh {PROVINCE}",
        bold=True,
        **center,
    )
    reference = f"số {number}/QĐ-UBND" if number else "số        /QĐ-UBND"
    _para(
        doc,
        f"(Kèm theo Quyết định {reference} ngày      tháng      năm {year + 1} của UBND tỉnh "
        f"{PROVINCE} phê duyệt và công bố Chỉ số CCHC năm {year})",
        italic=True,
        size=Pt(13),
        **center,
    )
    _rule(doc, LANDSCAPE_WIDTH, Cm(4))
    maximum = set_maximum(criteria_set)
    survey = float(criteria_set.survey_max or 0)
    parts = f"tiêu chí {points_text(maximum - survey)}, điều tra xã hội học {points_text(survey)}"
    decision = f"; bộ tiêu chí: {criteria_set.decision}" if criteria_set.decision else ""
    _para(
        doc,
        f"Tổng điểm tối đa: {points_text(maximum)} ({parts}){decision}. Chỉ số CCHC = tổng "
        "điểm / tổng điểm tối đa × 100; đơn vị bằng chỉ số xếp cùng hạng.",
        italic=True,
        size=Pt(11),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=None,
        before=Pt(6),
    )


def _cells_row(table, texts: list[str], *, bold: bool = False) -> None:
    cells = table.add_row().cells
    for position, (cell, text) in enumerate(zip(cells, texts, strict=True)):
        if position == 1:
            align = WD_ALIGN_PARAGRAPH.LEFT
        elif position == 0 or position == len(texts) - 1:
            align = WD_ALIGN_PARAGRAPH.CENTER
        else:
            align = WD_ALIGN_PARAGRAPH.RIGHT
        _annex_cell(cell, text, bold=bold, align=align)


def _ranking_table(doc, items: list[RankingItem]) -> None:
    _para(doc, "I. Kết quả xếp hạng", bold=True, indent=None, before=Pt(6))
    table = _table(doc, 1, RANKING_WIDTHS, grid=True)
    _repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, RANKING_HEADERS, strict=True):
        _annex_cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for item in items:
        _cells_row(table, ranking_cells(item))
    if any(item.did_not_self_assess for item in items):
        _para(
            doc,
            f"Ghi chú: đơn vị {UNSENT_MARK} không gửi báo cáo tự đánh giá đúng hạn; Tổ thẩm "
            "định chấm điểm theo hồ sơ, điểm tự đánh giá tính bằng 0.",
            italic=True,
            size=Pt(11),
            indent=None,
            before=Pt(4),
        )


def _areas_table(doc, criteria_set: CriteriaSet, items: list[RankingItem]) -> None:
    areas = [c for c in criteria_set.criteria if c.parent_id is None]
    _para(doc, "II. Điểm theo lĩnh vực", bold=True, indent=None, before=Pt(12))
    for area in areas:
        _para(
            doc,
            f"Lĩnh vực {area.number}: {area.title} (tối đa {points_text(area.max_points)} điểm)",
            size=Pt(11),
            indent=None,
            after=Pt(0),
        )
    name_w = Cm(8.0)
    other = (LANDSCAPE_WIDTH - name_w) // (len(areas) + 2)
    widths = [Cm(1.4), name_w - Cm(1.4)] + [other] * (len(areas) + 2)
    table = _table(doc, 1, widths, grid=True)
    _repeat_header(table.rows[0])
    headers = ["Xếp hạng", "Đơn vị", *[f"LV {a.number}" for a in areas], "Điều tra XHH", "Tổng"]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _annex_cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    scored = [item for item in items if item.total is not None]
    for item in items:
        by_id = item.ranked.totals.by_criterion if item.ranked.totals else {}
        _cells_row(
            table,
            [
                NOTHING if item.rank is None else str(item.rank),
                unit_cell(item),
                *[points_text(by_id.get(a.id)) for a in areas],
                points_text(item.survey),
                points_text(item.total),
            ],
        )
    if scored:
        _cells_row(
            table,
            [
                "",
                "Trung bình toàn tỉnh",
                *[points_text(area_average(scored, a.id)) for a in areas],
                points_text(average_points([float(i.survey or 0) for i in scored])),
                points_text(average_points([i.total for i in scored])),
            ],
            bold=True,
        )


def render_annex(
    criteria_set: CriteriaSet, items: list[RankingItem], number: str | None = None
) -> BytesIO:
    doc = Document()
    _setup_styles(doc)
    section = doc.sections[0]
    _page(section, landscape=True)
    _page_numbers(section)
    doc.core_properties.title = f"Phụ lục Chỉ số CCHC năm {criteria_set.year}"
    doc.core_properties.author = f"UBND tỉnh {PROVINCE}"
    doc.core_properties.language = "vi-VN"
    body = doc.element.body
    for paragraph in list(doc.paragraphs):
        body.remove(paragraph._p)
    _header(doc)
    _title(doc, criteria_set, number)
    _ranking_table(doc, items)
    _areas_table(doc, criteria_set, items)
    out = BytesIO()
    doc.save(out)
    out.seek(0)
    return out
