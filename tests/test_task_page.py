"""The task page and an assignment's own page (#15, points 2 and 10): a refused save shows the
form again with everything typed and each Vietnamese message next to its field; cancelling
needs its confirmation; the journal tells a request from a decision; a sent-back completion
reads as sent back, with the office's reason."""

from __future__ import annotations

import html
import io
import re
from datetime import timedelta

from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.conftest import csrf_from
from tests.conftest import local_today as today


def page_of(client, assignment_id: int) -> str:
    return client.get(f"/assignments/{assignment_id}").get_data(as_text=True)


def field_error(page: str, field_id: str) -> str:
    """The message shown under a field (its id names the form and the field)."""
    match = re.search(rf'<p class="error" id="{field_id}-error">([^<]*)</p>', page)
    assert match, f"no message next to {field_id}"
    return html.unescape(match.group(1))


def value_of(page: str, field_id: str) -> str:
    tag = re.search(rf'<input[^>]* id="{field_id}"[^>]*>', page).group(0)
    return html.unescape(re.search(r'value="([^"]*)"', tag).group(1))


def post(client, path: str, token_from: str, data: dict, files: dict | None = None):
    form = {"csrf_token": csrf_from(client, token_from)} | data | (files or {})
    boundary, body = encode_multipart(MultiDict(form))
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def report(client, workbench, **data):
    a = workbench["assignment"]
    page = page_of(client, a["id"])
    version = re.search(r'id="update-\d+".*?name="version" value="(\d+)"', page, re.S).group(1)
    fields = {"version": version, "state": "in_progress", "progress": "", "note": ""} | data
    return post(client, f"/assignments/{a['id']}/update", f"/assignments/{a['id']}", fields)


