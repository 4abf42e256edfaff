"""The quarterly report as .docx, shaped like the province's report to Bộ Nội vụ (shared/seeds).

The text is the product's output in Vietnamese (the Ministry receives it so, whatever the
interface language), laid out as Vietnamese administrative documents are (Nghị định
30/2020/NĐ-CP): A4, margins 2/2/3/1.5 cm, Times New Roman 14 pt, the two-column header, the
"Nơi nhận" list beside the signature block, and the annex on a landscape page.
"""

from __future__ import annotations

import re
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Pt, RGBColor
from flask_babel import force_locale

from tracker.core.numbers import format_number, format_percent
from tracker.core.timeutil import format_date
from tracker.reports.figure_sentences import percent as figure_percent
from tracker.reports.figure_sentences import sentences_by_area, target_text
from tracker.reports.quarterly import (
    CompletedItem,
    CompletedTask,
    QuarterlyReport,
    split_direction,
)
from tracker.status.services import CLASSES, Figures

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
TEXT_WIDTH = Cm(21 - 3 - 1.5)  # A4 portrait less the left and right margins
INDENT = Cm(1)
NO_SPACE = Pt(0)
PARAGRAPH_SPACE = Pt(6)
PROVINCE = "Quảng Trị"

AREA_HEADINGS = {
    "institutions": "Cải cách thể chế",
    "procedures": "Cải cách thủ tục hành chính (TTHC)",
    "organization": "Cải cách tổ chức bộ máy hành chính",
    "civil_service": "Cải cách chế độ công vụ",
    "public_finance": "Cải cách tài chính công",
    "e_government": "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
}
KIND_LABELS = {
    "office": "Văn phòng UBND tỉnh",
    "department": "Sở, ban, ngành",
    "district": "UBND cấp huyện",
    "commune": "UBND cấp xã",
}
ANNEX_HEADERS = (
    "STT",
    "Đơn vị",
    "Tổng số",
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Quá hạn chưa hoàn thành",
    "Sắp đến hạn",
    "Đang thực hiện trong hạn",
    "Thường xuyên",
    "Tỷ lệ hoàn thành",
    "Tỷ lệ đúng hạn",
)
# The kind of a document from the code after its number: "77/KH-UBND" is a Kế hoạch.
DOCUMENT_KINDS = {
    "KH": "Kế hoạch",
    "QĐ": "Quyết định",
    "BC": "Báo cáo",
    "TTR": "Tờ trình",
    "TB": "Thông báo",
    "CT": "Chỉ thị",
    "NQ": "Nghị quyết",
    "HD": "Hướng dẫn",
    "QC": "Quy chế",
    "CTR": "Chương trình",
}
RECIPIENTS = (
    "- Vụ Cải cách hành chính (Bộ Nội vụ);",
    "- Các sở, ban, ngành cấp tỉnh;",
    "- UBND các huyện, thị xã, thành phố;",
    "- Sở Nội vụ (02 bản);",
    "- Lưu: VT, NC.",
)
ROMAN_GROUPS = ("I", "II", "III", "IV")
INDICATOR_HEADERS = (
    "STT",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Quý trước",
    "Quý báo cáo",
    "Chỉ tiêu kế hoạch",
    "Đánh giá",
)
# A recurring task's checkpoints due next quarter name their units when they are this few.
FEW_OWNERS = 3
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def document_kind(number: str | None) -> str:
    match = re.match(r"\s*[^/]+/([^-/\s]+)", number or "")
    return DOCUMENT_KINDS.get(match[1].upper(), "Văn bản") if match else "Văn bản"


def cite(number: str | None, day=None) -> str:
    """ "Kế hoạch số 77/KH-UBND ngày 13/01/2021"."""
    text = f"{document_kind(number)} số {number}"
    return f"{text} ngày {format_date(day)}" if day else text


def percent(value: float | None) -> str:
    """ "85,7 %": the report is Vietnamese whatever the interface's language."""
    return format_percent(value, "vi")


