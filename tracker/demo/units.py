"""Quảng Trị's units as of 2021, and Quảng Bình's districts and communes before the 2025 merger.

Districts and communes carry their official codes from the `vietnam-provinces` package (0.6.x,
the structure before the 2025 reform). Departments have no administrative code, so they get
short stable codes, the abbreviations the province itself writes (SNV for Sở Nội vụ).
Quảng Bình's departments are not in the package (nor in this tracker before 2025): left out.
"""

from __future__ import annotations

from datetime import date

from vietnam_provinces.enums.wards import WardEnum

PROVINCE_CODE = 45

OFFICE = (
    "VPUBND",
    "Văn phòng UBND tỉnh",
    "VP UBND tỉnh",
    ["VP UBND", "VPUBND", "Văn phòng UBND", "Văn phòng Ủy ban nhân dân tỉnh", "UBND tỉnh"],
)

# (code, official name, short name, aliases)
DEPARTMENTS = [
    ("SNV", "Sở Nội vụ", "Sở Nội vụ", ["SNV", "Sở NV"]),
    ("STP", "Sở Tư pháp", "Sở Tư pháp", ["STP", "Sở TP"]),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", ["Sở KHĐT", "Sở Kế hoạch - Đầu tư", "SKHĐT"]),
    ("STC", "Sở Tài chính", "Sở Tài chính", ["STC", "Sở TC"]),
    ("SCT", "Sở Công Thương", "Sở Công Thương", ["SCT", "Sở CT"]),
    (
        "SNNPTNT",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Sở NN&PTNT",
        ["Sở NNPTNT", "Sở Nông nghiệp", "SNN"],
    ),
    ("SGTVT", "Sở Giao thông vận tải", "Sở GTVT", ["Sở Giao thông", "SGTVT"]),
    ("SXD", "Sở Xây dựng", "Sở Xây dựng", ["SXD", "Sở XD"]),
    ("STNMT", "Sở Tài nguyên và Môi trường", "Sở TN&MT", ["Sở TNMT", "STNMT"]),
    (
        "STTTT",
        "Sở Thông tin và Truyền thông",
        "Sở TT&TT",
        ["Sở TTTT", "Sở Thông tin & Truyền thông", "STTTT"],
    ),
    (
        "SLDTBXH",
        "Sở Lao động - Thương binh và Xã hội",
        "Sở LĐ-TB&XH",
        ["Sở LĐTBXH", "Sở Lao động, Thương binh và Xã hội", "SLĐTBXH"],
    ),
    (
        "SVHTTDL",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở VH,TT&DL",
        ["Sở VHTTDL", "Sở Văn hóa - Thể thao và Du lịch", "SVHTTDL"],
    ),
    ("SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN", ["Sở KHCN", "SKHCN"]),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", ["Sở GDĐT", "SGDĐT", "Sở Giáo dục"]),
    ("SYT", "Sở Y tế", "Sở Y tế", ["SYT"]),
    ("SNGV", "Sở Ngoại vụ", "Sở Ngoại vụ", ["SNgV"]),
    ("TTT", "Thanh tra tỉnh", "Thanh tra tỉnh", ["TTr tỉnh", "Thanh tra"]),
    ("BDT", "Ban Dân tộc", "Ban Dân tộc", ["BDT", "Ban Dân tộc tỉnh"]),
    (
        "BQLKKT",
        "Ban Quản lý Khu kinh tế tỉnh",
        "BQL KKT",
        ["Ban Quản lý Khu kinh tế", "BQLKKT", "Ban QL KKT"],
    ),
]

# District-level units: official code, the name the province uses, short name, aliases.
DISTRICTS = [
    ("461", "UBND thành phố Đông Hà", "TP Đông Hà", ["Thành phố Đông Hà", "Đông Hà"]),
    ("462", "UBND thị xã Quảng Trị", "TX Quảng Trị", ["Thị xã Quảng Trị"]),
    ("464", "UBND huyện Vĩnh Linh", "Vĩnh Linh", ["Huyện Vĩnh Linh"]),
    ("465", "UBND huyện Hướng Hóa", "Hướng Hóa", ["Huyện Hướng Hóa"]),
    ("466", "UBND huyện Gio Linh", "Gio Linh", ["Huyện Gio Linh"]),
    ("467", "UBND huyện Đakrông", "Đakrông", ["Huyện Đakrông", "Huyện Đa Krông", "Đa Krông"]),
    ("468", "UBND huyện Cam Lộ", "Cam Lộ", ["Huyện Cam Lộ"]),
    ("469", "UBND huyện Triệu Phong", "Triệu Phong", ["Huyện Triệu Phong"]),
    ("470", "UBND huyện Hải Lăng", "Hải Lăng", ["Huyện Hải Lăng"]),
    # The island district has no communes and is missing from vietnam-provinces 0.6.
    ("471", "UBND huyện đảo Cồn Cỏ", "Cồn Cỏ", ["Huyện đảo Cồn Cỏ", "Huyện Cồn Cỏ"]),
]

