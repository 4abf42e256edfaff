"""The quarterly report's sentences of periodic figures, as the seed report writes them
(shared/seeds, Q3/2021): "Tính đến ngày 14/9/2021, … đã tiếp nhận 104.671 hồ sơ …".

Each sentence reads the indicators it names by code (the demo's set CCHC_QUY and the template
use these codes) and is left out when the set lacks one of them or no unit sent it. The text
is Vietnamese whatever the interface's language: the Ministry receives it so.
"""

from __future__ import annotations

from babel.numbers import format_decimal

from tracker.core.timeutil import format_date
from tracker.indicators import rules
from tracker.reports.indicator_figures import SetFigures

DOSSIERS = (
    "TIEP_NHAN",
    "DA_GIAI_QUYET",
    "GQ_DUNG_HAN",
    "GQ_QUA_HAN",
    "DANG_GIAI_QUYET",
    "DGQ_TRONG_HAN",
    "DGQ_QUA_HAN",
)
OPERATOR_WORDS = {">=": "≥", "<=": "≤", "=": "="}


def number(value) -> str:
    """104671 → "104.671"."""
    return format_decimal(int(round(value)), locale="vi")


def small(value) -> str:
    """A count under ten with its leading zero, as the report writes "09", "03"."""
    value = int(round(value))
    return f"{value:02d}" if 0 < value < 10 else number(value)


def percent(value) -> str:
    """A percentage as stored (0.56, 99.47, 100) → "0,56 %", "99,47 %", "100 %"."""
    return format_decimal(value, "#,##0.##", locale="vi") + " %"


def target_text(indicator) -> str:
    operator = OPERATOR_WORDS.get(indicator.target_operator, indicator.target_operator)
    return f"{operator} {percent(indicator.target_value)}"


def coverage(figures: SetFigures) -> str:
    """Who the totals are made of, when some units had not sent their figures."""
    if not figures.missing:
        return ""
    return (
        f" (số liệu của {number(figures.submitted)}/{number(figures.expected)} đơn vị đã gửi "
        f"báo cáo đến ngày {format_date(figures.as_of)})"
    )


def dossiers_sentence(figures: SetFigures) -> str | None:
    if not figures.has(*DOSSIERS):
        return None
    t = figures.totals
    overdue = t["GQ_QUA_HAN"] + t["DGQ_QUA_HAN"]
    share = rules.ratio(overdue, t["TIEP_NHAN"])
    text = (
        f"Tính đến ngày {format_date(figures.cut_off)}, các cơ quan hành chính nhà nước 3 cấp "
        f"(tỉnh, huyện, xã) đã tiếp nhận {number(t['TIEP_NHAN'])} hồ sơ trên Hệ thống thông "
        f"tin một cửa điện tử tỉnh, trong đó đã giải quyết {number(t['DA_GIAI_QUYET'])} hồ sơ "
        f"(giải quyết đúng và trước hạn {number(t['GQ_DUNG_HAN'])} hồ sơ, quá hạn "
        f"{number(t['GQ_QUA_HAN'])} hồ sơ); đang giải quyết {number(t['DANG_GIAI_QUYET'])} hồ "
        f"sơ (trong hạn {number(t['DGQ_TRONG_HAN'])} hồ sơ, quá hạn "
        f"{number(t['DGQ_QUA_HAN'])} hồ sơ), tổng số hồ sơ quá hạn trong kỳ là "
        f"{number(overdue)} hồ sơ"
    )
    if share is not None:
        text += f" (chiếm {percent(share)})"
    text += f"{coverage(figures)}."
    on_time = _indicator(figures, "TL_DUNG_HAN")
    if on_time is not None and figures.has("TL_DUNG_HAN"):
        text += f" Tỷ lệ hồ sơ giải quyết đúng và trước hạn đạt {percent(t['TL_DUNG_HAN'])}"
        met = figures.meets_target(on_time)
        if met is not None:
            verdict = "đạt" if met else "chưa đạt"
            text += f", {verdict} chỉ tiêu kế hoạch ({target_text(on_time)})"
        text += "."
    return text


def one_stop_sentence(figures: SetFigures) -> str | None:
    if not figures.has("MOT_CUA"):
        return None
    parts = []
    for level, words in (
        ("province", "sở, ban, ngành"),
        ("district", "huyện, thành phố, thị xã"),
        ("commune", "xã, phường, thị trấn"),
    ):
        sent = figures.sent_by_level.get(level, 0)
        if sent:
            yes = figures.by_level[level].get("MOT_CUA") or 0
            parts.append(f"{small(yes)}/{small(sent)} {words}")
    if not parts:
        return None
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} và {parts[-1]}"
    return (
        f"Toàn tỉnh có {listed} triển khai thực hiện cơ chế một cửa, một cửa liên thông"
        f"{coverage(figures)}."
    )