def count(value: int) -> str:
    """ "1.980": Vietnamese groups thousands with a dot."""
    return format_number(value, "vi")


def progress(value: int) -> str:
    return percent(value / 100)


# ---------------------------------------------------------------------------- the layout


def _set_fonts(r_pr, size: Pt | None = None) -> None:
    """Times New Roman for every script: Word picks w:eastAsia or w:cs for some Vietnamese
    characters, and theme fonts (Calibri, Cambria) win over the named ones if left."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            element = r_pr.find(qn(tag))
            if element is None:
                element = OxmlElement(tag)
                r_pr.append(element)
            element.set(qn("w:val"), str(int(size.pt * 2)))
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")


def _setup_styles(doc) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    _set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), BODY_SIZE)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    _set_fonts(normal.element.get_or_add_rPr(), BODY_SIZE)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        style = doc.styles[name]
        _set_fonts(style.element.get_or_add_rPr(), BODY_SIZE)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.bold = True
        style.font.italic = False
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.first_line_indent = Cm(1)
        style.paragraph_format.keep_with_next = True
    for name in ("Header", "Footer"):
        _set_fonts(doc.styles[name].element.get_or_add_rPr(), Pt(13))


def _page(section, *, landscape: bool = False) -> None:
    a4_short, a4_long = Cm(21), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (a4_long, a4_short) if landscape else (a4_short, a4_long)
    )
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin = Cm(2 if landscape else 3)
    section.right_margin = Cm(1.5)
    section.header_distance = section.footer_distance = Cm(1)


def _page_numbers(section) -> None:
    """The page number at the top centre from page 2 on, as administrative documents do."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _para(
    container,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: Length | None = None,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: Length | None = INDENT,
    before: Length = NO_SPACE,
    after: Length = PARAGRAPH_SPACE,
    style: str | None = None,
):
    paragraph = container.add_paragraph(style=style)
    _fill(paragraph, text, bold=bold, italic=italic, size=size)
    fmt = paragraph.paragraph_format
    paragraph.alignment = align
    fmt.first_line_indent = indent
    fmt.space_before, fmt.space_after = before, after
    return paragraph


def _fill(paragraph, text: str, *, bold=False, italic=False, size=None):
    # A control character that XML cannot hold (pasted from another program) would stop the
    # whole document from being written.
    run = paragraph.add_run(NOT_XML.sub("", text))
    run.bold, run.italic = bold or None, italic or None
    if size is not None:
        run.font.size = size
    return run


def _cell_lines(cell, lines, *, align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    """Lines of (text, bold, italic, size) in a cell, its first paragraph reused."""
    for index, (text, bold, italic, size) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)
        _fill(paragraph, text, bold=bold, italic=italic, size=size)


def _rule(container, total: Length, width: Length) -> None:
    """The short line under a header's last bold line: the bottom border of an empty,
    indented paragraph (a drawn line would float away when the text reflows)."""
    paragraph = container.add_paragraph()
    margin = Emu(max((total - width) // 2, 0))
    paragraph.paragraph_format.left_indent = margin
    paragraph.paragraph_format.right_indent = margin
    paragraph.paragraph_format.space_after = Pt(4)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    run = paragraph.add_run("")
    run.font.size = Pt(2)


def _table(doc, rows: int, widths: list[Cm], *, grid: bool = False):
    table = doc.add_table(rows=rows, cols=len(widths))
    if grid:
        table.style = doc.styles["Table Grid"]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    return table


# ---------------------------------------------------------------------------- the parts


def _header(doc, report: QuarterlyReport, number: str | None) -> None:
    table = _table(doc, 1, [Cm(6.3), Cm(10.2)])
    left, right = table.rows[0].cells
    number_text = f"Số: {number}/BC-UBND" if number else "Số:        /BC-UBND"
    _cell_lines(
        left,
        [
            ("ỦY BAN NHÂN DÂN", True, False, Pt(13)),
            ("TỈNH QUẢNG TRỊ", True, False, Pt(13)),
        ],
    )
    _rule(left, left.width, Cm(2.2))
    _cell_lines_append(left, [(number_text, False, False, Pt(13))])
    _cell_lines(
        right,
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False, Pt(13)),
            ("Độc lập - Tự do - Hạnh phúc", True, False, Pt(14)),
        ],
    )
    _rule(right, right.width, Cm(5.6))
    month, year = report.as_of.month, report.as_of.year
    _cell_lines_append(
        right, [(f"{PROVINCE}, ngày      tháng {month} năm {year}", False, True, Pt(14))]
    )