# (code, name, aliases, member kinds or codes)
GROUPS = [
    (
        "SBN",
        "Các sở, ban, ngành",
        [
            "Các sở, ban ngành",
            "Sở, ban, ngành",
            "Các cơ quan chuyên môn thuộc UBND tỉnh",
            "Các sở ban ngành",
        ],
        ("office", "department"),
    ),
    (
        "HUYEN",
        "UBND các huyện, thị xã, thành phố",
        ["UBND cấp huyện", "UBND các huyện, thành phố, thị xã", "Các huyện, thị xã, thành phố"],
        ("district",),
    ),
    (
        "XA",
        "UBND cấp xã",
        ["UBND các xã, phường, thị trấn", "Các xã, phường, thị trấn"],
        ("commune",),
    ),
    (
        "LIENQUAN",
        "Các cơ quan, đơn vị liên quan",
        ["Các cơ quan liên quan", "Các đơn vị liên quan", "Các cơ quan, đơn vị có liên quan"],
        ("office", "department", "district"),
    ),
]

# Quảng Bình (province code 44 until 2025), merged into Quảng Trị on 1/7/2025. It had no
# tasks here before: its units exist so that the reorganisation has them as predecessors, and
# they join the province's groups only from the merger (seed.py).
QUANG_BINH_DISTRICTS = [
    ("450", "UBND thành phố Đồng Hới", "TP Đồng Hới", ["Thành phố Đồng Hới"]),
    ("452", "UBND huyện Minh Hóa", "Minh Hóa", ["Huyện Minh Hóa"]),
    ("453", "UBND huyện Tuyên Hóa", "Tuyên Hóa", ["Huyện Tuyên Hóa"]),
    ("454", "UBND huyện Quảng Trạch", "Quảng Trạch", ["Huyện Quảng Trạch"]),
    ("455", "UBND huyện Bố Trạch", "Bố Trạch", ["Huyện Bố Trạch"]),
    ("456", "UBND huyện Quảng Ninh", "Quảng Ninh", ["Huyện Quảng Ninh"]),
    ("457", "UBND huyện Lệ Thủy", "Lệ Thủy", ["Huyện Lệ Thủy"]),
    ("458", "UBND thị xã Ba Đồn", "TX Ba Đồn", ["Thị xã Ba Đồn"]),
]

VALID_FROM = date(2020, 1, 1)

# The package writes every commune's type as "xã"; its name says which it is.
DIVISION_PREFIXES = (("Phường ", "phuong"), ("Thị trấn ", "thi_tran"), ("Xã ", "xa"))


def division_type_of(official_name: str) -> str | None:
    for prefix, division_type in DIVISION_PREFIXES:
        if official_name.startswith(prefix):
            return division_type
    return None


def committee_name(official_name: str) -> str:
    """ "Xã Vĩnh Thái" → "UBND xã Vĩnh Thái", the name the province writes for the unit."""
    return f"UBND {official_name[0].lower()}{official_name[1:]}"


def communes(districts=None) -> list[tuple[str, str, str, str]]:
    """(code, name, short name, district code) of every commune of `districts` (Quảng Trị's
    by default) in the package's data. The short name is the official one as written ("Xã
    Vĩnh Thái", "Thị trấn Hồ Xá"); the name is the committee's ("UBND xã Vĩnh Thái")."""
    district_codes = {int(code) for code, *_ in (DISTRICTS if districts is None else districts)}
    rows = []
    for member in WardEnum:
        ward = member.value
        if ward.district_code in district_codes:
            rows.append(
                (str(ward.code), committee_name(ward.name), ward.name, str(ward.district_code))
            )
    return sorted(rows)
