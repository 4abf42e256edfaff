"""Issued quarterly reports (#14, "Reports that were sent stay as they were sent"): archived
with their .docx and figures, downloadable byte for byte, and compared with the same report
built again: changes made after its day move nothing, a backdated correction is named."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, timedelta
from io import BytesIO

import pytest
from docx import Document
from sqlalchemy import select, update

from tests.conftest import csrf_from, local_today
from tracker.assignments.changes import revise_assignment
from tracker.assignments.models import Assignment, AssignmentPeriod
from tracker.assignments.workflow import confirm_completion
from tracker.audit.models import AuditEvent
from tracker.backup.services import _typed, export_all
from tracker.core.exceptions import ValidationFailed
from tracker.extensions import db
from tracker.plans.models import Plan, Task
from tracker.plans.services import TaskInput, create_task
from tracker.reports.archive import compare_with_live, issue_report
from tracker.reports.models import IssuedReport

PLAN = "5959/QĐ-UBND"
AS_OF = date(2021, 9, 30)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def demo(app, db_session):
    """The demo as `tracker seed-demo` leaves it: its tests are marked `seeded` (the demo is
    seeded once per session)."""


@pytest.fixture
def office(make_user):
    return make_user(role="office", full_name="Văn phòng thử")


def issue_on_the_page(client, number: str, quarter: str = "2021-Q3"):
    token = csrf_from(client, f"/status/reports/issue?plan={PLAN}&quarter={quarter}")
    return client.post(
        "/status/reports/issue",
        data={"plan": PLAN, "quarter": quarter, "number": number, "csrf_token": token},
    )


def issue_with_the_service(office, number: str = "12"):
    return issue_report(office, PLAN, "2021-Q3", number)


def lead_assignments_of_the_plan(state: str | None = None):
    query = (
        select(Assignment)
        .join(Task, Task.id == Assignment.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .where(Plan.code == PLAN, Assignment.role == "lead")
        .order_by(Assignment.id)
    )
    if state:
        query = query.where(Assignment.state == state)
    return list(db.session.scalars(query))


@pytest.mark.seeded
def test_the_office_issues_from_the_status_page_and_downloads_the_same_bytes(
    client, login, demo, office, db_session
):
    login(office)
    status = client.get("/status", query_string={"plan": PLAN, "as_of": "30/09/2021"})
    page = status.get_data(as_text=True)
    assert 'formaction="/status/reports/issue"' in page and ">Ban hành</button>" in page
    form = client.get("/status/reports/issue", query_string={"plan": PLAN, "quarter": "2021-Q3"})
    assert 'value="2021-Q3"' in form.get_data(as_text=True)

    answer = issue_on_the_page(client, "12")
    assert answer.status_code == 302
    issued = db_session.scalar(select(IssuedReport))
    assert answer.headers["Location"].endswith(f"/status/reports/{issued.id}")
    assert (issued.quarter, issued.number, issued.as_of) == ("2021-Q3", "12", AS_OF)
    assert issued.issued_by_id == office.id and issued.issued_on == local_today()
    assert issued.sha256 == hashlib.sha256(issued.docx).hexdigest()

    listing = client.get("/status/reports").get_data(as_text=True)
    assert "12/BC-UBND" in listing and issued.sha256 in listing and "Văn phòng thử" in listing
    download = client.get(f"/status/reports/{issued.id}.docx")
    assert download.status_code == 200 and download.mimetype == DOCX
    assert download.data == issued.docx
    assert hashlib.sha256(download.data).hexdigest() == issued.sha256
    header = "\n".join(c.text for t in Document(BytesIO(download.data)).tables for c in t._cells)
    assert "Số: 12/BC-UBND" in header

    shown = client.get(f"/status/reports/{issued.id}").get_data(as_text=True)
    assert "cho đúng số liệu như báo cáo đã ban hành" in shown and "data-assignment" not in shown
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "report.issue"))
    assert event.target_id == issued.id and event.details["sha256"] == issued.sha256


@pytest.mark.seeded
def test_the_archive_holds_what_the_report_states(app_ctx, demo, office, api_as, make_user):
    issued = issue_with_the_service(office)
    figures = issued.figures
    api = api_as(make_user(role="viewer"))
    status = api.get("/status/units", plan=PLAN, as_of=AS_OF.isoformat()).json
    annex = {row["unit_code"]: row for row in figures["annex"]["units"]}
    for row in status["units"]:
        assert {k: v for k, v in row.items() if k != "score"} == annex[row["unit_code"]]
    overdue = api.get(
        "/assignments", plan=PLAN, as_of=AS_OF.isoformat(), role="lead",
        deadline_class="overdue", per_page=200,
    ).json["items"]  # fmt: skip
    assert sorted(e["assignment_id"] for e in figures["overdue"]) == sorted(
        a["id"] for a in overdue
    )
    classes = {a["assignment_id"]: a["deadline_class"] for a in figures["assignments"]}
    assert all(classes[e["assignment_id"]] == e["deadline_class"] for e in figures["completed"])
    assert figures["completed"] and figures["priorities"]


@pytest.mark.seeded
def test_the_same_number_twice_is_refused_on_the_page_and_by_the_service(
    app, client, login, demo, office
):
    login(office)
    assert issue_on_the_page(client, "12").status_code == 302
    again = issue_on_the_page(client, "12/BC-UBND")
    assert again.status_code == 422
    assert "Báo cáo số 12/BC-UBND của quý III/2021 đã được ban hành." in again.get_data(
        as_text=True
    )
    assert issue_on_the_page(client, "").status_code == 422
    with app.test_request_context():
        with pytest.raises(ValidationFailed) as refused:
            issue_report(office, PLAN, "2021-Q3", " 12 ")
        problem = refused.value.fields["number"]
        assert problem.code == "report_already_issued"
        assert problem.params == {
            "number": "12",
            "quarter": "2021-Q3",
            "roman": "III",
            "year": "2021",
        }
        assert issue_report(office, PLAN, "2021-Q3", "13").number == "13"


@pytest.mark.seeded
def test_only_the_office_issues(client, login, demo, make_user):
    login(make_user(role="viewer"))
    assert client.get("/status/reports").status_code == 200
    assert client.get("/status/reports/issue").status_code == 403
    token = csrf_from(client, "/status/reports")
    answer = client.post(
        "/status/reports/issue",
        data={"plan": PLAN, "quarter": "2021-Q3", "number": "1", "csrf_token": token},
    )
    assert answer.status_code == 403
    page = client.get("/status", query_string={"plan": PLAN}).get_data(as_text=True)
    assert ">Ban hành</button>" not in page


@pytest.mark.seeded
def test_the_cli_issues_and_prints_the_id_and_sha256(app, demo, office, db_session, tmp_path):
    out = tmp_path / "issued.docx"
    args = ["report", "--plan", PLAN, "--quarter", "2021-Q3", "--number", "12", "--issue"]
    result = app.test_cli_runner().invoke(args=[*args, "-o", str(out), "--by", office.email])
    assert result.exit_code == 0, result.output
    issued = db_session.scalar(select(IssuedReport))
    assert f"Đã ban hành báo cáo {issued.id}: kế hoạch {PLAN}, quý III/2021, Số 12/BC-UBND" in (
        result.output
    )
    assert f"sha256 {issued.sha256}" in result.output
    assert out.read_bytes() == issued.docx and issued.issued_by_id == office.id

    again = app.test_cli_runner().invoke(args=args)
    assert again.exit_code == 2 and "đã được ban hành" in again.output
    anonymous = app.test_cli_runner().invoke(args=[*args[:-2], "13", "--issue"])
    assert anonymous.exit_code == 0, anonymous.output
    assert re.search(r"sha256 [0-9a-f]{64}\n", anonymous.output)
    assert (
        db_session.scalar(select(IssuedReport).where(IssuedReport.number == "13")).issued_by_id
        is None
    )
    without_output = app.test_cli_runner().invoke(args=args[:-1])
    assert without_output.exit_code == 2 and "-o FILE" in without_output.output


@pytest.mark.seeded
def test_changes_made_after_the_reports_day_leave_its_figures_as_issued(
    app, client, login, demo, office
):
    with app.test_request_context():
        issued = issue_with_the_service(office)
        archived = {a["assignment_id"]: a for a in issued.figures["assignments"]}
        sent_back = next(
            a for a in lead_assignments_of_the_plan("awaiting_confirmation")
            if archived.get(a.id, {}).get("state") == "awaiting_confirmation"
        )  # fmt: skip
        confirm_completion(
            office, sent_back, accept=False, note="Thiếu văn bản", version=sent_back.version
        )
        cancelled = next(
            a for a in lead_assignments_of_the_plan()
            if archived.get(a.id, {}).get("deadline_class") == "overdue"
        )  # fmt: skip
        revise_assignment(
            office, cancelled, "Không còn phù hợp", cancel=True, version=cancelled.version
        )
        plan = db.session.scalar(select(Plan).where(Plan.code == PLAN))
        create_task(
            office,
            plan,
            TaskInput(number="Z.1", title="Nhiệm vụ giao hôm nay", lead_units=["SNV"],
                      due_date=local_today() + timedelta(days=30)),
        )  # fmt: skip
        assert sent_back.state == "in_progress" and cancelled.state == "cancelled"

        comparison = compare_with_live(issued)
        assert comparison.same and comparison.live == issued.figures
        report_id = issued.id
    login(office)
    page = client.get(f"/status/reports/{report_id}").get_data(as_text=True)
    assert "cho đúng số liệu như báo cáo đã ban hành" in page and "data-assignment" not in page


@pytest.mark.seeded
def test_a_backdated_correction_names_the_assignment_it_moved(app, client, login, demo, office):
    with app.test_request_context():
        issued = issue_with_the_service(office)
        overdue = issued.figures["overdue"][0]["assignment_id"]
        # The unit had in fact reported it done on 20/09/2021: the period in force on 30/09
        # is corrected to say so.
        db.session.execute(
            update(AssignmentPeriod)
            .where(
                AssignmentPeriod.assignment_id == overdue,
                AssignmentPeriod.valid_from <= AS_OF,
                AssignmentPeriod.valid_to.is_(None) | (AssignmentPeriod.valid_to > AS_OF),
            )
            .values(state="done", progress=100, completed_on=date(2021, 9, 20))
        )
        db.session.commit()

        comparison = compare_with_live(issued)
        assert [d.assignment_id for d in comparison.differences] == [overdue]
        difference = comparison.differences[0]
        assert difference.archived_class == "overdue"
        assert difference.live_class in ("done_on_time", "done_late")
        assert {"deadline_class", "completed_on", "overdue"} <= set(difference.changed)
        report_id, docx = issued.id, issued.docx
    login(office)
    page = client.get(f"/status/reports/{report_id}").get_data(as_text=True)
    assert f'data-assignment="{overdue}"' in page and "đã được điều chỉnh" in page
    assert client.get(f"/status/reports/{report_id}.docx").data == docx


@pytest.mark.seeded
def test_the_api_lists_shows_and_sends_issued_reports(app, demo, office, api_as, make_user):
    with app.test_request_context():
        issued = issue_with_the_service(office)
        report_id, sha256, docx = issued.id, issued.sha256, issued.docx
    api = api_as(make_user(role="viewer"))
    items = api.get("/reports").json["items"]
    assert [(i["id"], i["document_number"], i["sha256"]) for i in items] == [
        (report_id, "12/BC-UBND", sha256)
    ]
    assert items[0]["issued_by"] == "Văn phòng thử" and items[0]["size"] == len(docx)
    detail = api.get(f"/reports/{report_id}").json
    assert detail["as_of"] == "2021-09-30" and detail["quarter"] == "2021-Q3"
    assert set(detail["figures"]) == {
        "plan_code", "quarter", "as_of", "assignments", "annex", "areas",
        "completed", "overdue", "priorities",
    }  # fmt: skip
    body = api.get(f"/reports/{report_id}/docx")
    assert body.status_code == 200 and body.mimetype == DOCX and body.data == docx
    assert body.headers["ETag"] == f'"{sha256}"'

    for path in ("/reports/999999", "/reports/999999/docx"):
        missing = api.get(path)
        assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"
    anonymous = app.test_client()
    for path in ("/reports", f"/reports/{report_id}", f"/reports/{report_id}/docx"):
        assert anonymous.get(f"/api/v1{path}").status_code == 401

    document = anonymous.get("/api/v1/openapi.json").json["paths"]
    assert {"/reports", "/reports/{report_id}", "/reports/{report_id}/docx"} <= set(document)
    assert DOCX in document["/reports/{report_id}/docx"]["get"]["responses"]["200"]["content"]


@pytest.mark.seeded
def test_a_backup_keeps_the_issued_bytes(app_ctx, demo, office, tmp_path):
    issued = issue_with_the_service(office)
    export_all(tmp_path / "backup.json")
    rows = json.loads((tmp_path / "backup.json").read_text("utf-8"))["tables"]["issued_reports"]
    restored = _typed(IssuedReport.__table__, rows[0])
    assert restored["docx"] == issued.docx and restored["sha256"] == issued.sha256
    assert restored["figures"] == issued.figures