def _cell_lines_append(cell, lines) -> None:
    for text, bold, italic, size in lines:
        paragraph = cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        _fill(paragraph, text, bold=bold, italic=italic, size=size)


def _title(doc, report: QuarterlyReport) -> None:
    center = {"align": WD_ALIGN_PARAGRAPH.CENTER, "indent": None}
    _para(doc, "BÁO CÁO", bold=True, before=Pt(18), after=Pt(0), **center)
    quarter = report.quarter
    _para(
        doc,
        "Tình hình, kết quả thực hiện công tác cải cách hành chính "
        f"Quý {quarter.roman} năm {quarter.year}",
        bold=True,
        after=Pt(0),
        **center,
    )
    _rule(doc, TEXT_WIDTH, Cm(4))


def _plan_reference(report: QuarterlyReport) -> str:
    plan = report.plan
    kind = document_kind(plan.code)
    issued = f" ngày {format_date(plan.issued_on)}" if plan.issued_on else ""
    body = f" của {plan.issuing_body}" if plan.issuing_body else ""
    if kind == "Quyết định":
        return f"{plan.title} ban hành kèm theo Quyết định số {plan.code}{issued}{body}"
    if kind == "Văn bản":
        return f"{plan.title} ({plan.code})"
    return f"{kind} số {plan.code}{issued}{body} ({plan.title})"


def _intro(doc, report: QuarterlyReport) -> None:
    _para(
        doc,
        f"Thực hiện {_plan_reference(report)}, Ủy ban nhân dân tỉnh {PROVINCE} báo cáo tình "
        f"hình, kết quả thực hiện công tác cải cách hành chính {report.quarter.label} "
        "như sau:",
        before=Pt(12),
    )


def _figures_sentence(figures: Figures) -> str:
    c = figures.counts
    data = figures.as_dict()
    done = c["done_on_time"] + c["done_late"]
    # Reported but not yet confirmed: counted as done (DOMAIN.md), and said so.
    waiting = (
        f", trong đó {count(figures.awaiting_confirmation)} đang chờ Văn phòng UBND tỉnh xác nhận"
        if figures.awaiting_confirmation
        else ""
    )
    return (
        f"đã hoàn thành {count(done)} ({count(c['done_on_time'])} đúng hạn, "
        f"{count(c['done_late'])} quá hạn{waiting}); "
        f"quá hạn chưa hoàn thành {count(c['overdue'])}; sắp đến hạn {count(c['due_soon'])}; "
        f"đang thực hiện trong hạn {count(c['on_track'])}; thường xuyên "
        f"{count(c['no_deadline'])}. Tỷ lệ hoàn thành "
        f"{percent(data['completion_rate'])}, tỷ lệ hoàn thành đúng hạn "
        f"{percent(data['on_time_rate'])}"
    )


def _evidence_text(item: CompletedItem, late: bool) -> str:
    evidence = item.evidence
    parts = []
    if evidence.document_number:
        parts.append(cite(evidence.document_number, evidence.document_date))
    if evidence.url:
        parts.append(evidence.url)
    if evidence.file_name and not evidence.document_number:
        parts.append(f"tệp {evidence.file_name}")
    text = "; ".join(parts) or "chưa có văn bản"
    if late:
        text += f"; hoàn thành ngày {format_date(item.assignment.completed_on)}, quá hạn"
    if item.awaiting_confirmation:
        text += "; đang chờ Văn phòng UBND tỉnh xác nhận"
    return text


