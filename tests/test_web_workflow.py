"""The daily work in the pages: forms post to the same services as the API."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.conftest import api_create_task as create_task
from tests.conftest import csrf_from
from tests.conftest import local_today as today


def post_update(client, workbench, data=None, files=None):
    a = workbench["assignment"]
    token = csrf_from(client, f"/tasks/{workbench['task']['id']}")
    form = {
        "csrf_token": token,
        "version": str(a["version"]),
        "state": "in_progress",
        "progress": "20",
        "note": "",
    } | (data or {})
    if files:
        form.update(files)
    # Encoded here, in memory: the test client would spool a large body to a temporary file
    # that it never closes.
    boundary, body = encode_multipart(MultiDict(form))
    return client.post(
        f"/assignments/{a['id']}/update",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_unit_lead_reports_done_with_a_document_number(client, login, workbench, db_session):
    from tracker.assignments.models import Assignment

    login(workbench["lead"])
    response = post_update(
        client,
        workbench,
        {"state": "done", "document_number": "12/BC-SNV", "document_date": "01/12/2026"},
    )
    assert response.status_code == 302
    assignment = db_session.get(Assignment, workbench["assignment"]["id"])
    db_session.refresh(assignment)
    assert assignment.state == "awaiting_confirmation"
    assert assignment.evidence_document_number == "12/BC-SNV"


def test_done_without_evidence_is_refused_on_the_form(client, login, workbench):
    login(workbench["lead"])
    response = post_update(client, workbench, {"state": "done"})
    assert response.status_code == 422
    assert "evidence" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"progress": "150"}, "progress"),
        ({"progress": "abc"}, "progress"),
        ({"document_date": "31/02/2021"}, "document_date"),
    ],
)
def test_bad_input_gets_a_message_on_the_form(client, login, workbench, data, field):
    login(workbench["lead"])
    response = post_update(client, workbench, data)
    assert response.status_code == 422
    assert field in response.get_data(as_text=True)


def test_an_exe_is_refused(client, login, workbench):
    login(workbench["lead"])
    response = post_update(
        client,
        workbench,
        {"state": "done"},
        {"file": FileStorage(io.BytesIO(b"MZ..."), "baocao.exe")},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(r'id="update-file-error">Không thể đính kèm tệp loại \.exe', page)
    assert "Hãy chọn lại tệp: tệp “baocao.exe” chưa được lưu" in page


def test_a_30_mb_file_is_refused_with_a_message(client, login, workbench):
    login(workbench["lead"])
    big = io.BytesIO(b"%PDF" + b"0" * (30 * 1024 * 1024))
    response = post_update(
        client, workbench, {"state": "done"}, {"file": FileStorage(big, "baocao.pdf")}
    )
    assert response.status_code == 422
    assert re.search(r'id="update-file-error">[^<]*tối đa 20 MB', response.get_data(as_text=True))


def test_a_pdf_is_stored_and_can_be_downloaded(client, login, workbench, db_session):
    from tracker.assignments.models import JournalEntry

    login(workbench["lead"])
    pdf = b"%PDF-1.4 bao cao"
    response = post_update(
        client,
        workbench,
        {"state": "done"},
        {"file": FileStorage(io.BytesIO(pdf), "Báo cáo quý III.pdf")},
    )
    assert response.status_code == 302
    update = db_session.scalar(
        select(JournalEntry).where(JournalEntry.evidence_file_path.is_not(None))
    )
    download = client.get(f"/evidence/{update.id}")
    assert download.status_code == 200
    assert download.data == pdf
    download.close()


def test_another_units_lead_gets_403_for_a_crafted_post(client, login, workbench):
    login(workbench["other_lead"])
    response = post_update(client, workbench)
    assert response.status_code == 403


def test_stale_form_is_refused_with_409_and_a_message(client, login, workbench, db_session):
    login(workbench["lead"])
    assert post_update(client, workbench, {"progress": "30"}).status_code == 302
    stale = post_update(client, workbench, {"progress": "90"})  # the same, older version
    assert stale.status_code == 409
    assert "Người khác vừa thay đổi" in stale.get_data(as_text=True)


def test_office_confirms_on_the_assignment_page(client, login, workbench, api_as):
    lead = api_as(workbench["lead"])
    a = workbench["assignment"]
    lead.post(
        f"/assignments/{a['id']}/updates",
        json={"state": "done", "evidence": {"document_number": "5/BC"}, "version": a["version"]},
    )
    login(workbench["office"])
    task_page = client.get(f"/tasks/{workbench['task']['id']}").get_data(as_text=True)
    assert f'href="/assignments/{a["id"]}">Xác nhận hoặc trả lại' in task_page
    page = client.get(f"/assignments/{a['id']}").get_data(as_text=True)
    version = re.search(
        rf'id="confirm-{a["id"]}".*?name="version" value="(\d+)"', page, re.S
    ).group(1)
    token = csrf_from(client, f"/assignments/{a['id']}")
    response = client.post(
        f"/assignments/{a['id']}/confirm",
        data={"csrf_token": token, "version": version, "decision": "accept", "note": ""},
    )
    assert response.status_code == 302
    page = client.get(f"/tasks/{workbench['task']['id']}").get_data(as_text=True)
    assert "Xác nhận hoàn thành" in page  # the journal entry


def test_text_is_escaped_where_it_is_shown(client, login, workbench):
    login(workbench["lead"])
    post_update(client, workbench, {"note": "<script>alert('x')</script>"})
    page = client.get(f"/tasks/{workbench['task']['id']}").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


MY_ROW = re.compile(
    r'class="badge dc-(\w+)">[^<]*</span>\s*</td>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>([^<]*)</td>'
)
TASK_ROW = re.compile(
    r"<tr>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*><a [^>]*>[^<]*</a></td>"
    r"\s*<td[^>]*>([^<]*)</td>"
)


def test_unit_page_lists_overdue_and_due_soon_first(
    client, login, workbench, api_as, app, monkeypatch
):
    days = 5  # not the default of 7: the page must follow the setting
    monkeypatch.setitem(app.config, "DUE_SOON_DAYS", days)
    office = api_as(workbench["office"])
    for number, offset in (("II.8", 90), ("II.6", days + 1), ("II.9", -3), ("II.7", days)):
        create_task(office, today() + timedelta(days=offset), number=number, lead_units=["SA"])
    login(workbench["member"])
    page = client.get("/my").get_data(as_text=True)
    rows = [(number, cls) for cls, number in MY_ROW.findall(page)]
    assert rows == [
        ("II.9", "overdue"),
        ("II.7", "due_soon"),  # due in exactly `days` days
        ("II.6", "on_track"),  # one day more; then the rest by due date
        ("II.3", "on_track"),  # the workbench's task, due in 10 days
        ("II.8", "on_track"),
    ]


def test_task_list_filters_and_paginates(client, login, workbench, api_as):
    office = api_as(workbench["office"])
    for number, offset in (("II.12", 12), ("II.11", 11), ("II.14", 14), ("II.13", 13)):
        create_task(
            office, today() + timedelta(days=offset), number=number, lead_units=["SA", "SB"]
        )
    create_task(office, today() + timedelta(days=1), number="II.1", title="Việc khác")
    login(workbench["office"])
    sa = workbench["lead"].unit.short_name
    wanted = {"unit": "SA", "q": "TTHC", "sort": "due_date", "per_page": "2"}

    def listed(page_number: int) -> tuple[str, list[str]]:
        response = client.get("/tasks/", query_string=wanted | {"page": str(page_number)})
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        rows = TASK_ROW.findall(page)
        assert {(plan, unit) for plan, _number, unit in rows} == {("77/KH-UBND", sa)}
        return page, [number for _plan, number, _unit in rows]

    first, numbers = listed(1)
    assert "5 lượt giao việc" in first and "Trang 1 / 3" in first
    assert numbers == ["II.3", "II.11"]
    second, numbers = listed(2)
    assert "5 lượt giao việc" in second and "Trang 2 / 3" in second
    assert numbers == ["II.12", "II.13"]
    links = re.findall(r'<nav class="pagination".*?</nav>', second, re.S)[0]
    for page_number in (1, 3):  # both neighbours keep the filters
        assert f"page={page_number}" in links
    assert links.count("unit=SA") == 2 and links.count("q=TTHC") == 2
    _third, numbers = listed(3)
    assert numbers == ["II.14"]

    bad = client.get("/tasks/", query_string={"due_from": "hôm qua"})
    assert bad.status_code == 422
    assert "due_from" in bad.get_data(as_text=True)


def test_viewer_sees_no_forms_and_cannot_post(client, login, workbench, make_user):
    login(make_user(role="viewer"))
    page = client.get(f"/tasks/{workbench['task']['id']}").get_data(as_text=True)
    assert "update-" not in page
    token = csrf_from(client, "/plans/")
    a = workbench["assignment"]
    response = client.post(
        f"/assignments/{a['id']}/update",
        data={"csrf_token": token, "version": "1", "state": "paused"},
    )
    assert response.status_code == 403


def test_office_creates_a_plan_and_a_task_in_the_browser_forms(client, login, workbench):
    login(workbench["office"])
    token = csrf_from(client, "/plans/new")
    response = client.post(
        "/plans/new",
        data={"csrf_token": token, "code": "12/KH-UBND", "title": "Kế hoạch thử", "year": "2026"},
    )
    assert response.status_code == 302
    plan_url = response.headers["Location"]
    plan_id = int(plan_url.rstrip("/").split("/")[-1])
    token = csrf_from(client, f"/plans/{plan_id}/tasks/new")
    response = client.post(
        f"/plans/{plan_id}/tasks/new",
        data={
            "csrf_token": token,
            "number": "1",
            "title": "Nhiệm vụ thử",
            "lead_units": ["UBND các huyện thử"],
            "due_date": "31/12/2026",
            "needs_confirmation": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Nhiệm vụ thử" in page and 'data-unit="SA"' in page and 'data-unit="SB"' in page
    bad = client.post(
        f"/plans/{plan_id}/tasks/new",
        data={
            "csrf_token": token,
            "number": "2",
            "title": "X",
            "lead_units": ["SA"],
            "due_date": "31/13/2026",
        },
    )
    assert bad.status_code == 422
    assert "dd/mm/yyyy" in bad.get_data(as_text=True)