def postal_sentence(figures: SetFigures) -> str | None:
    sentences = []
    if figures.has("THOA_THUAN_BCCI"):
        province = figures.by_level["province"].get("THOA_THUAN_BCCI") or 0
        district = figures.by_level["district"].get("THOA_THUAN_BCCI") or 0
        sentences.append(
            "Đã ký kết thỏa thuận hợp tác triển khai dịch vụ bưu chính công ích (BCCI) giữa "
            f"Bưu điện tỉnh với {small(province)} sở, ban, ngành và {small(district)} UBND các "
            "huyện, thị xã, thành phố."
        )
    if figures.has("TTHC_BCCI", "HO_SO_BCCI"):
        t = figures.totals
        sentences.append(
            f"Tính đến ngày {format_date(figures.cut_off)}, số lượng TTHC đăng ký sử dụng dịch "
            f"vụ BCCI là {number(t['TTHC_BCCI'])}, số lượng hồ sơ sử dụng dịch vụ BCCI là "
            f"{number(t['HO_SO_BCCI'])}."
        )
    return " ".join(sentences) or None


def feedback_sentence(figures: SetFigures, quarter_label: str) -> str | None:
    if not figures.has("PAKN_TIEP_NHAN", "PAKN_DA_XU_LY", "PAKN_DANG_XU_LY"):
        return None
    t = figures.totals
    return (
        f"Trong {quarter_label}, tỉnh đã nhận được {small(t['PAKN_TIEP_NHAN'])} phản ánh, kiến "
        f"nghị của người dân, tổ chức về TTHC; trong đó đã xử lý, công khai "
        f"{small(t['PAKN_DA_XU_LY'])} phản ánh, kiến nghị; {small(t['PAKN_DANG_XU_LY'])} phản "
        "ánh, kiến nghị đang trong thời hạn giải quyết."
    )


def staff_sentence(figures: SetFigures) -> str | None:
    if not figures.has("CBCCVC_KE_KHAI", "TL_KE_KHAI"):
        return None
    t = figures.totals
    return (
        f"Đến nay, đã có {number(t['CBCCVC_KE_KHAI'])} CBCCVC và NLĐ kê khai dữ liệu vào Cơ sở "
        f"dữ liệu cán bộ, công chức, viên chức, đạt tỷ lệ {percent(t['TL_KE_KHAI'])}."
    )


def autonomy_sentence(figures: SetFigures) -> str | None:
    if not figures.has("CQ_TU_CHU", "DVSN_TU_CHU"):
        return None
    province, district = figures.by_level["province"], figures.by_level["district"]
    return (
        f"Có {number(province.get('CQ_TU_CHU') or 0)} cơ quan, đơn vị cấp tỉnh và "
        f"{number(district.get('CQ_TU_CHU') or 0)} cơ quan, đơn vị cấp huyện thực hiện cơ chế "
        f"tự chủ; {number(province.get('DVSN_TU_CHU') or 0)} đơn vị sự nghiệp công lập cấp tỉnh "
        f"và {number(district.get('DVSN_TU_CHU') or 0)} đơn vị sự nghiệp công lập cấp huyện "
        "thực hiện cơ chế tự chủ."
    )


def website_sentence(figures: SetFigures) -> str | None:
    if not figures.has("TRANG_TTDT") or not figures.submitted:
        return None
    having = figures.totals["TRANG_TTDT"]
    return (
        f"{percent(rules.ratio(having, figures.submitted))} các cơ quan, đơn vị, địa phương "
        f"({number(having)}/{number(figures.submitted)} đơn vị) có Trang thông tin điện tử."
    )


def sentences_by_area(figures: SetFigures, quarter_label: str) -> dict[str, list[str]]:
    """Reform area → the sentences of that area's part of section II."""
    found = {
        "procedures": [
            dossiers_sentence(figures),
            one_stop_sentence(figures),
            postal_sentence(figures),
            feedback_sentence(figures, quarter_label),
        ],
        "civil_service": [staff_sentence(figures)],
        "public_finance": [autonomy_sentence(figures)],
        "e_government": [website_sentence(figures)],
    }
    return {area: [s for s in texts if s] for area, texts in found.items()}


def _indicator(figures: SetFigures, code: str):
    return next((i for i in figures.indicators if i.code == code), None)