def _completed(doc, tasks: list[CompletedTask], report: QuarterlyReport, empty: str) -> None:
    if not tasks:
        _para(doc, empty)
        return
    for completed in tasks:
        title = completed.task.title.rstrip(".")
        with force_locale("vi"):
            periods = sorted({i.assignment.checkpoint for i in completed.items} - {None})
            if periods:  # a checkpoint's period is part of its title
                title += f" ({', '.join(p.label for p in periods)})"
        if len(completed.items) == 1:
            item = completed.items[0]
            late = report.late_completions.get(item.assignment.id, False)
            _para(doc, f"- {title} ({item.assignment.unit.name}: {_evidence_text(item, late)}).")
            continue
        _para(doc, f"- {title}: {count(len(completed.items))} đơn vị hoàn thành trong quý:")
        for item in completed.items:
            late = report.late_completions.get(item.assignment.id, False)
            _para(
                doc,
                f"+ {item.assignment.unit.name}: {_evidence_text(item, late)};",
                after=Pt(3),
            )


def _section_one(doc, report: QuarterlyReport) -> None:
    doc.add_paragraph(
        "I. TÌNH HÌNH TỔ CHỨC THỰC HIỆN VÀ CÔNG TÁC TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH",
        style="Heading 1",
    )
    doc.add_paragraph("1. Công tác chỉ đạo, điều hành", style="Heading 2")
    totals = report.annex.totals
    _para(
        doc,
        f"Tính đến ngày {format_date(report.as_of)}, Kế hoạch có {count(totals.total)} lượt "
        "nhiệm vụ "
        f"giao các cơ quan, đơn vị chủ trì thực hiện (không tính nhiệm vụ đã hủy): "
        f"{_figures_sentence(totals)} (chi tiết theo từng đơn vị tại Phụ lục kèm theo).",
    )
    direction, propaganda = split_direction(report.completed["direction"])
    quarter = report.quarter.label
    if direction:
        _para(doc, f"Các nhiệm vụ chỉ đạo, điều hành hoàn thành trong {quarter}:")
    _completed(
        doc,
        direction,
        report,
        f"Trong {quarter}, không có nhiệm vụ chỉ đạo, điều hành nào hoàn thành.",
    )
    doc.add_paragraph("2. Công tác tuyên truyền", style="Heading 2")
    if propaganda:
        _para(doc, f"Các nhiệm vụ tuyên truyền hoàn thành trong {quarter}:")
    _completed(
        doc,
        propaganda,
        report,
        f"Trong {quarter}, không có nhiệm vụ tuyên truyền nào hoàn thành.",
    )


def _section_two(doc, report: QuarterlyReport) -> None:
    doc.add_paragraph("II. KẾT QUẢ ĐẠT ĐƯỢC", style="Heading 1")
    quarter = report.quarter.label
    for index, (area, heading) in enumerate(AREA_HEADINGS.items(), start=1):
        doc.add_paragraph(f"{index}. {heading}", style="Heading 2")
        figures = report.area_figures[area]
        if figures.total:
            _para(
                doc,
                f"Tính đến ngày {format_date(report.as_of)}, lĩnh vực này có "
                f"{count(figures.total)} "
                f"lượt nhiệm vụ: {_figures_sentence(figures)}.",
            )
        for figures in report.indicators:
            for sentence in sentences_by_area(figures, quarter).get(area, []):
                _para(doc, sentence)
        tasks = report.completed[area]
        if tasks:
            _para(doc, f"Các nhiệm vụ hoàn thành trong {quarter}:")
        _completed(
            doc, tasks, report, f"Trong {quarter}, không có nhiệm vụ nào của lĩnh vực hoàn thành."
        )


