"""A demo plan of the new Quảng Trị for 2026, as `tracker seed-demo` loads it after the 2025
reorganisation: shaped like the 2021 plan (plan_data.py), assigned to the units and groups of
its issue day (the merged departments, the 78 xã, phường and đặc khu).

Everything in it is demo data: no such plan text is used, its number and every document
number are illustrative, and its title and description say so. Its progress is dated up to
November 2026: some done, some late, a few overdue.
"""

from __future__ import annotations

from datetime import date

from tracker.demo.plan_data import _cancelled, _done, _open

DEMO = "Dữ liệu minh họa"
DEMO_NOTE = "Số, ngày văn bản minh họa."

# Communes named in overrides (codes of vietnam-provinces 2025): Phường Đồng Hới (the demo's
# post-2025 login), Đặc khu Cồn Cỏ, Xã Thượng Trạch, Xã A Dơi, Phường Đông Hà.
DONG_HOI, CON_CO, THUONG_TRACH, A_DOI, DONG_HA = "18880", "19742", "19147", "19483", "19333"


def _task(number, title, lead, cooperating, deadline_text, due_date, progress, **more) -> dict:
    recurrence = {"Thường xuyên": "continuous", "Hằng quý": "quarterly"}.get(deadline_text)
    return {
        "number": number,
        "title": title,
        "description": more.pop("description", f"{DEMO}: nhiệm vụ mẫu của kế hoạch năm 2026."),
        "lead": lead,
        "cooperating": cooperating,
        "deadline_text": deadline_text,
        "due_date": due_date,
        "recurrence": recurrence,
        "expected_output": more.pop("expected_output", "Văn bản, báo cáo kết quả"),
        "needs_confirmation": more.pop("needs_confirmation", recurrence is None),
        "progress": progress,
        **more,
    }


