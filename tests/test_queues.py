"""The office's queues, "Chờ xác nhận" and "Đề nghị gia hạn": each row names the plan, the
task, the unit, the dates and what the unit gave; the office decides from the row, with the
version it saw; a lost race shows a message and the queue again. Their counts in the menu, and
the same queues as JSON."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.conftest import csrf_from, local_today
from tracker.assignments.models import Assignment, ExtensionRequest
from tracker.extensions import db
from tracker.notifications.models import Notification

LOST_RACE = "Việc này vừa được người khác xử lý hoặc thay đổi"


def report_done_with_a_file(client, login, workbench) -> int:
    """The lead reports done on the task page with a document, a link and a file."""
    a = workbench["assignment"]
    login(workbench["lead"])
    form = MultiDict(
        {
            "csrf_token": csrf_from(client, f"/tasks/{workbench['task']['id']}"),
            "version": str(a["version"]),
            "state": "done",
            "note": "Đã ban hành kế hoạch.",
            "document_number": "77/KH-SNV",
            "document_date": "01/12/2026",
            "url": "https://snv.example.vn/77",
            "file": FileStorage(stream=io.BytesIO(b"%PDF-1.4 bao cao"), filename="bao-cao.pdf"),
        }
    )
    boundary, body = encode_multipart(form)
    response = client.post(
        f"/assignments/{a['id']}/update",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    client.post("/logout", data={"csrf_token": csrf_from(client, "/my")})
    return db.session.get(Assignment, a["id"]).version


def queue_row(page: str, anchor: str) -> str:
    match = re.search(rf'<article[^>]*id="{anchor}".*?</article>', page, re.S)
    assert match, f"no row {anchor}"
    return match.group(0)


@pytest.fixture
def reported(client, login, workbench):
    version = report_done_with_a_file(client, login, workbench)
    login(workbench["office"])
    return workbench["assignment"]["id"], version


def test_the_office_sees_a_reported_completion_with_its_evidence(client, workbench, reported):
    assignment_id, _version = reported
    page = client.get("/queues/confirmations").get_data(as_text=True)
    row = queue_row(page, f"c{assignment_id}")
    for text in (
        "77/KH-UBND · II.3. Rà soát TTHC",  # plan, number, title
        "Đơn vị thử",  # the unit
        (local_today() + timedelta(days=10)).strftime("%d/%m/%Y"),  # due date
        local_today().strftime("%d/%m/%Y"),  # reported on
        "đúng hạn",
        "Văn bản số 77/KH-SNV",
        "ngày 01/12/2026",
        "https://snv.example.vn/77",
        "bao-cao.pdf",
        "Đã ban hành kế hoạch.",
    ):
        assert text in row, text
    assert 'id="queue-confirmations">Chờ xác nhận <span class="count">1</span>' in page


def test_confirming_from_the_queue_tells_the_unit(client, workbench, reported):
    assignment_id, version = reported
    token = csrf_from(client, "/queues/confirmations")
    response = client.post(
        f"/queues/confirmations/{assignment_id}",
        data={"csrf_token": token, "version": version, "decision": "accept", "note": ""},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã xác nhận hoàn thành: 77/KH-UBND · II.3" in page
    assert "Không có báo cáo hoàn thành nào đang chờ xác nhận." in page
    assert db.session.get(Assignment, assignment_id).state == "done"
    told = db.session.scalars(select(Notification.user_id).where(Notification.kind == "confirmed"))
    assert sorted(told) == sorted([workbench["lead"].id, workbench["member"].id])


def test_sending_back_needs_a_reason_shown_on_the_row(client, workbench, reported):
    assignment_id, version = reported
    token = csrf_from(client, "/queues/confirmations")
    refused = client.post(
        f"/queues/confirmations/{assignment_id}",
        data={"csrf_token": token, "version": version, "decision": "send_back", "note": " "},
    )
    assert refused.status_code == 422
    row = queue_row(refused.get_data(as_text=True), f"c{assignment_id}")
    assert 'class="error" role="alert"' in row and "lý do" in row.lower()
    sent_back = client.post(
        f"/queues/confirmations/{assignment_id}",
        data={
            "csrf_token": token,
            "version": version,
            "decision": "send_back",
            "note": "Thiếu phụ lục số liệu",
        },
    )
    assert sent_back.status_code == 302
    db.session.expire_all()
    assert db.session.get(Assignment, assignment_id).state == "in_progress"


def test_a_confirmation_that_lost_the_race_shows_the_queue_again(
    client, workbench, reported, api_as
):
    assignment_id, version = reported
    token = csrf_from(client, "/queues/confirmations")
    # Another officer sends it back first, from the API.
    first = api_as(workbench["office"]).post(
        f"/assignments/{assignment_id}/confirmation",
        json={"accept": False, "note": "Bổ sung", "version": version},
    )
    assert first.status_code == 200
    late = client.post(
        f"/queues/confirmations/{assignment_id}",
        data={"csrf_token": token, "version": version, "decision": "accept"},
    )
    assert late.status_code == 409
    page = late.get_data(as_text=True)
    assert LOST_RACE in page and f'id="c{assignment_id}"' not in page
    db.session.expire_all()
    assert db.session.get(Assignment, assignment_id).state == "in_progress"


def ask_extension(api_as, workbench, days: int = 15) -> dict:
    a = workbench["assignment"]
    asked = api_as(workbench["lead"]).post(
        f"/assignments/{a['id']}/extension-requests",
        json={
            "due_date": (local_today() + timedelta(days=days)).isoformat(),
            "reason": "Chờ ý kiến các sở",
        },
    )
    assert asked.status_code == 201, asked.json
    return asked.json


def test_an_extension_request_is_decided_from_its_row(client, login, workbench, api_as):
    request = ask_extension(api_as, workbench)
    login(workbench["office"])
    page = client.get("/queues/extensions").get_data(as_text=True)
    row = queue_row(page, f"r{request['id']}")
    for text in (
        "77/KH-UBND · II.3. Rà soát TTHC",
        "Đơn vị thử",
        (local_today() + timedelta(days=10)).strftime("%d/%m/%Y"),
        (local_today() + timedelta(days=15)).strftime("%d/%m/%Y"),
        "thêm 5 ngày",
        "Chờ ý kiến các sở",
        workbench["lead"].full_name,
    ):
        assert text in row, text
    assert 'id="queue-extensions">Đề nghị gia hạn <span class="count">1</span>' in page
    version = workbench["assignment"]["version"]
    token = csrf_from(client, "/queues/extensions")
    refused = client.post(
        f"/queues/extensions/{request['id']}",
        data={"csrf_token": token, "version": version, "decision": "reject", "note": ""},
    )
    assert refused.status_code == 422
    assert "ghi rõ lý do từ chối" in queue_row(refused.get_data(as_text=True), f"r{request['id']}")
    approved = client.post(
        f"/queues/extensions/{request['id']}",
        data={"csrf_token": token, "version": version, "decision": "approve", "note": "Đồng ý"},
    )
    assert approved.status_code == 302
    db.session.expire_all()
    assert db.session.get(
        Assignment, request["assignment_id"]
    ).due_date == local_today() + timedelta(days=15)
    assert "Không có đề nghị nào đang chờ." in client.get("/queues/extensions").get_data(
        as_text=True
    )


def test_an_extension_decided_meanwhile_shows_the_queue_again(client, login, workbench, api_as):
    request = ask_extension(api_as, workbench)
    login(workbench["office"])
    token = csrf_from(client, "/queues/extensions")
    first = api_as(workbench["office"]).post(
        f"/extension-requests/{request['id']}/decision",
        json={"approve": False, "note": "Không đủ căn cứ"},
    )
    assert first.status_code == 200
    late = client.post(
        f"/queues/extensions/{request['id']}",
        data={
            "csrf_token": token,
            "version": workbench["assignment"]["version"],
            "decision": "approve",
        },
    )
    assert late.status_code == 422
    page = late.get_data(as_text=True)
    assert LOST_RACE in page and f'id="r{request["id"]}"' not in page
    assert db.session.get(ExtensionRequest, request["id"]).decision == "rejected"


def test_an_extension_decision_from_a_stale_row_is_refused(client, login, workbench, api_as):
    """The unit updated its progress after the office opened the queue: the decision names
    the version it saw and is refused, nothing changed."""
    request = ask_extension(api_as, workbench)
    login(workbench["office"])
    token = csrf_from(client, "/queues/extensions")
    a = workbench["assignment"]
    update = api_as(workbench["lead"]).post(
        f"/assignments/{a['id']}/updates",
        json={"state": "in_progress", "progress": 40, "version": a["version"]},
    )
    assert update.status_code == 200
    late = client.post(
        f"/queues/extensions/{request['id']}",
        data={"csrf_token": token, "version": a["version"], "decision": "approve"},
    )
    assert late.status_code == 409
    page = late.get_data(as_text=True)
    assert LOST_RACE in page and f'id="r{request["id"]}"' in page
    assert db.session.get(ExtensionRequest, request["id"]).decision == "pending"


def test_only_the_office_has_the_queues(client, login, workbench, api_as):
    login(workbench["lead"])
    page = client.get("/my").get_data(as_text=True)
    assert "queue-confirmations" not in page
    assert client.get("/queues/confirmations").status_code == 403
    assert client.get("/queues/extensions").status_code == 403
    assert api_as(workbench["lead"]).get("/queues/confirmations").status_code == 403
    assert client.application.test_client().get("/api/v1/queues/extensions").status_code == 401


def test_the_old_extension_list_leads_to_the_queue(client, login, workbench):
    login(workbench["office"])
    response = client.get("/extension-requests")
    assert response.status_code == 302 and response.headers["Location"] == "/queues/extensions"


def test_the_queues_as_json(client, login, workbench, api_as, reported):
    assignment_id, version = reported
    api = api_as(workbench["office"])
    (item,) = api.get("/queues/confirmations").json["items"]
    assert item["assignment_id"] == assignment_id and item["version"] == version
    assert item["task"] == {
        "id": workbench["task"]["id"],
        "plan_code": "77/KH-UBND",
        "number": "II.3",
        "title": "Rà soát TTHC",
    }
    assert item["completed_on"] == local_today().isoformat() and item["days_late"] == 0
    assert item["evidence"]["document_number"] == "77/KH-SNV"
    assert item["evidence"]["file_name"] == "bao-cao.pdf"
    assert item["evidence"]["file_url"].startswith("/evidence/")
    assert item["note"] == "Đã ban hành kế hoạch."
    assert api.get("/queues/extensions").json == {"items": []}