def _section_three(doc, report: QuarterlyReport) -> None:
    doc.add_paragraph("III. TỒN TẠI, HẠN CHẾ", style="Heading 1")
    day = format_date(report.as_of)
    if not report.overdue:
        _para(doc, f"Không có nhiệm vụ quá hạn chưa hoàn thành tính đến ngày {day}.")
        return
    _para(
        doc,
        f"Tính đến ngày {day}, còn {count(len(report.overdue))} lượt nhiệm vụ quá hạn chưa hoàn "
        "thành (cơ quan chủ trì: nhiệm vụ — thời hạn, số ngày quá hạn, tiến độ):",
    )
    for index, item in enumerate(report.overdue, start=1):
        assignment = item.assignment
        due = f"thời hạn {format_date(item.due)}"
        if item.extended and assignment.original_due_date:
            due += f" (đã gia hạn, hạn ban đầu {format_date(assignment.original_due_date)})"
        paused = "; đang tạm dừng" if assignment.state == "paused" else ""
        _para(
            doc,
            f"{index}. {assignment.unit.name}: {assignment.task.title.rstrip('.')} — {due}, "
            f"quá hạn {count(item.days_late)} ngày, tiến độ {progress(assignment.progress)}"
            f"{paused}.",
            after=Pt(3),
        )


def _section_four(doc, report: QuarterlyReport) -> None:
    following = report.next_quarter
    doc.add_paragraph(
        f"IV. MỘT SỐ NHIỆM VỤ TRỌNG TÂM TRONG QUÝ {following.roman} NĂM {following.year}",
        style="Heading 1",
    )
    if not report.priorities:
        _para(doc, f"Không có nhiệm vụ nào của Kế hoạch đến hạn trong {following.label}.")
        return
    one_off = [
        (group, [a for a in group.assignments if not a.assignment.period])
        for group in report.priorities
    ]
    one_off = [(group, found) for group, found in one_off if found]
    if one_off:
        _para(
            doc,
            f"Các nhiệm vụ của Kế hoạch đến hạn trong {following.label} chưa hoàn thành, theo "
            "cơ quan chủ trì:",
        )
    for index, (group, assignments) in enumerate(one_off, start=1):
        _para(doc, f"{index}. {group.unit.name}", bold=True, italic=True, after=Pt(3))
        for assignment in assignments:
            _para(
                doc,
                f"- {assignment.task.title.rstrip('.')} (thời hạn "
                f"{format_date(assignment.due_date)}; tiến độ {progress(assignment.progress)}).",
                after=Pt(3),
            )
    _recurring_priorities(doc, report)


def _recurring_priorities(doc, report: QuarterlyReport) -> None:
    """The checkpoints of recurring tasks due next quarter, one line per task and period
    ("I.12 · Quý IV/2021"), with the units that owe it (named when they are few)."""
    groups: dict[tuple, list] = {}
    for group in report.priorities:
        for assignment in group.assignments:
            if assignment.assignment.period:
                key = (assignment.task.position, assignment.task.id, assignment.assignment.period)
                groups.setdefault(key, []).append((group.unit, assignment))
    if not groups:
        return
    _para(doc, f"Các nhiệm vụ định kỳ đến hạn trong {report.next_quarter.label}:")
    with force_locale("vi"):
        for key in sorted(groups):
            owners = groups[key]
            first = owners[0][1]
            dues = sorted({a.due_date for _unit, a in owners if a.due_date})
            due = "; ".join(format_date(day) for day in dues) or "không thời hạn"
            if len(owners) <= FEW_OWNERS:
                who = ", ".join(unit.name for unit, _a in owners)
            else:
                who = f"{count(len(owners))} đơn vị chủ trì chưa hoàn thành"
            _para(
                doc,
                f"- {first.assignment.numbered}: {first.task.title.rstrip('.')} (thời hạn {due}; "
                f"{who}).",
                after=Pt(3),
            )


def _closing(doc, report: QuarterlyReport) -> None:
    _para(doc, "(Phụ lục kèm theo Báo cáo này)", italic=True, before=Pt(6))
    _para(
        doc,
        f"Trên đây là tình hình, kết quả thực hiện công tác cải cách hành chính "
        f"{report.quarter.label} của tỉnh {PROVINCE}, UBND tỉnh báo cáo Bộ Nội vụ tổng hợp "
        "theo quy định./.",
    )