PLAN_2026 = {
    "code": "KH-CCHC-2026",
    "title": "Kế hoạch cải cách hành chính tỉnh Quảng Trị năm 2026 (dữ liệu minh họa)",
    "issuing_body": "UBND tỉnh Quảng Trị",
    "issued_on": date(2026, 1, 9),
    "year": 2026,
    "quarter": None,
    "description": (
        f"{DEMO}: kế hoạch mẫu của tỉnh Quảng Trị sau hợp nhất (từ 01/7/2025), giao cho các "
        "sở, ban, ngành và 78 xã, phường, đặc khu; không phải văn bản thật của tỉnh."
    ),
    # The day its paused and in-progress notes were written.
    "noted_on": date(2026, 10, 15),
    "sections": [
        {
            "number": "I",
            "title": "Công tác chỉ đạo, điều hành và tuyên truyền CCHC",
            "area": "direction",
            "tasks": [
                _task(
                    "I.1",
                    "Ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026",
                    ["SNV"],
                    ["SKHCN"],
                    "Tháng 1/2026",
                    date(2026, 1, 31),
                    _done(date(2026, 1, 20), "18/KH-UBND", note=DEMO_NOTE),
                ),
                _task(
                    "I.2",
                    "Ban hành Kế hoạch cải cách hành chính năm 2026 của cơ quan, đơn vị, địa "
                    "phương sau sắp xếp",
                    ["SBN", "XA"],
                    [],
                    "Tháng 2/2026",
                    date(2026, 2, 28),
                    _done(date(2026, 2, 12), "02/KH-UBND", note=DEMO_NOTE),
                    description=f"{DEMO}: mỗi sở, ban, ngành và UBND cấp xã được giao riêng.",
                    unit_progress={
                        DONG_HOI: _done(date(2026, 2, 6), "05/KH-UBND", note=DEMO_NOTE),
                        CON_CO: _done(date(2026, 3, 16), "03/KH-UBND", note=DEMO_NOTE),
                        THUONG_TRACH: _open(60, "Đang hoàn thiện dự thảo kế hoạch."),
                        A_DOI: _open(0, "", state="not_started"),
                    },
                ),
                _task(
                    "I.3",
                    "Báo cáo định kỳ tình hình, kết quả thực hiện công tác cải cách hành chính",
                    ["SNV"],
                    ["SBN"],
                    "Hằng quý",
                    None,
                    _open(75, "Đã gửi báo cáo Quý I, II, III."),
                ),
                _task(
                    "I.4",
                    "Kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị, địa phương",
                    ["SNV"],
                    ["VPUBND"],
                    "Quý III/2026",
                    date(2026, 9, 30),
                    _done(date(2026, 10, 14), "412/BC-SNV", note=f"Hoàn thành chậm. {DEMO_NOTE}"),
                ),
            ],
        },
        {
            "number": "II",
            "title": "Cải cách thể chế",
            "area": "institutions",
            "tasks": [
                _task(
                    "II.1",
                    "Rà soát, hệ thống hóa văn bản quy phạm pháp luật của HĐND, UBND tỉnh Quảng "
                    "Bình và tỉnh Quảng Trị (trước hợp nhất) còn hiệu lực",
                    ["STP"],
                    ["SBN"],
                    "6 tháng đầu năm",
                    date(2026, 6, 30),
                    _done(
                        date(2026, 9, 22),
                        "1375/QĐ-UBND",
                        note=f"Hoàn thành trong thời hạn gia hạn. {DEMO_NOTE}",
                        extension={
                            "requested_on": date(2026, 6, 15),
                            "requested_date": date(2026, 9, 30),
                            "reason": "Số văn bản của hai tỉnh cần rà soát lớn hơn dự kiến.",
                            "decided_on": date(2026, 6, 19),
                            "approved": True,
                        },
                    ),
                ),
                _task(
                    "II.2",
                    "Theo dõi tình hình thi hành pháp luật năm 2026",
                    ["STP"],
                    ["SBN"],
                    "Năm 2026",
                    date(2026, 12, 31),
                    _open(60, "Đã tổng hợp báo cáo của các sở, ngành."),
                ),
            ],
        },
        {
            "number": "III",
            "title": "Cải cách thủ tục hành chính",
            "area": "procedures",
            "tasks": [
                _task(
                    "III.1",
                    "Công bố danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của UBND "
                    "cấp xã sau sắp xếp",
                    ["VPUBND"],
                    ["SBN"],
                    "Quý I/2026",
                    date(2026, 3, 31),
                    _done(date(2026, 3, 25), "512/QĐ-UBND", note=DEMO_NOTE),
                ),
                _task(
                    "III.2",
                    "Tiếp nhận, giải quyết hồ sơ thủ tục hành chính tại Bộ phận Một cửa cấp xã, "
                    "bảo đảm đúng hạn",
                    ["XA"],
                    [],
                    "Thường xuyên",
                    None,
                    _open(50, "Đang thực hiện."),
                ),
                _task(
                    "III.3",
                    "Rà soát, đơn giản hóa thủ tục hành chính nội bộ giữa các cơ quan hành "
                    "chính nhà nước của tỉnh",
                    ["VPUBND"],
                    ["SBN"],
                    "Quý II/2026",
                    date(2026, 6, 30),
                    _open(
                        40,
                        "Chưa hoàn thành phương án đơn giản hóa.",
                        extension={
                            "requested_on": date(2026, 6, 22),
                            "requested_date": date(2026, 8, 31),
                            "reason": "Chờ các sở hoàn thành rà soát quy trình nội bộ.",
                            "decided_on": date(2026, 6, 26),
                            "approved": False,
                        },
                    ),
                ),
            ],
        },
        {
            "number": "IV",
            "title": "Cải cách tổ chức bộ máy hành chính nhà nước",
            "area": "organization",
            "tasks": [
                _task(
                    "IV.1",
                    "Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của các sở sau "
                    "hợp nhất",
                    ["SNV"],
                    ["SBN"],
                    "Quý I/2026",
                    date(2026, 3, 31),
                    _done(date(2026, 4, 20), "25/2026/QĐ-UBND", note=f"Chậm. {DEMO_NOTE}"),
                ),
                _task(
                    "IV.2",
                    "Sắp xếp, kiện toàn các đơn vị sự nghiệp công lập thuộc UBND cấp xã",
                    ["SNV"],
                    ["XA"],
                    "Quý III/2026",
                    date(2026, 9, 30),
                    _open(30, "Tạm dừng chờ hướng dẫn của Bộ Nội vụ.", state="paused"),
                ),
            ],
        },
        {
            "number": "V",
            "title": "Cải cách chế độ công vụ",
            "area": "civil_service",
            "tasks": [
                _task(
                    "V.1",
                    "Bố trí, sử dụng cán bộ, công chức cấp xã theo vị trí việc làm sau sắp xếp",
                    ["SNV"],
                    ["XA"],
                    "Tháng 10 và tháng 11/2026",
                    date(2026, 11, 30),
                    _open(80, "Còn một số xã chưa phê duyệt đề án vị trí việc làm."),
                ),
            ],
        },
        {
            "number": "VI",
            "title": "Cải cách tài chính công",
            "area": "public_finance",
            "tasks": [
                _task(
                    "VI.1",
                    "Giao dự toán ngân sách năm 2026 cho các xã, phường, đặc khu",
                    ["STC"],
                    [],
                    "Tháng 1/2026",
                    date(2026, 1, 31),
                    _done(date(2026, 1, 15), "95/QĐ-UBND", note=DEMO_NOTE),
                ),
                _task(
                    "VI.2",
                    "Hướng dẫn quyết toán ngân sách của các huyện đã giải thể",
                    ["STC"],
                    [],
                    "Quý II/2026",
                    date(2026, 6, 30),
                    _cancelled(
                        date(2026, 4, 10),
                        "Đã thực hiện theo văn bản riêng của UBND tỉnh; hủy giao nhiệm vụ.",
                    ),
                ),
            ],
        },
        {
            "number": "VII",
            "title": "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
            "area": "e_government",
            "tasks": [
                _task(
                    "VII.1",
                    "Kết nối, chia sẻ dữ liệu giữa Hệ thống thông tin giải quyết thủ tục hành "
                    "chính của tỉnh với Cơ sở dữ liệu quốc gia về dân cư",
                    ["SKHCN"],
                    ["VPUBND", "SNV"],
                    "Quý II/2026",
                    date(2026, 6, 30),
                    _done(date(2026, 6, 15), "88/BC-SKHCN", note=DEMO_NOTE),
                ),
                _task(
                    "VII.2",
                    "Triển khai hệ thống quản lý văn bản và điều hành liên thông đến 78 xã, "
                    "phường, đặc khu",
                    ["SKHCN"],
                    ["XA"],
                    "Quý III, IV/2026",
                    date(2026, 12, 31),
                    _open(65, "Đã kết nối 51/78 đơn vị."),
                ),
            ],
        },
    ],
}
