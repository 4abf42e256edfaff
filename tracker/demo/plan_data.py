"""Demo plans of Quảng Trị for 2021, as `tracker seed-demo` loads them.

PLAN_5959 is the provincial administrative-reform plan of 2021 (Quyết định số 5959/QĐ-UBND).
Its text is not public, so its task list is reconstructed from the Q3/2021 report of UBND tỉnh
Quảng Trị (shared/seeds): what the report says was planned or done, by whom, with which
document. Each task's "progress" is the state of every lead assignment as of 30/9/2021, the
report's date; "unit_progress" overrides it for some units of a group-assigned task.

Document numbers that the report cites are real (77/KH-UBND, 109/KH-UBND, 500/QĐ-UBND,
1567/QĐ-UBND); the others are illustrative and their note says so.

PLAN_Q4_2021 holds the five priorities of section V of the same report.
"""

from __future__ import annotations

from datetime import date

RECONSTRUCTED = (
    "Tái dựng từ Báo cáo tình hình CCHC Quý III/2021 của UBND tỉnh Quảng Trị; "
    "văn bản gốc của Kế hoạch không được công bố."
)
ILLUSTRATIVE = "Số, ngày văn bản minh họa (báo cáo Quý III không nêu)."


def _rec(detail: str = "") -> str:
    """A task description: the reconstruction notice, then what the report says."""
    return f"{RECONSTRUCTED} {detail}".strip()


def _done(
    completed_on: date,
    number: str,
    document_date: date | None = None,
    note: str = "",
    *,
    url: str | None = None,
    awaiting: bool = False,
    extension: dict | None = None,
) -> dict:
    progress = {
        "state": "awaiting_confirmation" if awaiting else "done",
        "progress": 100,
        "completed_on": completed_on,
        "evidence": {
            "document_number": number,
            "document_date": document_date or completed_on,
            "url": url,
        },
        "note": note,
    }
    if extension:
        progress["extension"] = extension
    return progress


def _open(
    progress: int, note: str, *, state: str = "in_progress", extension: dict | None = None
) -> dict:
    """Not done as of 30/9/2021: not started, in progress or paused."""
    result = {
        "state": state,
        "progress": progress,
        "completed_on": None,
        "evidence": None,
        "note": note,
    }
    if extension:
        result["extension"] = extension
    return result


def _cancelled(cancelled_on: date, note: str) -> dict:
    return {
        "state": "cancelled",
        "progress": 0,
        "completed_on": None,
        "evidence": None,
        "note": note,
        "cancelled_on": cancelled_on,
    }