def _signature(doc) -> None:
    _para(doc, "", after=Pt(6))
    table = _table(doc, 1, [Cm(8), Cm(8.5)])
    left, right = table.rows[0].cells
    _cell_lines(
        left,
        [("Nơi nhận:", True, True, Pt(12))] + [(line, False, False, Pt(11)) for line in RECIPIENTS],
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    _cell_lines(
        right,
        [
            ("TM. ỦY BAN NHÂN DÂN", True, False, Pt(14)),
            ("KT. CHỦ TỊCH", True, False, Pt(14)),
            ("PHÓ CHỦ TỊCH", True, False, Pt(14)),
        ]
        + [("", False, False, Pt(14))] * 3
        # The name line is left for the signer.
        + [("", True, False, Pt(14))],
    )


def _annex(doc, report: QuarterlyReport, number: str | None) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _shrink_section_break(doc.paragraphs[-1])
    _page(section, landscape=True)
    center = {"align": WD_ALIGN_PARAGRAPH.CENTER, "indent": None, "after": Pt(0)}
    _para(
        doc,
        "Phụ lục: Tình hình thực hiện nhiệm vụ theo đơn vị "
        f"(tính đến ngày {format_date(report.as_of)})",
        bold=True,
        **center,
    )
    reference = f"số {number}/BC-UBND" if number else "số      /BC-UBND"
    _para(
        doc,
        f"(Kèm theo Báo cáo {reference} ngày      tháng {report.as_of.month} năm "
        f"{report.as_of.year} của UBND tỉnh {PROVINCE})",
        italic=True,
        size=Pt(13),
        **center,
    )
    _para(
        doc,
        f"Kế hoạch: {report.plan.code} — {report.plan.title}. Chỉ tính nhiệm vụ đơn vị chủ trì, "
        "không tính nhiệm vụ đã hủy; tỷ lệ hoàn thành = số đã hoàn thành / (số đã hoàn thành + "
        "số quá hạn chưa hoàn thành).",
        italic=True,
        size=Pt(11),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=None,
        before=Pt(6),
    )
    widths = [Cm(1.3), Cm(7.0)] + [Cm(1.95)] * 9
    table = _table(doc, 1, widths, grid=True)
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, ANNEX_HEADERS, strict=True):
        _annex_cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for group_index, (kind, rows) in enumerate(report.annex.groups.items()):
        _annex_row(
            table,
            ROMAN_GROUPS[group_index],
            KIND_LABELS[kind],
            report.annex.subtotals[kind],
            bold=True,
        )
        for index, row in enumerate(rows, start=1):
            _annex_row(table, str(index), _annex_unit_name(row.unit), row.figures)
    _annex_row(table, "", "Tổng cộng toàn tỉnh", report.annex.totals, bold=True)
    for index, figures in enumerate(report.indicators, start=2):
        _indicator_annex(doc, report, figures, index)


