"""The demo's indicator set (bộ chỉ tiêu) of 2021: the figures of the province's quarterly
reform report (shared/seeds, Q3/2021) that units send in, one row per unit and quarter.

Read from the seed, kept when the figure is a sum (or a ratio of sums) of the units' own
figures: the one-stop dossiers (tiếp nhận 104.671 = giải quyết 100.151 + đang giải quyết
4.520; đúng và trước hạn 99.618 + quá hạn 533; trong hạn 4.464 + quá hạn 56), the units that
run the one-stop mechanism (20/20 sở, 10/10 huyện, the communes), the public-postal service
(agreements with 20 sở and 09 huyện, 526 procedures, 163.763 dossiers to date), the citizens'
feedback (17 received, 14 handled, 03 in hand), the civil servants' database (21.503 declared,
100 %), the autonomy of agencies (37 + 151) and public service units (109 + 311), and the
units' websites (100 %). What the province alone did (227 procedures published, 105
internal processes, training classes) is not a unit's figure and is left out, as is the
self-financing of public service units, whose three counts the seed gives over two
different totals (113/500, 33/500, 03/509).

The seed does not split the dossiers received into carried over and new: neither does the set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.styles import Font

from tracker.indicators.sets_table import (
    CHECK_COLUMNS,
    CHECKS_SHEET,
    INDICATOR_COLUMNS,
    INDICATORS_SHEET,
)

SET_CODE = "CCHC_QUY"
SET_YEAR = 2021
SET_NAME = "Số liệu báo cáo định kỳ công tác cải cách hành chính hằng quý"
PERIODICITY = "quarterly"


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    measure: str
    kind: str = "count"  # count, percent, yes_no
    combine: str = "sum"  # sum, ratio
    numerator: str = ""
    denominator: str = ""
    target_operator: str = ""
    target_value: float | None = None

    @property
    def computed(self) -> bool:
        return self.combine == "ratio"


@dataclass(frozen=True)
class CheckSpec:
    code: str
    name: str
    expression: str


INDICATORS = [
    IndicatorSpec("TIEP_NHAN", "Số hồ sơ TTHC tiếp nhận trong kỳ", "hồ sơ"),
    IndicatorSpec("DA_GIAI_QUYET", "Số hồ sơ đã giải quyết", "hồ sơ"),
    IndicatorSpec("GQ_DUNG_HAN", "Đã giải quyết đúng và trước hạn", "hồ sơ"),
    IndicatorSpec("GQ_QUA_HAN", "Đã giải quyết quá hạn", "hồ sơ"),
    IndicatorSpec("DANG_GIAI_QUYET", "Số hồ sơ đang giải quyết", "hồ sơ"),
    IndicatorSpec("DGQ_TRONG_HAN", "Đang giải quyết trong hạn", "hồ sơ"),
    IndicatorSpec("DGQ_QUA_HAN", "Đang giải quyết quá hạn", "hồ sơ"),
    IndicatorSpec(
        "TL_DUNG_HAN",
        "Tỷ lệ hồ sơ giải quyết đúng và trước hạn",
        "%",
        kind="percent",
        combine="ratio",
        numerator="GQ_DUNG_HAN",
        denominator="DA_GIAI_QUYET",
        target_operator=">=",
        target_value=98,
    ),
    IndicatorSpec(
        "MOT_CUA", "Triển khai cơ chế một cửa, một cửa liên thông", "đơn vị", kind="yes_no"
    ),
    IndicatorSpec(
        "THOA_THUAN_BCCI",
        "Đã ký thỏa thuận với Bưu điện tỉnh về dịch vụ bưu chính công ích (BCCI)",
        "đơn vị",
        kind="yes_no",
    ),
    IndicatorSpec("TTHC_BCCI", "Số TTHC đăng ký sử dụng dịch vụ BCCI", "TTHC"),
    IndicatorSpec("HO_SO_BCCI", "Số hồ sơ sử dụng dịch vụ BCCI (lũy kế)", "hồ sơ"),
    IndicatorSpec("PAKN_TIEP_NHAN", "Số phản ánh, kiến nghị về TTHC tiếp nhận", "PAKN"),
    IndicatorSpec("PAKN_DA_XU_LY", "Số phản ánh, kiến nghị đã xử lý, công khai", "PAKN"),
    IndicatorSpec("PAKN_DANG_XU_LY", "Số phản ánh, kiến nghị đang xử lý trong hạn", "PAKN"),
    IndicatorSpec("CBCCVC", "Số CBCCVC và người lao động", "người"),
    IndicatorSpec("CBCCVC_KE_KHAI", "Số CBCCVC và người lao động đã kê khai dữ liệu", "người"),
    IndicatorSpec(
        "TL_KE_KHAI",
        "Tỷ lệ CBCCVC đã kê khai dữ liệu",
        "%",
        kind="percent",
        combine="ratio",
        numerator="CBCCVC_KE_KHAI",
        denominator="CBCCVC",
        target_operator=">=",
        target_value=100,
    ),
    IndicatorSpec("CQ_TU_CHU", "Số cơ quan hành chính thực hiện cơ chế tự chủ", "cơ quan, đơn vị"),
    IndicatorSpec("DVSN_TU_CHU", "Số đơn vị sự nghiệp công lập thực hiện cơ chế tự chủ", "đơn vị"),
    IndicatorSpec("TRANG_TTDT", "Có Trang thông tin điện tử", "đơn vị", kind="yes_no"),
]

CHECKS = [
    CheckSpec(
        "GIAI_QUYET",
        "Đúng hạn + quá hạn = đã giải quyết",
        "GQ_DUNG_HAN + GQ_QUA_HAN = DA_GIAI_QUYET",
    ),
    CheckSpec(
        "DANG_GIAI_QUYET",
        "Trong hạn + quá hạn = đang giải quyết",
        "DGQ_TRONG_HAN + DGQ_QUA_HAN = DANG_GIAI_QUYET",
    ),
    CheckSpec(
        "TIEP_NHAN",
        "Đã giải quyết + đang giải quyết = tiếp nhận",
        "DA_GIAI_QUYET + DANG_GIAI_QUYET = TIEP_NHAN",
    ),
    CheckSpec(
        "PAKN",
        "Đã xử lý + đang xử lý = phản ánh, kiến nghị tiếp nhận",
        "PAKN_DA_XU_LY + PAKN_DANG_XU_LY = PAKN_TIEP_NHAN",
    ),
    CheckSpec("KE_KHAI", "Đã kê khai ≤ số CBCCVC", "CBCCVC_KE_KHAI <= CBCCVC"),
]

TYPED = [spec.code for spec in INDICATORS if not spec.computed]

SET_FILE = Path(__file__).parent / "data" / "bo-chi-tieu-cchc-2021.xlsx"
KIND_WORDS = {"count": "số đếm", "percent": "tỷ lệ %", "yes_no": "có/không"}
COMBINE_WORDS = {"sum": "cộng", "ratio": "tỷ lệ"}
# The workbook's properties carry no "now": the same data make the same file.
FIXED_TIME = datetime(2021, 1, 13, 8, 0)
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*<")


def _target(spec: IndicatorSpec) -> str:
    if not spec.target_operator:
        return ""
    return f"{'≥' if spec.target_operator == '>=' else spec.target_operator} {spec.target_value:g}"


def workbook_bytes() -> bytes:
    """The set as `tracker import-indicators` reads it (indicators.sets_table): the title rows,
    sheet "Chỉ tiêu" and sheet "Kiểm tra"."""
    book = Workbook()
    sheet = book.active
    sheet.title = INDICATORS_SHEET
    for label, value in (
        ("Tên bộ chỉ tiêu", SET_NAME),
        ("Mã bộ chỉ tiêu", SET_CODE),
        ("Năm", SET_YEAR),
        ("Kỳ báo cáo", "Hằng quý"),
    ):
        sheet.append([label, value])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([])
    sheet.append(list(INDICATOR_COLUMNS))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for spec in INDICATORS:
        sheet.append(
            [
                spec.code,
                spec.name,
                spec.measure,
                KIND_WORDS[spec.kind],
                COMBINE_WORDS[spec.combine],
                spec.numerator,
                spec.denominator,
                _target(spec),
            ]
        )
    for letter, width in zip("ABCDEFGH", (18, 60, 14, 12, 14, 16, 16, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    checks = book.create_sheet(CHECKS_SHEET)
    checks.append(list(CHECK_COLUMNS))
    for cell in checks[1]:
        cell.font = Font(bold=True)
    for check in CHECKS:
        checks.append([check.code, check.name, check.expression])
    for letter, width in zip("ABC", (18, 50, 50), strict=True):
        checks.column_dimensions[letter].width = width
    book.properties.created = book.properties.modified = FIXED_TIME
    out = BytesIO()
    book.save(out)
    return _fixed_zip_times(out.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The workbook's zip with every entry dated FIXED_TIME (openpyxl dates them now)."""
    out = BytesIO()
    with ZipFile(BytesIO(data)) as source, ZipFile(out, "w", ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = ZipInfo(info.filename, FIXED_TIME.timetuple()[:6])
            fixed.compress_type = ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl writes "modified" as now
                stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                content = MODIFIED.sub(rb"\g<1>" + stamp + b"<", content)
            target.writestr(fixed, content)
    return out.getvalue()


if __name__ == "__main__":
    SET_FILE.write_bytes(workbook_bytes())
    print(f"wrote {SET_FILE}")