PLAN_5959 = {
    "code": "5959/QĐ-UBND",
    "title": "Kế hoạch cải cách hành chính nhà nước tỉnh Quảng Trị năm 2021",
    "issuing_body": "UBND tỉnh Quảng Trị",
    "issued_on": date(2020, 12, 31),
    "year": 2021,
    "quarter": None,
    "description": (
        f"{RECONSTRUCTED} Báo cáo chỉ nêu số hiệu Quyết định số 5959/QĐ-UBND; ngày ban hành "
        "31/12/2020, danh mục nhiệm vụ, cơ quan chủ trì, phối hợp, thời hạn và sản phẩm là "
        "dữ liệu minh họa dựng lại từ các nội dung báo cáo nêu là đã thực hiện."
    ),
    "sections": [
        {
            "number": "I",
            "title": "Công tác chỉ đạo, điều hành và tuyên truyền CCHC",
            "area": "direction",
            "tasks": [
                {
                    "number": "I.1",
                    "title": (
                        "Ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2021 "
                        "trên địa bàn tỉnh Quảng Trị"
                    ),
                    "description": _rec("Báo cáo nêu Kế hoạch số 77/KH-UBND ngày 13/01/2021."),
                    "lead": ["SNV"],
                    "cooperating": ["STTTT"],
                    "deadline_text": "Tháng 1/2021",
                    "due_date": date(2021, 1, 31),
                    "recurrence": None,
                    "expected_output": "Kế hoạch của UBND tỉnh",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 1, 13),
                        "77/KH-UBND",
                        date(2021, 1, 13),
                        "UBND tỉnh đã ban hành Kế hoạch tuyên truyền CCHC năm 2021.",
                    ),
                },
                {
                    "number": "I.2",
                    "title": (
                        "Tuyên truyền, phổ biến về cải cách hành chính trên báo chí, Đài Phát "
                        "thanh và Truyền hình tỉnh, hệ thống thông tin cơ sở và trang thông "
                        "tin điện tử của các cơ quan, đơn vị"
                    ),
                    "description": _rec(
                        "Sở TT&TT hướng dẫn các cơ quan báo chí tại giao ban báo chí; chuyên "
                        "mục “Pháp luật và đời sống”, “An sinh xã hội”."
                    ),
                    "lead": ["STTTT"],
                    "cooperating": ["LIENQUAN"],
                    "deadline_text": "Thường xuyên",
                    "due_date": None,
                    "recurrence": "continuous",
                    "expected_output": "Tin, bài, phóng sự, chuyên mục về CCHC",
                    "needs_confirmation": False,
                    "progress": _open(
                        75,
                        "Quý III: phóng sự về dịch vụ công trực tuyến mức độ cao và bưu chính "
                        "công ích; bài viết về giải pháp nâng cao chất lượng CCHC 2021-2030.",
                    ),
                },
                {
                    "number": "I.3",
                    "title": (
                        "Ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2021; "
                        "thành lập Đoàn kiểm tra CCHC của tỉnh"
                    ),
                    "description": _rec(
                        "Báo cáo nêu UBND tỉnh đã ban hành Kế hoạch kiểm tra CCHC năm 2021 và "
                        "quyết định thành lập Đoàn kiểm tra."
                    ),
                    "lead": ["SNV"],
                    "cooperating": ["VPUBND", "STP", "STTTT"],
                    "deadline_text": "Quý I/2021",
                    "due_date": date(2021, 3, 31),
                    "recurrence": None,
                    "expected_output": "Kế hoạch và Quyết định thành lập Đoàn kiểm tra",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 3, 12),
                        "86/KH-UBND",
                        date(2021, 3, 12),
                        f"Đã ban hành Kế hoạch kiểm tra CCHC năm 2021. {ILLUSTRATIVE}",
                    ),
                },
                {
                    "number": "I.4",
                    "title": (
                        "Kiểm tra công tác cải cách hành chính tại các sở, ban, ngành, UBND "
                        "cấp huyện, cấp xã theo Kế hoạch kiểm tra năm 2021"
                    ),
                    "description": _rec(
                        "Báo cáo nêu việc kiểm tra được thực hiện phù hợp với tình hình phòng, "
                        "chống dịch Covid-19."
                    ),
                    "lead": ["SNV"],
                    "cooperating": ["VPUBND", "STP", "STTTT"],
                    "deadline_text": "Năm 2021",
                    "due_date": date(2021, 12, 31),
                    "recurrence": None,
                    "expected_output": "Thông báo kết quả kiểm tra; Báo cáo của Đoàn kiểm tra",
                    "needs_confirmation": True,
                    "progress": _open(
                        50,
                        "Điều chỉnh hình thức, thời gian kiểm tra phù hợp với tình hình dịch "
                        "Covid-19.",
                    ),
                },
                {
                    "number": "I.5",
                    "title": (
                        "Phân tích, đánh giá kết quả Chỉ số CCHC (PAR INDEX) và Chỉ số hài lòng "
                        "(SIPAS) năm 2020 của tỉnh; tham mưu văn bản chỉ đạo khắc phục hạn chế"
                    ),
                    "description": _rec(
                        "Báo cáo nêu Sở Nội vụ đã báo cáo phân tích chi tiết PAR INDEX, SIPAS "
                        "2020 và tham mưu văn bản chỉ đạo rà soát, chấn chỉnh."
                    ),
                    "lead": ["SNV"],
                    "cooperating": ["VPUBND"],
                    "deadline_text": "Tháng 7/2021",
                    "due_date": date(2021, 7, 31),
                    "recurrence": None,
                    "expected_output": (
                        "Báo cáo phân tích của Sở Nội vụ; văn bản chỉ đạo của UBND tỉnh"
                    ),
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 8, 12),
                        "215/BC-SNV",
                        date(2021, 8, 12),
                        f"Hoàn thành chậm so với kế hoạch. {ILLUSTRATIVE}",
                        extension={
                            "requested_on": date(2021, 7, 26),
                            "requested_date": date(2021, 8, 31),
                            "reason": (
                                "Cần thêm thời gian phân tích số liệu chi tiết theo từng tiêu "
                                "chí, tiêu chí thành phần của PAR INDEX và SIPAS 2020."
                            ),
                            "decided_on": date(2021, 7, 29),
                            "approved": False,
                        },
                    ),
                },
                {
                    "number": "I.6",
                    "title": (
                        "Tham mưu xây dựng Chương trình hành động, Kế hoạch cải cách hành chính "
                        "tỉnh Quảng Trị giai đoạn 2021-2025, định hướng đến năm 2030"
                    ),
                    "description": _rec(
                        "Báo cáo nêu Sở Nội vụ trình UBND tỉnh ban hành ngay sau khi Tỉnh ủy "
                        "ban hành Nghị quyết về đẩy mạnh CCHC giai đoạn 2021-2025."
                    ),
                    "lead": ["SNV"],
                    "cooperating": ["LIENQUAN"],
                    "deadline_text": "Quý II/2021",
                    "due_date": date(2021, 6, 30),
                    "recurrence": None,
                    "expected_output": "Chương trình hành động, Kế hoạch CCHC giai đoạn 2021-2025",
                    "needs_confirmation": True,
                    "progress": _open(
                        80,
                        "Đã hoàn thành dự thảo; chờ Nghị quyết của Tỉnh ủy để trình UBND tỉnh.",
                        extension={
                            "requested_on": date(2021, 6, 21),
                            "requested_date": date(2021, 10, 5),
                            "reason": (
                                "Chờ Chính phủ ban hành Chương trình tổng thể CCHC nhà nước giai "
                                "đoạn 2021-2030 và Tỉnh ủy ban hành Nghị quyết về đẩy mạnh CCHC "
                                "giai đoạn 2021-2025."
                            ),
                            "decided_on": date(2021, 6, 28),
                            "approved": True,
                        },
                    ),
                },
                {
                    "number": "I.7",
                    "title": (
                        "Ban hành Kế hoạch cải cách hành chính năm 2021 và Kế hoạch tuyên truyền "
                        "CCHC năm 2021 của cơ quan, đơn vị, địa phương"
                    ),
                    "description": _rec(
                        "Mỗi sở, ban, ngành và UBND cấp huyện được giao riêng và theo dõi riêng."
                    ),
                    "lead": ["SBN", "HUYEN"],
                    "cooperating": [],
                    "deadline_text": "Tháng 2/2021",
                    "due_date": date(2021, 2, 28),
                    "recurrence": None,
                    "expected_output": "Kế hoạch CCHC năm 2021 của đơn vị",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 2, 5),
                        "01/KH-CCHC",
                        date(2021, 2, 5),
                        f"Đã ban hành Kế hoạch CCHC năm 2021 của đơn vị. {ILLUSTRATIVE}",
                    ),
                    "unit_progress": {
                        "SNV": _done(
                            date(2021, 1, 20),
                            "12/KH-SNV",
                            date(2021, 1, 20),
                            f"Ban hành đúng hạn. {ILLUSTRATIVE}",
                        ),
                        "STTTT": _done(
                            date(2021, 1, 22),
                            "08/KH-STTTT",
                            date(2021, 1, 22),
                            f"Ban hành đúng hạn. {ILLUSTRATIVE}",
                        ),
                        "461": _done(
                            date(2021, 1, 29),
                            "25/KH-UBND",
                            date(2021, 1, 29),
                            f"UBND thành phố Đông Hà ban hành đúng hạn. {ILLUSTRATIVE}",
                        ),
                        "SGTVT": _done(
                            date(2021, 3, 5),
                            "19/KH-SGTVT",
                            date(2021, 3, 5),
                            f"Ban hành chậm. {ILLUSTRATIVE}",
                        ),
                        "465": _done(
                            date(2021, 3, 12),
                            "41/KH-UBND",
                            date(2021, 3, 12),
                            f"UBND huyện Hướng Hóa ban hành chậm. {ILLUSTRATIVE}",
                        ),
                        "471": _done(
                            date(2021, 9, 20),
                            "07/KH-UBND",
                            date(2021, 9, 20),
                            f"Đã gửi Kế hoạch, chờ Văn phòng UBND tỉnh xác nhận. {ILLUSTRATIVE}",
                            awaiting=True,
                        ),
                    },
                },
                {
                    "number": "I.8",
                    "title": (
                        "Tổ chức Cuộc thi trực tuyến tìm hiểu về cải cách hành chính cho cán "
                        "bộ, công chức, viên chức trong tỉnh"
                    ),
                    "description": _rec(
                        "Báo cáo nêu Kế hoạch tổ chức cuộc thi trực tuyến tìm hiểu Chương trình "
                        "tổng thể CCHC nhà nước giai đoạn 2021-2030, triển khai trong tháng 10 "
                        "và tháng 11/2021."
                    ),
                    "lead": ["SNV"],
                    "cooperating": ["STTTT"],
                    "deadline_text": "Tháng 10 và tháng 11/2021",
                    "due_date": date(2021, 11, 30),
                    "recurrence": None,
                    "expected_output": "Kế hoạch tổ chức cuộc thi; Quyết định khen thưởng",
                    "needs_confirmation": True,
                    "progress": _open(
                        30,
                        "Đã xây dựng Kế hoạch tổ chức cuộc thi theo Nghị quyết số 76/NQ-CP.",
                    ),
                },
                {
                    "number": "I.9",
                    "title": (
                        "Khảo sát, đo lường sự hài lòng của người dân, tổ chức đối với sự phục "
                        "vụ của cơ quan hành chính nhà nước trên địa bàn tỉnh năm 2021"
                    ),
                    "description": _rec(),
                    "lead": ["SNV"],
                    "cooperating": ["VPUBND", "HUYEN"],
                    "deadline_text": "Quý III, IV/2021",
                    "due_date": date(2021, 12, 31),
                    "recurrence": None,
                    "expected_output": "Báo cáo kết quả khảo sát",
                    "needs_confirmation": True,
                    "progress": _open(
                        20,
                        "Tạm dừng phát phiếu khảo sát trực tiếp do dịch Covid-19; triển khai "
                        "lại trong Quý IV.",
                        state="paused",
                    ),
                },
                {
                    "number": "I.10",
                    "title": (
                        "Tổ chức đoàn công tác học tập kinh nghiệm cải cách hành chính tại một "
                        "số tỉnh, thành phố"
                    ),
                    "description": _rec(),
                    "lead": ["SNV"],
                    "cooperating": ["VPUBND"],
                    "deadline_text": "Quý II/2021",
                    "due_date": date(2021, 6, 30),
                    "recurrence": None,
                    "expected_output": "Báo cáo kết quả đoàn công tác",
                    "needs_confirmation": True,
                    "progress": _cancelled(
                        date(2021, 5, 14),
                        "Hủy do diễn biến phức tạp của dịch Covid-19; UBND tỉnh đồng ý không "
                        "tổ chức.",
                    ),
                },
                {
                    "number": "I.11",
                    "title": (
                        "Báo cáo định kỳ tình hình, kết quả thực hiện cải cách hành chính gửi "
                        "Sở Nội vụ tổng hợp, báo cáo UBND tỉnh và Bộ Nội vụ"
                    ),
                    "description": _rec(
                        "Theo Công văn số 6459/BNV-CCHC ngày 07/12/2020 của Bộ Nội vụ."
                    ),
                    "lead": ["SNV"],
                    "cooperating": ["LIENQUAN"],
                    "deadline_text": "Hằng quý",
                    "due_date": None,
                    "recurrence": "quarterly",
                    "expected_output": "Báo cáo CCHC quý, 6 tháng, năm",
                    "needs_confirmation": False,
                    "progress": _open(
                        75, "Đã báo cáo Quý I và 6 tháng; đang tổng hợp báo cáo Quý III."
                    ),
                    # Sở Nội vụ's own checkpoints (the cooperating units' are drawn:
                    # tracker.demo.checkpoint_progress).
                    "checkpoints": {
                        "2021-Q1": _done(date(2021, 3, 12), "68/BC-SNV", note=ILLUSTRATIVE),
                        "2021-Q2": _done(date(2021, 6, 18), "152/BC-SNV", note=ILLUSTRATIVE),
                        "2021-Q3": _open(75, "Đang tổng hợp báo cáo Quý III."),
                    },
                },
                {
                    "number": "I.12",
                    "title": "Báo cáo định kỳ công tác CCHC hằng quý",
                    "description": _rec(
                        "Số liệu theo Bộ chỉ tiêu báo cáo định kỳ CCHC (CCHC_QUY): hồ sơ TTHC "
                        "tiếp nhận, giải quyết, một cửa, BCCI, phản ánh kiến nghị, kê khai dữ "
                        "liệu CBCCVC, tự chủ, trang thông tin điện tử; mỗi đơn vị gửi trên "
                        "trang Số liệu định kỳ trước ngày 15 tháng cuối quý."
                    ),
                    "lead": ["SBN", "HUYEN", "XA"],
                    "cooperating": [],
                    "deadline_text": "Hằng quý",
                    "due_date": None,
                    "recurrence": "quarterly",
                    "expected_output": "Số liệu báo cáo định kỳ theo Bộ chỉ tiêu",
                    "needs_confirmation": False,
                    "progress": _open(0, "", state="not_started"),
                    # Each checkpoint is the unit's submission of its figures
                    # (tracker.demo.seed_figures, from data/indicator-values-2021.csv).
                    "figures": "CCHC_QUY",
                },
            ],
        },
        {
            "number": "1",
            "title": "Cải cách thể chế",
            "area": "institutions",
            "tasks": [
                {
                    "number": "1.1",
                    "title": (
                        "Thẩm định, góp ý dự thảo văn bản quy phạm pháp luật bảo đảm đúng trình "
                        "tự, thủ tục theo Luật Ban hành văn bản QPPL năm 2015 và Nghị định số "
                        "34/2016/NĐ-CP"
                    ),
                    "description": _rec(),
                    "lead": ["STP"],
                    "cooperating": ["SBN"],
                    "deadline_text": "Thường xuyên",
                    "due_date": None,
                    "recurrence": "continuous",
                    "expected_output": "Báo cáo thẩm định, văn bản góp ý",
                    "needs_confirmation": False,
                    "progress": _open(
                        75, "Quý III: tham gia góp ý 20 dự thảo, thẩm định 17 dự thảo văn bản."
                    ),
                },
                {
                    "number": "1.2",
                    "title": (
                        "Kiểm tra, tự kiểm tra văn bản quy phạm pháp luật; cập nhật văn bản vào "
                        "Cơ sở dữ liệu quốc gia về pháp luật"
                    ),
                    "description": _rec(),
                    "lead": ["STP"],
                    "cooperating": ["HUYEN"],
                    "deadline_text": "Hằng quý",
                    "due_date": None,
                    "recurrence": "quarterly",
                    "expected_output": "Báo cáo kết quả kiểm tra văn bản",
                    "needs_confirmation": False,
                    "progress": _open(
                        75,
                        "Quý III: kiểm tra 14 văn bản cấp huyện, tự kiểm tra 03 văn bản cấp "
                        "tỉnh, cập nhật 17 văn bản.",
                    ),
                },
                {
                    "number": "1.3",
                    "title": (
                        "Ban hành Kế hoạch theo dõi tình hình thi hành pháp luật năm 2021 trên "
                        "địa bàn tỉnh"
                    ),
                    "description": _rec(),
                    "lead": ["STP"],
                    "cooperating": ["SBN", "HUYEN"],
                    "deadline_text": "Tháng 3/2021",
                    "due_date": date(2021, 3, 31),
                    "recurrence": None,
                    "expected_output": "Kế hoạch của UBND tỉnh",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 2, 26),
                        "81/KH-UBND",
                        date(2021, 2, 26),
                        f"Đã ban hành Kế hoạch. {ILLUSTRATIVE}",
                    ),
                },
                {
                    "number": "1.4",
                    "title": (
                        "Kiểm tra tình hình thi hành pháp luật năm 2021 tại một số cơ quan, đơn "
                        "vị; hướng dẫn triển khai Thông tư số 04/2021/TT-BTP"
                    ),
                    "description": _rec(
                        "Báo cáo nêu Quyết định thành lập Đoàn kiểm tra thi hành pháp luật năm "
                        "2021."
                    ),
                    "lead": ["STP"],
                    "cooperating": ["SNV"],
                    "deadline_text": "Quý III, IV/2021",
                    "due_date": date(2021, 12, 31),
                    "recurrence": None,
                    "expected_output": "Kết luận kiểm tra",
                    "needs_confirmation": True,
                    "progress": _open(
                        40, "Đã thành lập Đoàn kiểm tra; đang kiểm tra tại các đơn vị."
                    ),
                },
                {
                    "number": "1.5",
                    "title": (
                        "Trình HĐND tỉnh Nghị quyết kéo dài thời hạn áp dụng Nghị quyết số "
                        "32/2018/NQ-HĐND về chế độ hỗ trợ giám định viên tư pháp và người giúp "
                        "việc cho giám định viên tư pháp"
                    ),
                    "description": _rec(
                        "Báo cáo nêu UBND tỉnh đã trình HĐND tỉnh dự thảo Nghị quyết."
                    ),
                    "lead": ["STP"],
                    "cooperating": ["STC"],
                    "deadline_text": "Trước ngày 15/12/2021",
                    "due_date": date(2021, 12, 15),
                    "recurrence": None,
                    "expected_output": "Tờ trình và dự thảo Nghị quyết của HĐND tỉnh",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 9, 17),
                        "161/TTr-UBND",
                        date(2021, 9, 17),
                        f"Đã trình HĐND tỉnh; chờ Văn phòng xác nhận. {ILLUSTRATIVE}",
                        awaiting=True,
                    ),
                },
                {
                    "number": "1.6",
                    "title": (
                        "Tự kiểm tra, rà soát văn bản quy phạm pháp luật do HĐND, UBND cấp huyện "
                        "ban hành; báo cáo kết quả về Sở Tư pháp"
                    ),
                    "description": _rec("Mỗi UBND cấp huyện được giao và theo dõi riêng."),
                    "lead": ["HUYEN"],
                    "cooperating": ["STP"],
                    "deadline_text": "6 tháng đầu năm",
                    "due_date": date(2021, 6, 30),
                    "recurrence": None,
                    "expected_output": "Báo cáo kết quả tự kiểm tra, rà soát văn bản",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 6, 22),
                        "95/BC-UBND",
                        date(2021, 6, 22),
                        f"Đã báo cáo Sở Tư pháp. {ILLUSTRATIVE}",
                    ),
                    "unit_progress": {
                        "461": _done(
                            date(2021, 6, 15),
                            "118/BC-UBND",
                            date(2021, 6, 15),
                            f"Báo cáo đúng hạn. {ILLUSTRATIVE}",
                        ),
                        "465": _done(
                            date(2021, 7, 9),
                            "132/BC-UBND",
                            date(2021, 7, 9),
                            f"Báo cáo chậm. {ILLUSTRATIVE}",
                        ),
                        "467": _done(
                            date(2021, 8, 3),
                            "76/BC-UBND",
                            date(2021, 8, 3),
                            f"Báo cáo chậm sau khi Sở Tư pháp đôn đốc. {ILLUSTRATIVE}",
                        ),
                        "471": _open(50, "Chưa gửi báo cáo; Sở Tư pháp đã có văn bản đôn đốc."),
                    },
                },
            ],
        },
        {
            "number": "2",
            "title": "Cải cách thủ tục hành chính",
            "area": "procedures",
            "tasks": [
                {
                    "number": "2.1",
                    "title": (
                        "Rà soát, trình Chủ tịch UBND tỉnh công bố danh mục thủ tục hành chính "
                        "mới ban hành, sửa đổi, bổ sung, bãi bỏ; công khai trên Cơ sở dữ liệu "
                        "quốc gia về thủ tục hành chính"
                    ),
                    "description": _rec(),
                    "lead": ["VPUBND"],
                    "cooperating": ["SBN"],
                    "deadline_text": "Thường xuyên",
                    "due_date": None,
                    "recurrence": "continuous",
                    "expected_output": "Quyết định công bố TTHC của Chủ tịch UBND tỉnh",
                    "needs_confirmation": False,
                    "progress": _open(75, "Quý III: trình công bố 227 TTHC."),
                },
                {
                    "number": "2.2",
                    "title": (
                        "Xây dựng, trình phê duyệt quy trình nội bộ giải quyết thủ tục hành "
                        "chính và số hóa thành quy trình điện tử trên Hệ thống thông tin Một "
                        "cửa điện tử tỉnh"
                    ),
                    "description": _rec(),
                    "lead": ["VPUBND"],
                    "cooperating": ["SBN"],
                    "deadline_text": "Quý III, IV/2021",
                    "due_date": date(2021, 12, 31),
                    "recurrence": None,
                    "expected_output": "Quyết định phê duyệt quy trình nội bộ",
                    "needs_confirmation": True,
                    "progress": _open(70, "Đã phê duyệt 105 quy trình nội bộ giải quyết TTHC."),
                },
                {
                    "number": "2.3",
                    "title": (
                        "Ban hành Kế hoạch triển khai Đề án đổi mới việc thực hiện cơ chế một "
                        "cửa, một cửa liên thông trong giải quyết thủ tục hành chính"
                    ),
                    "description": _rec(
                        "Báo cáo nêu Kế hoạch số 109/KH-UBND ngày 07/6/2021 thực hiện Quyết định "
                        "số 468/QĐ-TTg ngày 27/3/2021."
                    ),
                    "lead": ["VPUBND"],
                    "cooperating": ["SNV", "STTTT"],
                    "deadline_text": "Quý II/2021",
                    "due_date": date(2021, 6, 30),
                    "recurrence": None,
                    "expected_output": "Kế hoạch của UBND tỉnh",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 6, 7),
                        "109/KH-UBND",
                        date(2021, 6, 7),
                        "UBND tỉnh đã ban hành Kế hoạch.",
                    ),
                },
                {
                    "number": "2.4",
                    "title": (
                        "Đánh giá việc giải quyết thủ tục hành chính theo cơ chế một cửa, một "
                        "cửa liên thông; hướng dẫn người dân đánh giá mức độ hài lòng"
                    ),
                    "description": _rec(
                        "Theo Quyết định số 1089/QĐ-UBND ngày 28/4/2020 của UBND tỉnh."
                    ),
                    "lead": ["VPUBND"],
                    "cooperating": ["SBN", "HUYEN"],
                    "deadline_text": "Hằng quý",
                    "due_date": None,
                    "recurrence": "quarterly",
                    "expected_output": "Báo cáo kết quả đánh giá",
                    "needs_confirmation": False,
                    "progress": _open(
                        75,
                        "Duy trì cập nhật phiếu đánh giá tại Trung tâm Phục vụ hành chính công.",
                    ),
                },
                {
                    "number": "2.5",
                    "title": (
                        "Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định "
                        "hành chính; niêm yết công khai địa chỉ tiếp nhận phản ánh, kiến nghị"
                    ),
                    "description": _rec("Theo Nghị định số 20/2008/NĐ-CP ngày 14/02/2008."),
                    "lead": ["VPUBND"],
                    "cooperating": ["SBN", "HUYEN"],
                    "deadline_text": "Thường xuyên",
                    "due_date": None,
                    "recurrence": "continuous",
                    "expected_output": "Kết quả xử lý phản ánh, kiến nghị",
                    "needs_confirmation": False,
                    "progress": _open(
                        75, "Quý III: nhận 17 PAKN, đã xử lý 14, 03 đang trong hạn giải quyết."
                    ),
                },
                {
                    "number": "2.6",
                    "title": (
                        "Tập huấn nghiệp vụ kiểm soát thủ tục hành chính cho công chức đầu mối "
                        "các cấp"
                    ),
                    "description": _rec(),
                    "lead": ["VPUBND"],
                    "cooperating": [],
                    "deadline_text": "Quý III/2021",
                    "due_date": date(2021, 9, 30),
                    "recurrence": None,
                    "expected_output": "Các lớp tập huấn",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 9, 10),
                        "45/KH-VP",
                        date(2021, 7, 5),
                        f"Tổ chức 10 lớp, hơn 420 người tham dự. {ILLUSTRATIVE}",
                    ),
                },
                {
                    "number": "2.7",
                    "title": (
                        "Tập huấn quy trình chứng thực bản sao điện tử từ bản chính trên Cổng "
                        "Dịch vụ công quốc gia"
                    ),
                    "description": _rec(),
                    "lead": ["STP"],
                    "cooperating": ["HUYEN"],
                    "deadline_text": "Quý III/2021",
                    "due_date": date(2021, 9, 30),
                    "recurrence": None,
                    "expected_output": "Các lớp tập huấn",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 9, 24),
                        "62/KH-STP",
                        date(2021, 7, 20),
                        f"Tổ chức 09 lớp, hơn 400 người tham dự. {ILLUSTRATIVE}",
                    ),
                },
                {
                    "number": "2.8",
                    "title": (
                        "Ký kết thỏa thuận hợp tác với Bưu điện tỉnh và tiếp nhận hồ sơ, trả kết "
                        "quả giải quyết thủ tục hành chính qua dịch vụ bưu chính công ích"
                    ),
                    "description": _rec(
                        "Báo cáo nêu Bưu điện tỉnh đã ký thỏa thuận với 20 sở, ban, ngành và 09 "
                        "UBND cấp huyện (Quyết định số 45/2016/QĐ-TTg)."
                    ),
                    "lead": ["SBN", "HUYEN"],
                    "cooperating": [],
                    "deadline_text": "6 tháng đầu năm",
                    "due_date": date(2021, 6, 30),
                    "recurrence": None,
                    "expected_output": "Thỏa thuận hợp tác với Bưu điện tỉnh",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 5, 28),
                        "01/TTHT-BĐQT",
                        date(2021, 5, 28),
                        f"Đã ký thỏa thuận hợp tác. {ILLUSTRATIVE}",
                    ),
                    "unit_progress": {
                        "SCT": _done(
                            date(2021, 4, 20),
                            "03/TTHT-BĐQT",
                            date(2021, 4, 20),
                            f"Ký đúng hạn. {ILLUSTRATIVE}",
                        ),
                        "SNGV": _done(
                            date(2021, 8, 10),
                            "17/TTHT-BĐQT",
                            date(2021, 8, 10),
                            f"Ký chậm. {ILLUSTRATIVE}",
                        ),
                        "466": _done(
                            date(2021, 7, 15),
                            "14/TTHT-BĐQT",
                            date(2021, 7, 15),
                            f"UBND huyện Gio Linh ký chậm. {ILLUSTRATIVE}",
                        ),
                        "471": _open(
                            30,
                            "Chưa ký thỏa thuận hợp tác với Bưu điện tỉnh.",
                            extension={
                                "requested_on": date(2021, 6, 24),
                                "requested_date": date(2021, 12, 31),
                                "reason": (
                                    "Huyện đảo chưa có điểm phục vụ bưu chính công ích, chờ Bưu "
                                    "điện tỉnh bố trí."
                                ),
                                "decided_on": date(2021, 6, 29),
                                "approved": False,
                            },
                        ),
                    },
                },
            ],
        },
        {
            "number": "3",
            "title": "Cải cách tổ chức bộ máy hành chính",
            "area": "organization",
            "tasks": [
                {
                    "number": "3.1",
                    "title": (
                        "Rà soát, kiện toàn chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của "
                        "các cơ quan chuyên môn thuộc UBND tỉnh theo quy định mới của Chính phủ "
                        "và hướng dẫn của Bộ, ngành Trung ương"
                    ),
                    "description": _rec(),
                    "lead": ["SNV"],
                    "cooperating": ["SBN"],
                    "deadline_text": "Quý II/2021",
                    "due_date": date(2021, 6, 30),
                    "recurrence": None,
                    "expected_output": "Quyết định quy định chức năng, nhiệm vụ của các sở",
                    "needs_confirmation": True,
                    "progress": _open(
                        80,
                        "Đang hoàn thiện dự thảo quyết định của một số sở do Bộ, ngành Trung "
                        "ương chưa ban hành thông tư hướng dẫn.",
                    ),
                },
                {
                    "number": "3.2",
                    "title": (
                        "Rà soát, xây dựng Kế hoạch số lượng người làm việc và hợp đồng lao "
                        "động trong các đơn vị sự nghiệp công lập năm 2022, báo cáo Bộ Nội vụ"
                    ),
                    "description": _rec(),
                    "lead": ["SNV"],
                    "cooperating": ["SBN", "HUYEN"],
                    "deadline_text": "Quý III/2021",
                    "due_date": date(2021, 9, 30),
                    "recurrence": None,
                    "expected_output": "Báo cáo của UBND tỉnh gửi Bộ Nội vụ",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 8, 27),
                        "152/BC-UBND",
                        date(2021, 8, 27),
                        f"Đã báo cáo Bộ Nội vụ. {ILLUSTRATIVE}",
                    ),
                },
                {
                    "number": "3.3",
                    "title": (
                        "Tổng kết, đánh giá thực hiện Nghị quyết số 39-NQ/TW ngày 17/4/2015 của "
                        "Bộ Chính trị về tinh giản biên chế và cơ cấu lại đội ngũ cán bộ, công "
                        "chức, viên chức"
                    ),
                    "description": _rec("Báo cáo gửi Ban Tổ chức Tỉnh ủy."),
                    "lead": ["SNV"],
                    "cooperating": [],
                    "deadline_text": "Tháng 8/2021",
                    "due_date": date(2021, 8, 31),
                    "recurrence": None,
                    "expected_output": "Báo cáo tổng kết",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 8, 18),
                        "143/BC-UBND",
                        date(2021, 8, 18),
                        f"Đã gửi Ban Tổ chức Tỉnh ủy. {ILLUSTRATIVE}",
                    ),
                },
                {
                    "number": "3.4",
                    "title": (
                        "Xây dựng Đề án tinh giản biên chế giai đoạn 2022-2025; chỉ đạo các cơ "
                        "quan, đơn vị xây dựng Đề án tinh giản biên chế sự nghiệp hưởng lương "
                        "ngân sách nhà nước"
                    ),
                    "description": _rec(),
                    "lead": ["SNV"],
                    "cooperating": ["SBN", "HUYEN"],
                    "deadline_text": "Quý IV/2021",
                    "due_date": date(2021, 12, 31),
                    "recurrence": None,
                    "expected_output": "Đề án tinh giản biên chế giai đoạn 2022-2025",
                    "needs_confirmation": True,
                    "progress": _open(35, "Đang tổng hợp đề án của các cơ quan, đơn vị."),
                },
                {
                    "number": "3.5",
                    "title": (
                        "Rà soát, đánh giá kết quả phân cấp quản lý nhà nước theo ngành, lĩnh "
                        "vực giai đoạn 2016-2021 và đề xuất nội dung phân cấp cần bổ sung"
                    ),
                    "description": _rec(
                        "Theo Nghị quyết số 99/NQ-CP ngày 24/6/2020 và Kế hoạch số 3381/KH-UBND "
                        "ngày 27/7/2020; mỗi sở, ban, ngành báo cáo lĩnh vực của mình."
                    ),
                    "lead": ["SBN"],
                    "cooperating": [],
                    "deadline_text": "Tháng 7/2021",
                    "due_date": date(2021, 7, 31),
                    "recurrence": None,
                    "expected_output": "Báo cáo kết quả phân cấp của đơn vị gửi Sở Nội vụ",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 7, 23),
                        "01/BC-PC",
                        date(2021, 7, 23),
                        f"Đã gửi báo cáo. {ILLUSTRATIVE}",
                    ),
                    "unit_progress": {
                        "SNV": _done(
                            date(2021, 7, 30),
                            "198/BC-SNV",
                            date(2021, 7, 30),
                            f"Đúng hạn. {ILLUSTRATIVE}",
                        ),
                        "SYT": _done(
                            date(2021, 7, 15),
                            "2150/BC-SYT",
                            date(2021, 7, 15),
                            f"Đúng hạn. {ILLUSTRATIVE}",
                        ),
                        "STNMT": _done(
                            date(2021, 8, 16),
                            "176/BC-STNMT",
                            date(2021, 8, 16),
                            f"Báo cáo chậm. {ILLUSTRATIVE}",
                        ),
                        "SXD": _done(
                            date(2021, 8, 25),
                            "88/BC-SXD",
                            date(2021, 8, 25),
                            f"Hoàn thành trong thời hạn được gia hạn. {ILLUSTRATIVE}",
                            extension={
                                "requested_on": date(2021, 7, 22),
                                "requested_date": date(2021, 8, 31),
                                "reason": (
                                    "Chờ ý kiến của Bộ Xây dựng về phân cấp quản lý chất lượng "
                                    "công trình."
                                ),
                                "decided_on": date(2021, 7, 27),
                                "approved": True,
                            },
                        ),
                        "SGTVT": _open(
                            60,
                            "Tạm dừng, chờ ý kiến của Bộ Giao thông vận tải về nội dung phân "
                            "cấp quản lý đường bộ.",
                            state="paused",
                        ),
                        "SLDTBXH": _open(70, "Đang hoàn thiện báo cáo."),
                    },
                },
            ],
        },
        {
            "number": "4",
            "title": "Cải cách chế độ công vụ",
            "area": "civil_service",
            "tasks": [
                {
                    "number": "4.1",
                    "title": (
                        "Tổ chức xét thăng hạng chức danh nghề nghiệp giáo viên năm 2020 (Mầm "
                        "non hạng II, Tiểu học hạng II, Trung học cơ sở hạng II)"
                    ),
                    "description": _rec(
                        "Báo cáo nêu đã hoàn thành kỳ xét và phê duyệt phương án bổ nhiệm, xếp "
                        "lương 711 trường hợp."
                    ),
                    "lead": ["SNV"],
                    "cooperating": ["SGDDT", "HUYEN"],
                    "deadline_text": "Quý II/2021",
                    "due_date": date(2021, 6, 30),
                    "recurrence": None,
                    "expected_output": "Quyết định công nhận kết quả xét thăng hạng",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 8, 24),
                        "2250/QĐ-UBND",
                        date(2021, 8, 24),
                        f"Hoàn thành chậm do dịch Covid-19. {ILLUSTRATIVE}",
                    ),
                },
                {
                    "number": "4.2",
                    "title": (
                        "Tuyển dụng, tiếp nhận công chức, viên chức theo đúng quy định; thống "
                        "nhất số lượng, chức danh tuyển dụng viên chức của các cơ quan, đơn vị"
                    ),
                    "description": _rec(),
                    "lead": ["SNV"],
                    "cooperating": ["SBN", "HUYEN"],
                    "deadline_text": "Năm 2021",
                    "due_date": date(2021, 12, 31),
                    "recurrence": None,
                    "expected_output": "Văn bản thống nhất chỉ tiêu; kết quả tuyển dụng",
                    "needs_confirmation": True,
                    "progress": _open(
                        60,
                        "Đã thống nhất 126 chỉ tiêu viên chức; thẩm định tiếp nhận 37 trường hợp.",
                    ),
                },
                {
                    "number": "4.3",
                    "title": (
                        "Đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2021; hướng dẫn "
                        "đăng ký, xây dựng kế hoạch đào tạo, bồi dưỡng năm 2022"
                    ),
                    "description": _rec(),
                    "lead": ["SNV"],
                    "cooperating": ["SBN", "HUYEN"],
                    "deadline_text": "Cả năm",
                    "due_date": date(2021, 12, 31),
                    "recurrence": None,
                    "expected_output": "Các lớp bồi dưỡng; Kế hoạch đào tạo, bồi dưỡng năm 2022",
                    "needs_confirmation": True,
                    "progress": _open(
                        70,
                        "Quý III: cử 09 công chức dự lớp bồi dưỡng lãnh đạo cấp sở; triệu tập "
                        "04 lớp bồi dưỡng.",
                    ),
                },
                {
                    "number": "4.4",
                    "title": (
                        "Triển khai Đề án cơ sở dữ liệu cán bộ, công chức, viên chức: tập huấn, "
                        "kê khai và cập nhật dữ liệu trên phần mềm"
                    ),
                    "description": _rec(),
                    "lead": ["SNV"],
                    "cooperating": ["SBN", "HUYEN"],
                    "deadline_text": "Quý III/2021",
                    "due_date": date(2021, 9, 30),
                    "recurrence": None,
                    "expected_output": "Dữ liệu CBCCVC được kê khai đầy đủ",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 9, 14),
                        "2035/SNV-CCVC",
                        date(2021, 9, 14),
                        f"21.503 CBCCVC và người lao động đã kê khai, đạt 100%. {ILLUSTRATIVE}",
                    ),
                },
                {
                    "number": "4.5",
                    "title": (
                        "Kiểm tra công vụ, việc chấp hành kỷ luật, kỷ cương hành chính và đạo "
                        "đức công vụ của cán bộ, công chức, viên chức"
                    ),
                    "description": _rec(),
                    "lead": ["SNV"],
                    "cooperating": ["TTT"],
                    "deadline_text": "Thường xuyên",
                    "due_date": None,
                    "recurrence": "continuous",
                    "expected_output": "Thông báo kết quả kiểm tra công vụ",
                    "needs_confirmation": False,
                    "progress": _open(70, "Kiểm tra đột xuất kết hợp kiểm tra CCHC."),
                },
            ],
        },
        {
            "number": "5",
            "title": "Cải cách tài chính công",
            "area": "public_finance",
            "tasks": [
                {
                    "number": "5.1",
                    "title": (
                        "Hướng dẫn, đôn đốc các cơ quan, đơn vị xây dựng quy chế chi tiêu nội "
                        "bộ, quy chế quản lý và sử dụng tài sản công theo Nghị định số "
                        "130/2005/NĐ-CP và Nghị định số 16/2015/NĐ-CP"
                    ),
                    "description": _rec(),
                    "lead": ["STC"],
                    "cooperating": ["SBN", "HUYEN"],
                    "deadline_text": "Thường xuyên",
                    "due_date": None,
                    "recurrence": "continuous",
                    "expected_output": "Văn bản hướng dẫn của Sở Tài chính",
                    "needs_confirmation": False,
                    "progress": _open(
                        75,
                        "100% sở, ban, ngành và UBND cấp huyện thực hiện cơ chế tự chủ (37 cơ "
                        "quan cấp tỉnh, 151 cơ quan cấp huyện).",
                    ),
                },
                {
                    "number": "5.2",
                    "title": (
                        "Rà soát, tổng hợp danh mục đơn vị sự nghiệp công lập chuyển đổi thành "
                        "công ty cổ phần theo Nghị định số 150/2020/NĐ-CP, báo cáo UBND tỉnh "
                        "trình Thủ tướng Chính phủ"
                    ),
                    "description": _rec(),
                    "lead": ["STC"],
                    "cooperating": ["SNV", "SKHDT"],
                    "deadline_text": "Quý III/2021",
                    "due_date": date(2021, 9, 30),
                    "recurrence": None,
                    "expected_output": "Báo cáo của UBND tỉnh trình Thủ tướng Chính phủ",
                    "needs_confirmation": True,
                    "progress": _open(
                        80, "Đang tổng hợp ý kiến các sở, ngành để báo cáo UBND tỉnh."
                    ),
                },
                {
                    "number": "5.3",
                    "title": (
                        "Thẩm định phương án giao quyền tự chủ tài chính năm 2021 của đơn vị sự "
                        "nghiệp công lập; hướng dẫn triển khai Nghị định số 60/2021/NĐ-CP"
                    ),
                    "description": _rec(),
                    "lead": ["STC"],
                    "cooperating": ["SCT", "SVHTTDL"],
                    "deadline_text": "Quý III, IV/2021",
                    "due_date": date(2021, 12, 31),
                    "recurrence": None,
                    "expected_output": "Quyết định giao quyền tự chủ tài chính",
                    "needs_confirmation": True,
                    "progress": _open(
                        60,
                        "Đã thẩm định phương án của đơn vị sự nghiệp lĩnh vực Công Thương và "
                        "Văn hóa, Thể thao và Du lịch.",
                    ),
                },
                {
                    "number": "5.4",
                    "title": (
                        "Tổng hợp báo cáo giám sát tài chính và đánh giá hiệu quả hoạt động sản "
                        "xuất kinh doanh năm 2020 của các doanh nghiệp do UBND tỉnh quản lý"
                    ),
                    "description": _rec("Báo cáo để UBND tỉnh gửi Bộ Tài chính."),
                    "lead": ["STC"],
                    "cooperating": [],
                    "deadline_text": "Tháng 5/2021",
                    "due_date": date(2021, 5, 31),
                    "recurrence": None,
                    "expected_output": "Báo cáo của UBND tỉnh gửi Bộ Tài chính",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 7, 20),
                        "128/BC-UBND",
                        date(2021, 7, 20),
                        f"Chậm do doanh nghiệp gửi báo cáo tài chính muộn. {ILLUSTRATIVE}",
                    ),
                },
                {
                    "number": "5.5",
                    "title": (
                        "Tham mưu phương án sắp xếp lại, xử lý cơ sở nhà, đất của các cơ quan, "
                        "đơn vị trên địa bàn tỉnh"
                    ),
                    "description": _rec(
                        "Báo cáo nêu các đơn vị thuộc Cục Thuế và thuộc Bộ Tư pháp trên địa bàn."
                    ),
                    "lead": ["STC"],
                    "cooperating": ["STNMT", "SXD"],
                    "deadline_text": "Năm 2021",
                    "due_date": date(2021, 12, 31),
                    "recurrence": None,
                    "expected_output": "Phương án sắp xếp, xử lý nhà, đất được phê duyệt",
                    "needs_confirmation": True,
                    "progress": _open(55, "Đang tham mưu phương án cho các đơn vị còn lại."),
                },
                {
                    "number": "5.6",
                    "title": (
                        "Ban hành (sửa đổi) quy chế chi tiêu nội bộ năm 2021 và công khai dự "
                        "toán ngân sách nhà nước năm 2021 của cơ quan, đơn vị"
                    ),
                    "description": _rec(
                        "Mỗi sở, ban, ngành và UBND cấp huyện được giao và theo dõi riêng."
                    ),
                    "lead": ["SBN", "HUYEN"],
                    "cooperating": [],
                    "deadline_text": "Quý I/2021",
                    "due_date": date(2021, 3, 31),
                    "recurrence": None,
                    "expected_output": "Quy chế chi tiêu nội bộ; Quyết định công khai dự toán",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 3, 15),
                        "05/QĐ-CTNB",
                        date(2021, 3, 15),
                        f"Đã ban hành và công khai. {ILLUSTRATIVE}",
                    ),
                    "unit_progress": {
                        "464": _done(
                            date(2021, 2, 26),
                            "412/QĐ-UBND",
                            date(2021, 2, 26),
                            f"UBND huyện Vĩnh Linh ban hành đúng hạn. {ILLUSTRATIVE}",
                        ),
                        "SYT": _done(
                            date(2021, 4, 20),
                            "356/QĐ-SYT",
                            date(2021, 4, 20),
                            f"Ban hành chậm. {ILLUSTRATIVE}",
                        ),
                        "469": _done(
                            date(2021, 5, 6),
                            "921/QĐ-UBND",
                            date(2021, 5, 6),
                            f"UBND huyện Triệu Phong ban hành chậm. {ILLUSTRATIVE}",
                        ),
                        "SNGV": _open(80, "Dự thảo quy chế đang lấy ý kiến công chức."),
                    },
                },
            ],
        },
        {
            "number": "6",
            "title": "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
            "area": "e_government",
            "tasks": [
                {
                    "number": "6.1",
                    "title": (
                        "Ban hành Quy chế tiếp nhận, xử lý, phát hành và quản lý văn bản điện tử "
                        "giữa các cơ quan, tổ chức thuộc tỉnh Quảng Trị"
                    ),
                    "description": _rec("Báo cáo nêu Quyết định số 500/QĐ-UBND ngày 03/3/2021."),
                    "lead": ["STTTT"],
                    "cooperating": ["VPUBND"],
                    "deadline_text": "Tháng 3/2021",
                    "due_date": date(2021, 3, 31),
                    "recurrence": None,
                    "expected_output": "Quyết định của UBND tỉnh",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 3, 3),
                        "500/QĐ-UBND",
                        date(2021, 3, 3),
                        "UBND tỉnh đã ban hành Quy chế.",
                    ),
                },
                {
                    "number": "6.2",
                    "title": (
                        "Xây dựng, ban hành Kiến trúc chính quyền điện tử tỉnh Quảng Trị, "
                        "phiên bản 2.0"
                    ),
                    "description": _rec(),
                    "lead": ["STTTT"],
                    "cooperating": [],
                    "deadline_text": "Quý III/2021",
                    "due_date": date(2021, 9, 30),
                    "recurrence": None,
                    "expected_output": "Quyết định của UBND tỉnh",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 8, 4),
                        "2030/QĐ-UBND",
                        date(2021, 8, 4),
                        f"UBND tỉnh đã ban hành. {ILLUSTRATIVE}",
                    ),
                },
                {
                    "number": "6.3",
                    "title": (
                        "Xây dựng, ban hành Khung tham chiếu ICT phát triển đô thị thông minh "
                        "tỉnh Quảng Trị, phiên bản 1.0"
                    ),
                    "description": _rec(),
                    "lead": ["STTTT"],
                    "cooperating": ["SXD"],
                    "deadline_text": "Quý III/2021",
                    "due_date": date(2021, 9, 30),
                    "recurrence": None,
                    "expected_output": "Quyết định của UBND tỉnh",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 8, 13),
                        "2116/QĐ-UBND",
                        date(2021, 8, 13),
                        f"UBND tỉnh đã ban hành. {ILLUSTRATIVE}",
                    ),
                },
                {
                    "number": "6.4",
                    "title": (
                        "Phê duyệt Nền tảng chia sẻ, tích hợp dùng chung (giai đoạn 2) thuộc dự "
                        "án Xây dựng chính quyền điện tử tỉnh"
                    ),
                    "description": _rec("Báo cáo nêu Quyết định số 1567/QĐ-UBND ngày 24/6/2021."),
                    "lead": ["STTTT"],
                    "cooperating": ["SKHDT", "STC"],
                    "deadline_text": "Quý II/2021",
                    "due_date": date(2021, 6, 30),
                    "recurrence": None,
                    "expected_output": "Quyết định của UBND tỉnh",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 6, 24),
                        "1567/QĐ-UBND",
                        date(2021, 6, 24),
                        "UBND tỉnh đã ban hành Quyết định.",
                    ),
                },
                {
                    "number": "6.5",
                    "title": (
                        "Triển khai Nền tảng chia sẻ, tích hợp dùng chung (giai đoạn 2), kết nối "
                        "các hệ thống thông tin của tỉnh với hệ thống quốc gia"
                    ),
                    "description": _rec(),
                    "lead": ["STTTT"],
                    "cooperating": ["VPUBND"],
                    "deadline_text": "Quý IV/2021",
                    "due_date": date(2021, 12, 31),
                    "recurrence": None,
                    "expected_output": "Nền tảng LGSP giai đoạn 2 được nghiệm thu",
                    "needs_confirmation": True,
                    "progress": _open(40, "Đang triển khai theo Quyết định số 1567/QĐ-UBND."),
                },
                {
                    "number": "6.6",
                    "title": (
                        "Nâng cấp Cổng Dịch vụ công trực tuyến và phần mềm Một cửa điện tử tỉnh; "
                        "nâng cấp dịch vụ công lên mức độ 4 và tích hợp lên Cổng Dịch vụ công "
                        "quốc gia"
                    ),
                    "description": _rec(),
                    "lead": ["STTTT"],
                    "cooperating": ["VPUBND"],
                    "deadline_text": "Trước ngày 15/12/2021",
                    "due_date": date(2021, 12, 15),
                    "recurrence": None,
                    "expected_output": "Cổng DVC và phần mềm Một cửa điện tử được nâng cấp",
                    "needs_confirmation": True,
                    "progress": _open(
                        60,
                        "Đã cung cấp 1.106 DVCTT mức độ 4; gói nâng cấp 986.369.000 đồng đang "
                        "triển khai.",
                    ),
                },
                {
                    "number": "6.7",
                    "title": (
                        "Duy trì hoạt động Trung tâm giám sát điều hành thông minh (IOC) tỉnh; "
                        "kết nối các hệ thống thông tin chuyên ngành"
                    ),
                    "description": _rec(),
                    "lead": ["STTTT"],
                    "cooperating": [],
                    "deadline_text": "Thường xuyên",
                    "due_date": None,
                    "recurrence": "continuous",
                    "expected_output": "Trung tâm IOC vận hành ổn định",
                    "needs_confirmation": False,
                    "progress": _open(75, "IOC đã kết nối hệ thống giám sát dịch vụ công."),
                },
                {
                    "number": "6.8",
                    "title": (
                        "Ban hành Kế hoạch duy trì áp dụng và cải tiến Hệ thống quản lý chất "
                        "lượng theo tiêu chuẩn TCVN ISO 9001:2015 vào hoạt động của các cơ quan "
                        "hành chính nhà nước trên địa bàn tỉnh năm 2021"
                    ),
                    "description": _rec(
                        "Sở KH&CN là cơ quan thường trực Ban chỉ đạo ISO của tỉnh."
                    ),
                    "lead": ["SKHCN"],
                    "cooperating": ["SBN", "HUYEN"],
                    "deadline_text": "Quý I/2021",
                    "due_date": date(2021, 3, 31),
                    "recurrence": None,
                    "expected_output": "Kế hoạch của UBND tỉnh",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 3, 8),
                        "84/KH-UBND",
                        date(2021, 3, 8),
                        f"Đã ban hành Kế hoạch. {ILLUSTRATIVE}",
                    ),
                },
                {
                    "number": "6.9",
                    "title": (
                        "Chỉ đạo chuyển đổi, duy trì áp dụng Hệ thống quản lý chất lượng theo "
                        "tiêu chuẩn TCVN ISO 9001:2015 tại UBND các xã, phường, thị trấn"
                    ),
                    "description": _rec(
                        "Mỗi UBND cấp huyện được giao và theo dõi riêng; Sở KH&CN tập huấn."
                    ),
                    "lead": ["HUYEN"],
                    "cooperating": ["SKHCN", "XA"],
                    "deadline_text": "Quý III/2021",
                    "due_date": date(2021, 9, 30),
                    "recurrence": None,
                    "expected_output": "Quyết định công bố HTQLCL của UBND cấp xã",
                    "needs_confirmation": True,
                    "progress": _done(
                        date(2021, 9, 17),
                        "125/BC-UBND",
                        date(2021, 9, 17),
                        f"Các xã đã công bố HTQLCL phù hợp TCVN ISO 9001:2015. {ILLUSTRATIVE}",
                    ),
                    "unit_progress": {
                        "461": _done(
                            date(2021, 8, 20),
                            "1845/UBND-VP",
                            date(2021, 8, 20),
                            f"TP Đông Hà hoàn thành đúng hạn. {ILLUSTRATIVE}",
                        ),
                        "465": _done(
                            date(2021, 9, 28),
                            "1502/UBND-VP",
                            date(2021, 9, 28),
                            f"Huyện Hướng Hóa hoàn thành đúng hạn. {ILLUSTRATIVE}",
                        ),
                        "467": _open(75, "Còn 03 xã chưa công bố HTQLCL; đang hoàn thiện hồ sơ."),
                        "471": _cancelled(
                            date(2021, 3, 30),
                            "Huyện đảo Cồn Cỏ không có đơn vị hành chính cấp xã; Văn phòng UBND "
                            "tỉnh hủy giao nhiệm vụ.",
                        ),
                    },
                },
            ],
        },
    ],
}