def test_a_refused_update_keeps_everything_typed(client, login, workbench):
    login(workbench["lead"])
    a = workbench["assignment"]
    response = post(
        client,
        f"/assignments/{a['id']}/update",
        f"/assignments/{a['id']}",
        {
            "version": "1",
            "state": "done",
            "progress": "70",
            "note": "Đã trình ký, chờ ban hành",
            "document_number": "15/BC-SA",
            "document_date": "31/02/2026",
            "url": "https://sa.quangtri.gov.vn/bao-cao",
        },
        {"file": FileStorage(io.BytesIO(b"%PDF-1.4 x"), "Báo cáo 15.pdf")},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert '<option selected value="done">' in page
    assert value_of(page, "update-progress") == "70"
    assert "Đã trình ký, chờ ban hành</textarea>" in page
    assert value_of(page, "update-document_number") == "15/BC-SA"
    assert value_of(page, "update-document_date") == "31/02/2026"
    assert value_of(page, "update-url") == "https://sa.quangtri.gov.vn/bao-cao"
    assert field_error(page, "update-document_date").startswith("Không phải ngày hợp lệ")
    # A browser cannot be handed the file back: the page says so beside the file field.
    hint = re.search(r'id="update-file-hint">([^<]*)<', page).group(1)
    assert "Hãy chọn lại tệp" in html.unescape(hint) and "Báo cáo 15.pdf" in html.unescape(hint)


def test_a_service_refusal_keeps_the_typed_values_and_says_why_on_the_evidence(
    client, login, workbench
):
    login(workbench["lead"])
    response = report(client, workbench, state="done", note="Xong", document_date="01/12/2026")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert '<option selected value="done">' in page
    assert "Xong</textarea>" in page
    assert value_of(page, "update-document_date") == "01/12/2026"
    evidence = re.search(r'id="update-evidence-error">([^<]*)<', page).group(1)
    assert html.unescape(evidence).startswith("Để báo cáo hoàn thành")
    assert "evidence" not in html.unescape(evidence)


def test_a_stale_update_keeps_the_typed_values_and_can_be_saved_again(
    client, login, workbench, api_as
):
    a = workbench["assignment"]
    login(workbench["lead"])
    first = page_of(client, a["id"])
    api_as(workbench["member"]).post(
        f"/assignments/{a['id']}/updates",
        json={"state": "in_progress", "progress": 10, "version": 1},
    )
    token = csrf_from(client, f"/assignments/{a['id']}")
    stale = client.post(
        f"/assignments/{a['id']}/update",
        data={
            "csrf_token": token,
            "version": "1",
            "state": "paused",
            "progress": "35",
            "note": "Chờ",
        },
    )
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "Người khác vừa thay đổi" in page and "Chờ</textarea>" in page
    assert value_of(page, "update-progress") == "35"
    version = re.search(r'id="update-\d+".*?name="version" value="(\d+)"', page, re.S).group(1)
    assert version != "1" and 'name="version" value="1"' in first
    again = client.post(
        f"/assignments/{a['id']}/update",
        data={"csrf_token": token, "version": version, "state": "paused", "progress": "35"},
    )
    assert again.status_code == 302


def test_a_refused_extension_request_keeps_its_reason(client, login, workbench):
    login(workbench["lead"])
    a = workbench["assignment"]
    response = post(
        client,
        f"/assignments/{a['id']}/extension",
        f"/assignments/{a['id']}",
        {"due_date": today().strftime("%d/%m/%Y"), "reason": "Chờ ý kiến của Sở Tư pháp"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Chờ ý kiến của Sở Tư pháp</textarea>" in page
    assert field_error(page, "extension-due_date").startswith("Chọn một ngày sau ngày")
    assert re.search(r'<details class="card action" open>\s*<summary>Đề nghị gia hạn', page)


def test_the_office_forms_keep_what_was_typed(client, login, workbench, api_as):
    a = workbench["assignment"]
    api_as(workbench["lead"]).post(
        f"/assignments/{a['id']}/updates",
        json={"state": "done", "evidence": {"document_number": "5/BC"}, "version": 1},
    )
    login(workbench["office"])
    here = f"/assignments/{a['id']}"
    due = (today() + timedelta(days=10)).strftime("%d/%m/%Y")
    redate = post(
        client,
        f"{here}/due-date",
        here,
        {"version": "2", "due_date": due, "reason": "Theo chỉ đạo"},
    )
    assert redate.status_code == 422
    page = redate.get_data(as_text=True)
    assert field_error(page, "redate-due_date").startswith("Thời hạn của nhiệm vụ đã là ngày")
    assert "Theo chỉ đạo</textarea>" in page and value_of(page, "redate-due_date") == due
    send_back = post(client, f"{here}/confirm", here, {"version": "2", "decision": "send_back"})
    assert send_back.status_code == 422
    assert field_error(send_back.get_data(as_text=True), "confirm-note").startswith(
        "Vui lòng ghi rõ"
    )


def test_cancelling_an_assignment_needs_its_confirmation(client, login, workbench, db_session):
    from tracker.assignments.models import Assignment

    a = workbench["assignment"]
    login(workbench["office"])
    here = f"/assignments/{a['id']}"
    page = page_of(client, a["id"])
    assert 'data-confirm="Hủy giao nhiệm vụ cho' in page
    assert re.search(r'<input id="cancel-confirm" name="confirm" required type="checkbox"', page)
    refused = post(client, f"{here}/cancel", here, {"version": "1", "reason": "Trùng nhiệm vụ"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert field_error(page, "cancel-confirm") == "Đánh dấu vào ô này để xác nhận việc hủy."
    assert "Trùng nhiệm vụ</textarea>" in page
    assert db_session.get(Assignment, a["id"]).state != "cancelled"
    done = post(
        client, f"{here}/cancel", here, {"version": "1", "reason": "Trùng nhiệm vụ", "confirm": "y"}
    )
    assert done.status_code == 302
    db_session.expire_all()
    assert db_session.get(Assignment, a["id"]).state == "cancelled"


def journal_text(client, task_id: int) -> str:
    page = client.get(f"/tasks/{task_id}").get_data(as_text=True)
    table = re.search(r'<table class="grid journal cards">.*?</table>', page, re.S).group(0)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", table)).split())


def test_the_journal_says_requested_then_approved_or_not(client, login, workbench, api_as):
    a, task_id = workbench["assignment"], workbench["task"]["id"]
    due = today() + timedelta(days=10)
    lead, office = api_as(workbench["lead"]), api_as(workbench["office"])
    asked = lead.post(
        f"/assignments/{a['id']}/extension-requests",
        json={"due_date": (due + timedelta(days=20)).isoformat(), "reason": "Chờ hướng dẫn"},
    )
    assert asked.status_code == 201, asked.json
    login(workbench["office"])
    text = journal_text(client, task_id)
    wanted = (
        f"Đề nghị gia hạn đến {(due + timedelta(days=20)):%d/%m/%Y} "
        f"(thời hạn đang áp dụng: {due:%d/%m/%Y})"
    )
    assert wanted in text and "→" not in text.split("Giao nhiệm vụ")[0]
    office.post(f"/extension-requests/{asked.json['id']}/decision", json={"approve": True})
    text = journal_text(client, task_id)
    assert (
        f"Đã duyệt gia hạn: thời hạn {due:%d/%m/%Y} → {(due + timedelta(days=20)):%d/%m/%Y}" in text
    )
    asked = lead.post(
        f"/assignments/{a['id']}/extension-requests",
        json={"due_date": (due + timedelta(days=40)).isoformat(), "reason": "Thêm nữa"},
    )
    office.post(
        f"/extension-requests/{asked.json['id']}/decision",
        json={"approve": False, "note": "Không có căn cứ"},
    )
    text = journal_text(client, task_id)
    assert f"Không duyệt gia hạn: thời hạn giữ nguyên {(due + timedelta(days=20)):%d/%m/%Y}" in text


def test_a_sent_back_completion_shows_as_sent_back_with_the_reason(
    client, login, workbench, api_as
):
    a, task_id = workbench["assignment"], workbench["task"]["id"]
    lead = api_as(workbench["lead"])
    lead.post(
        f"/assignments/{a['id']}/updates",
        json={"state": "done", "evidence": {"document_number": "5/BC"}, "version": 1},
    )
    api_as(workbench["office"]).post(
        f"/assignments/{a['id']}/confirmation",
        json={"accept": False, "note": "Thiếu phụ lục số liệu", "version": 2},
    )
    login(workbench["lead"])
    task_page = client.get(f"/tasks/{task_id}").get_data(as_text=True)
    row = re.search(rf'<tr id="a{a["id"]}".*?</tr>', task_page, re.S).group(0)
    assert "Bị trả lại (thực hiện lại)" in row and "Thiếu phụ lục số liệu" in row
    assert "Đang thực hiện" not in re.search(r'<td class="state".*?</td>', row, re.S).group(0)
    assert "Bị trả lại (thực hiện lại)" in page_of(client, a["id"])
    my = client.get("/my").get_data(as_text=True)
    assert "Bị trả lại (thực hiện lại)" in my and "Thiếu phụ lục số liệu" in my
    # Reported done again: it is no longer "sent back".
    lead.post(
        f"/assignments/{a['id']}/updates",
        json={"state": "done", "evidence": {"document_number": "6/BC"}, "version": 3},
    )
    assert "Bị trả lại" not in client.get(f"/tasks/{task_id}").get_data(as_text=True)


def test_the_task_page_has_no_form_in_a_table_and_links_each_unit_to_its_page(
    client, login, workbench, db_session
):
    from tracker.assignments.models import Assignment

    login(workbench["lead"])
    task_id = workbench["task"]["id"]
    page = client.get(f"/tasks/{task_id}").get_data(as_text=True)
    table = re.search(r'<table class="grid assignments cards">.*?</table>', page, re.S).group(0)
    assert "<form" not in table
    own = workbench["assignment"]["id"]
    assert f'<a class="button primary" href="/assignments/{own}">Cập nhật tiến độ</a>' in page
    others = db_session.scalars(
        select(Assignment.id).where(Assignment.task_id == task_id, Assignment.id != own)
    ).all()
    assert all(f'href="/assignments/{other}"' in table for other in others)
