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

from dataclasses import dataclass

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