Q4_SOURCE = (
    "Mục V “Một số nhiệm vụ trọng tâm trong Quý IV” của Báo cáo tình hình CCHC Quý III/2021 "
    "của UBND tỉnh Quảng Trị."
)
Q4_ASSIGNED = "Báo cáo không nêu cơ quan chủ trì, phối hợp và thời hạn; dữ liệu demo gán."

PLAN_Q4_2021 = {
    "code": "NVTT-Q4/2021",
    "title": "Nhiệm vụ trọng tâm Quý IV/2021",
    "issuing_body": "UBND tỉnh Quảng Trị",
    "issued_on": date(2021, 9, 30),
    "year": 2021,
    "quarter": 4,
    "description": f"{Q4_SOURCE} {Q4_ASSIGNED}",
    "sections": [
        {
            "number": "V",
            "title": "Một số nhiệm vụ trọng tâm trong Quý IV",
            "area": "direction",
            "tasks": [
                {
                    "number": "1",
                    "title": (
                        "Tiếp tục chỉ đạo đẩy mạnh việc triển khai, tổ chức thực hiện 6 nhiệm vụ "
                        "cải cách hành chính trên địa bàn tỉnh, nâng cao Chỉ số cải cách hành "
                        "chính, Chỉ số năng lực cạnh tranh cấp tỉnh, Chỉ số hài lòng phục vụ "
                        "người dân, tổ chức của cơ quan hành chính nhà nước; đẩy mạnh công tác "
                        "tuyên truyền, nâng cao nhận thức cho cán bộ, công chức, viên chức và "
                        "các tầng lớp nhân dân về CCHC"
                    ),
                    "description": f"{Q4_SOURCE} {Q4_ASSIGNED}",
                    "lead": ["SNV"],
                    "cooperating": ["SBN", "HUYEN"],
                    "deadline_text": "Quý IV/2021",
                    "due_date": date(2021, 12, 31),
                    "recurrence": None,
                    "expected_output": "Báo cáo kết quả thực hiện",
                    "needs_confirmation": True,
                    "progress": _open(25, "Đang triển khai."),
                },
                {
                    "number": "2",
                    "title": (
                        "Ban hành Chương trình hành động, Kế hoạch CCHC tỉnh Quảng Trị giai đoạn "
                        "2021-2026, đồng thời chỉ đạo các cơ quan, đơn vị trên địa bàn tỉnh xây "
                        "dựng Kế hoạch CCHC giai đoạn 2021-2026 của từng cơ quan, đơn vị"
                    ),
                    "description": f"{Q4_SOURCE} {Q4_ASSIGNED}",
                    "lead": ["SNV"],
                    "cooperating": ["LIENQUAN"],
                    "deadline_text": "Tháng 12/2021",
                    "due_date": date(2021, 12, 31),
                    "recurrence": None,
                    "expected_output": "Chương trình hành động, Kế hoạch CCHC giai đoạn 2021-2026",
                    "needs_confirmation": True,
                    "progress": _open(60, "Đã có dự thảo; chờ Nghị quyết của Tỉnh ủy."),
                },
                {
                    "number": "3",
                    "title": (
                        "Tiếp tục rà soát các nhiệm vụ để thực hiện các nội dung CCHC, bảo đảm "
                        "hoàn thành 100% Kế hoạch cải cách hành chính năm 2021 của tỉnh"
                    ),
                    "description": f"{Q4_SOURCE} {Q4_ASSIGNED}",
                    "lead": ["SNV"],
                    "cooperating": ["VPUBND"],
                    "deadline_text": "Trước ngày 15/12/2021",
                    "due_date": date(2021, 12, 15),
                    "recurrence": None,
                    "expected_output": "Danh mục nhiệm vụ chưa hoàn thành và văn bản đôn đốc",
                    "needs_confirmation": True,
                    "progress": _open(30, "Đang rà soát nhiệm vụ theo Quyết định số 5959/QĐ-UBND."),
                },
                {
                    "number": "4",
                    "title": (
                        "Báo cáo Bộ Nội vụ tình hình thực hiện công tác CCHC năm 2021; xây dựng "
                        "Kế hoạch CCHC năm 2022"
                    ),
                    "description": f"{Q4_SOURCE} {Q4_ASSIGNED}",
                    "lead": ["SNV"],
                    "cooperating": [],
                    "deadline_text": "Tháng 12/2021",
                    "due_date": date(2021, 12, 31),
                    "recurrence": None,
                    "expected_output": "Báo cáo CCHC năm 2021; Kế hoạch CCHC năm 2022",
                    "needs_confirmation": True,
                    "progress": _open(0, "", state="not_started"),
                },
                {
                    "number": "5",
                    "title": (
                        "Triển khai đánh giá, chấm điểm, xếp loại mức độ hoàn thành nhiệm vụ "
                        "CCHC của các cơ quan, đơn vị năm 2021 và hướng dẫn xác định Chỉ số CCHC "
                        "năm 2021 của các cơ quan, đơn vị"
                    ),
                    "description": f"{Q4_SOURCE} {Q4_ASSIGNED}",
                    "lead": ["SNV"],
                    "cooperating": ["HUYEN", "SBN"],
                    "deadline_text": "Quý IV/2021",
                    "due_date": date(2021, 12, 31),
                    "recurrence": None,
                    "expected_output": "Văn bản hướng dẫn; Quyết định công bố Chỉ số CCHC",
                    "needs_confirmation": True,
                    "progress": _open(0, "", state="not_started"),
                },
            ],
        }
    ],
}