def _indicator_annex(doc, report: QuarterlyReport, figures, index: int) -> None:
    """Phụ lục N: every indicator of the set with the quarter's total, the previous
    quarter's, and the plan's target."""
    center = {"align": WD_ALIGN_PARAGRAPH.CENTER, "indent": None, "after": Pt(0)}
    _para(
        doc,
        f"Phụ lục {index}: {figures.indicator_set.name} {report.quarter.label} (số liệu tính "
        f"đến ngày {format_date(figures.cut_off)})",
        bold=True,
        before=Pt(18),
        **center,
    )
    late = f", {count(figures.late)} đơn vị gửi muộn" if figures.late else ""
    _para(
        doc,
        f"Bộ chỉ tiêu {figures.indicator_set.code} năm {figures.indicator_set.year}; đơn vị đã "
        f"gửi số liệu đến ngày {format_date(figures.as_of)}: {count(figures.submitted)}/"
        f"{count(figures.expected)}{late}. Tổng hợp: cộng số liệu các đơn vị; tỷ lệ = tổng tử "
        "số / tổng mẫu số.",
        italic=True,
        size=Pt(11),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=None,
        before=Pt(6),
    )
    widths = [Cm(1.3), Cm(10.5), Cm(2.6), Cm(3.2), Cm(3.2), Cm(2.6), Cm(2.6)]
    table = _table(doc, 1, widths, grid=True)
    _repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, INDICATOR_HEADERS, strict=True):
        _annex_cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for number, indicator in enumerate(figures.indicators, start=1):
        met = figures.meets_target(indicator)
        cells = table.add_row().cells
        values = [
            str(number),
            indicator.name,
            indicator.measure or "",
            indicator_value(indicator, figures.previous.get(indicator.code)),
            indicator_value(indicator, figures.totals.get(indicator.code)),
            target_text(indicator) if indicator.target_operator else "",
            "" if met is None else ("Đạt" if met else "Chưa đạt"),
        ]
        for position, (cell, text) in enumerate(zip(cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if position == 1 else WD_ALIGN_PARAGRAPH.RIGHT
            _annex_cell(cell, text, align=WD_ALIGN_PARAGRAPH.CENTER if position == 0 else align)


def indicator_value(indicator, value) -> str:
    """A total as the annex prints it: a count grouped ("104.671"), a ratio "99,47 %"."""
    if value is None:
        return "—"
    if indicator.combine == "ratio" or indicator.kind == "percent":
        return figure_percent(value)
    return count(int(round(value)))


def _annex_unit_name(unit) -> str:
    """A unit that no longer existed on the report's date says since when."""
    if unit.closed_on is None:
        return unit.name
    return f"{unit.name} (ngừng hoạt động từ {format_date(unit.closed_on)})"


def _shrink_section_break(paragraph) -> None:
    """The empty paragraph that ends the letter's section: 1 pt high, so that it cannot spill
    onto a page of its own when the signature block ends at the bottom of a page."""
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(1)
    p_pr = paragraph._p.get_or_add_pPr()
    mark = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), "2")
        mark.append(size)
    p_pr.find(qn("w:sectPr")).addprevious(mark)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _annex_cell(cell, text: str, *, bold=False, align=WD_ALIGN_PARAGRAPH.RIGHT) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    _fill(paragraph, text, bold=bold, size=Pt(11))


def annex_values(figures: Figures) -> list[str]:
    """The annex's figure cells, in ANNEX_HEADERS order after STT and Đơn vị."""
    data = figures.as_dict()
    return [
        count(data["total"]),
        *(count(data[name]) for name in CLASSES),
        percent(data["completion_rate"]),
        percent(data["on_time_rate"]),
    ]


def _annex_row(table, number: str, name: str, figures: Figures, *, bold=False) -> None:
    cells = table.add_row().cells
    _annex_cell(cells[0], number, bold=bold, align=WD_ALIGN_PARAGRAPH.CENTER)
    _annex_cell(cells[1], name, bold=bold, align=WD_ALIGN_PARAGRAPH.LEFT)
    for cell, value in zip(cells[2:], annex_values(figures), strict=True):
        _annex_cell(cell, value, bold=bold)


def render_docx(report: QuarterlyReport, number: str | None = None) -> BytesIO:
    doc = Document()
    _setup_styles(doc)
    first = doc.sections[0]
    _page(first)
    _page_numbers(first)
    doc.core_properties.title = (
        f"Báo cáo tình hình, kết quả thực hiện công tác CCHC {report.quarter.label}"
    )
    doc.core_properties.author = f"UBND tỉnh {PROVINCE}"
    doc.core_properties.language = "vi-VN"
    # The default template's first paragraph would sit empty above the header.
    body = doc.element.body
    for paragraph in list(doc.paragraphs):
        body.remove(paragraph._p)
    _header(doc, report, number)
    _title(doc, report)
    _intro(doc, report)
    _section_one(doc, report)
    _section_two(doc, report)
    _section_three(doc, report)
    _section_four(doc, report)
    _closing(doc, report)
    _signature(doc)
    _annex(doc, report, number)
    out = BytesIO()
    doc.save(out)
    out.seek(0)
    return out
