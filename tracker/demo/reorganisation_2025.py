"""What happened to the demo province in 2025, as data: the departments merged from 1/3/2025,
and from 1/7/2025 Quảng Bình merged into Quảng Trị, the districts abolished and the communes
rearranged into 78 (Nghị quyết 1680/NQ-UBTVQH15).

The change itself is the table tracker/demo/data/reorganisation-2025-07-01.csv, in the format
`tracker reorganise` reads; `table_rows()` builds it from the data below and from the
vendored snapshot of the 78 communes (data/quang-tri-2025-communes.json, which says where each
part comes from). Regenerate the table with `python -m tracker.demo.reorganisation_2025`.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from functools import cache
from pathlib import Path

from tracker.demo.units import committee_name

DATA = Path(__file__).parent / "data"
COMMUNES_FILE = DATA / "quang-tri-2025-communes.json"
TABLE_FILE = DATA / "reorganisation-2025-07-01.csv"

DEPARTMENTS_DAY = date(2025, 3, 1)
MERGER_DAY = date(2025, 7, 1)

COLUMNS = (
    "Ngày hiệu lực",
    "Hình thức",
    "Đơn vị cũ",
    "Đơn vị mới",
    "Tên đơn vị mới",
    "Loại",
    "Văn bản",
    "Ghi chú",
)

DEPARTMENTS_DECISION = (
    "Nghị quyết của HĐND tỉnh Quảng Trị ngày 20/02/2025 (kỳ họp thứ 29) về thành lập, tổ chức "
    "lại các cơ quan chuyên môn thuộc UBND tỉnh theo Nghị định 45/2025/NĐ-CP (số hiệu nghị "
    "quyết: dữ liệu minh họa)"
)
COMMUNES_DECISION = (
    "Nghị quyết số 1680/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội về việc sắp "
    "xếp các đơn vị hành chính cấp xã của tỉnh Quảng Trị năm 2025"
)
# The districts' successors are the demo's choice (no decision names them): the text says so.
DISTRICTS_DECISION = (
    "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội; Luật Tổ chức chính quyền địa "
    "phương số 72/2025/QH15 (không tổ chức cấp huyện). Việc còn dở của huyện chuyển xã, phường "
    "nơi đặt trụ sở hoặc mang tên huyện cũ (lựa chọn của dữ liệu minh họa)"
)
DISTRICT_NOTE = "Việc còn dở của huyện chuyển xã, phường {why}: lựa chọn của dữ liệu minh họa."

# (Hình thức, old codes, new code, new name or "" when the name stays, note). A department
# that goes on keeps its code; a new one gets a new code.
DEPARTMENT_CHANGES = [
    ("sáp nhập", ["SKHDT"], "STC", "", "Sở Kế hoạch và Đầu tư hợp nhất vào Sở Tài chính."),
    ("sáp nhập", ["SGTVT"], "SXD", "", "Sở Giao thông vận tải hợp nhất vào Sở Xây dựng."),
    (
        "hợp nhất",
        ["SNNPTNT", "STNMT"],
        "SNNMT",
        "Sở Nông nghiệp và Môi trường",
        "Hợp nhất Sở Nông nghiệp và PTNT với Sở Tài nguyên và Môi trường.",
    ),
    (
        "sáp nhập",
        ["STTTT"],
        "SKHCN",
        "",
        "Sở Thông tin và Truyền thông hợp nhất vào Sở Khoa học và Công nghệ; phần báo chí, "
        "xuất bản chuyển Sở Văn hóa, Thể thao và Du lịch (bảng không ghi phần này).",
    ),
    (
        "sáp nhập",
        ["SLDTBXH"],
        "SNV",
        "",
        "Sở Lao động - Thương binh và Xã hội hợp nhất vào Sở Nội vụ; giáo dục nghề nghiệp "
        "chuyển Sở Giáo dục và Đào tạo, bảo trợ xã hội, trẻ em chuyển Sở Y tế (bảng không ghi "
        "các phần này).",
    ),
    (
        "hợp nhất",
        ["BDT"],
        "SDTTG",
        "Sở Dân tộc và Tôn giáo",
        "Tổ chức lại Ban Dân tộc, nhận thêm quản lý nhà nước về tôn giáo từ Sở Nội vụ.",
    ),
]

# District → the commune or ward of 2025 that its open work goes to, and why that one: where
# the district's seat was, or (a city or town) the one that bears its name. The island
# district Cồn Cỏ became the special zone (đặc khu) itself: it is in the communes' data.
SEAT = "nơi đặt trụ sở huyện cũ ({})"
NAMESAKE = "mang tên {} cũ"
DISTRICT_SUCCESSORS = [
    ("461", "19333", NAMESAKE.format("thành phố Đông Hà")),
    ("462", "19360", NAMESAKE.format("thị xã Quảng Trị")),
    ("464", "19363", SEAT.format("thị trấn Hồ Xá")),
    ("465", "19429", SEAT.format("thị trấn Khe Sanh")),
    ("466", "19495", SEAT.format("thị trấn Gio Linh")),
    ("467", "19555", SEAT.format("thị trấn Krông Klang")),
    ("468", "19597", SEAT.format("thị trấn Cam Lộ")),
    ("469", "19624", SEAT.format("thị trấn Ái Tử")),
    ("470", "19681", SEAT.format("thị trấn Diên Sanh")),
    ("450", "18880", NAMESAKE.format("thành phố Đồng Hới")),
    ("452", "18901", SEAT.format("thị trấn Quy Đạt")),
    ("453", "18949", SEAT.format("thị trấn Đồng Lê")),
    ("454", "19057", NAMESAKE.format("huyện Quảng Trạch")),
    ("455", "19111", SEAT.format("thị trấn Hoàn Lão")),
    ("456", "19207", SEAT.format("thị trấn Quán Hàu")),
    ("457", "19249", SEAT.format("thị trấn Kiến Giang")),
    ("458", "19009", NAMESAKE.format("thị xã Ba Đồn")),
]

# The snapshot's division types (as vietnam-provinces writes them) → the table's Loại.
KIND_WORDS = {"xã": "xã", "phường": "phường", "đặc khu": "đặc khu"}


@cache
def communes_2025() -> dict:
    """The vendored snapshot: the 78 communes of 2025 and their predecessors."""
    return json.loads(COMMUNES_FILE.read_text(encoding="utf-8"))


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def department_rows() -> list[list[str]]:
    return [
        [_day(DEPARTMENTS_DAY), form, ";".join(olds), new, name, "sở", DEPARTMENTS_DECISION, note]
        for form, olds, new, name, note in DEPARTMENT_CHANGES
    ]


def commune_rows() -> list[list[str]]:
    """A merger per new commune; none for the one the resolution left as it was (xã Tân
    Thành, huyện Minh Hóa), which goes on under its name. The island district Cồn Cỏ became
    the special zone whole: the zone is founded and the district closes into it (a merger
    would create it among the districts' groups, and mark its one predecessor as partial)."""
    rows = []
    for commune in communes_2025()["communes"]:
        olds = [p["code"] for p in commune["predecessors"]]
        if olds == [commune["code"]]:
            continue
        name = committee_name(commune["name"])
        kind = KIND_WORDS[commune["division_type"]]
        note = f"Điều 1, khoản {commune['resolution_item']}."
        day = _day(MERGER_DAY)
        if commune["kept_code_of"]:
            note += f" Giữ mã của {_name_of(commune, commune['kept_code_of'])}."
        elif all(p["district_code"] is None for p in commune["predecessors"]):
            rows.append(
                [day, "thành lập", "", commune["code"], name, kind, COMMUNES_DECISION, note]
            )
            rows.append(
                [
                    day,
                    "giải thể",
                    ";".join(olds),
                    commune["code"],
                    "",
                    "",
                    COMMUNES_DECISION,
                    f"{note} Toàn bộ huyện sắp xếp thành {_lower_first(commune['name'])}.",
                ]
            )
            continue
        rows.append(
            [day, "hợp nhất", ";".join(olds), commune["code"], name, kind, COMMUNES_DECISION, note]
        )
    return rows


def _name_of(commune: dict, code: str) -> str:
    return _lower_first(next(p["name"] for p in commune["predecessors"] if p["code"] == code))


def _lower_first(name: str) -> str:
    return f"{name[0].lower()}{name[1:]}"


def district_rows() -> list[list[str]]:
    return [
        [
            _day(MERGER_DAY),
            "giải thể",
            district,
            successor,
            "",
            "",
            DISTRICTS_DECISION,
            DISTRICT_NOTE.format(why=why),
        ]
        for district, successor, why in DISTRICT_SUCCESSORS
    ]


def table_rows() -> list[list[str]]:
    return [list(COLUMNS), *department_rows(), *commune_rows(), *district_rows()]


def table_bytes() -> bytes:
    """The table as the shipped file holds it: UTF-8 with a byte-order mark (so that a
    spreadsheet opens it right), every cell quoted (the cells hold commas and semicolons)."""
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(table_rows())
    return buffer.getvalue().encode("utf-8-sig")


if __name__ == "__main__":
    TABLE_FILE.write_bytes(table_bytes())
    print(f"wrote {TABLE_FILE}")
