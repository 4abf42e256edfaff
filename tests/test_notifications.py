"""A unit hears what happens to its work: each event of the services gives each active account
of the unit (not the one who acted) one notification and one mail in the delivery log, in the
change's own transaction; the page lists them and the menu counts the unread."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from, local_today
from tracker.assignments.changes import cancel_assignment, change_due_date
from tracker.assignments.extension_requests import decide_extension, request_extension
from tracker.assignments.workflow import Evidence, confirm_completion, report_progress
from tracker.core.exceptions import Conflict
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.notifications.services import sentence
from tracker.plans.revisions import correct_deadline
from tracker.plans.services import TaskInput, create_task
from tracker.reminders.messages import build_message


@pytest.fixture
def unit_world(app_ctx, make_unit, make_user, make_plan):
    unit = make_unit(code="SNV", name="Sở Nội vụ", short_name="Sở Nội vụ")
    other = make_unit(code="STP", name="Sở Tư pháp", short_name="Sở Tư pháp")
    people = {
        "office": make_user(role="office", full_name="Nguyễn Thị Hương"),
        "lead": make_user(role="unit_lead", unit=unit),
        "member": make_user(role="unit_member", unit=unit, locale="en"),
        "gone": make_user(role="unit_member", unit=unit, active=False),
        "stranger": make_user(role="unit_lead", unit=other),
    }
    plan = make_plan(code="5959/QĐ-UBND")
    due = local_today() + timedelta(days=20)
    task = create_task(
        people["office"],
        plan,
        TaskInput(
            number="II.3", title="Rà soát thủ tục hành chính", lead_units=["SNV"], due_date=due
        ),
    )
    return {"people": people, "task": task, "assignment": task.assignments[0], "due": due}


def told(world, kind: str) -> dict[str, tuple[int, int]]:
    """Per person of the world: (notifications of this kind, mails carrying them)."""
    result = {}
    for name, user in world["people"].items():
        rows = list(
            db.session.scalars(
                select(Notification).where(
                    Notification.user_id == user.id, Notification.kind == kind
                )
            )
        )
        mails = {n.delivery_id for n in rows if n.delivery_id is not None}
        result[name] = (len(rows), len(mails))
    return result


UNIT_TOLD_ONCE = {
    "office": (0, 0),
    "lead": (1, 1),
    "member": (1, 1),
    "gone": (0, 0),
    "stranger": (0, 0),
}


def reported_done(world, by="lead"):
    assignment = world["assignment"]
    report_progress(
        world["people"][by],
        assignment,
        version=assignment.version,
        state="done",
        progress=100,
        evidence=Evidence(document_number="12/BC-SNV"),
    )
    return assignment


def test_a_new_assignment_is_told_to_the_unit_once(unit_world):
    assert told(unit_world, "created") == UNIT_TOLD_ONCE
    lead = unit_world["people"]["lead"]
    (notice,) = db.session.scalars(select(Notification).where(Notification.user_id == lead.id))
    assert notice.params["role"] == "lead" and notice.params["by"] == "Nguyễn Thị Hương"
    assert notice.delivery.kind == "notice" and notice.delivery.status == "pending"
    assert notice.delivery.recipient_email == lead.email
    assert sentence(notice.kind, notice.params) == (
        "Nguyễn Thị Hương đã giao đơn vị chủ trì thực hiện nhiệm vụ này, thời hạn hoàn thành "
        f"{unit_world['due']:%d/%m/%Y}."
    )


def test_a_confirmation_is_told_to_the_unit_once(unit_world):
    assignment = reported_done(unit_world)
    office = unit_world["people"]["office"]
    confirm_completion(office, assignment, accept=True, note="Đạt", version=assignment.version)
    assert told(unit_world, "confirmed") == UNIT_TOLD_ONCE


def test_a_completion_sent_back_is_told_with_its_reason(unit_world):
    assignment = reported_done(unit_world)
    office = unit_world["people"]["office"]
    confirm_completion(
        office, assignment, accept=False, note="Thiếu phụ lục", version=assignment.version
    )
    assert told(unit_world, "sent_back") == UNIT_TOLD_ONCE
    notice = db.session.scalar(select(Notification).where(Notification.kind == "sent_back"))
    assert notice.params["note"] == "Thiếu phụ lục"


def test_an_extension_approved_and_one_rejected_are_told(unit_world):
    assignment, due = unit_world["assignment"], unit_world["due"]
    lead, office = unit_world["people"]["lead"], unit_world["people"]["office"]
    first = request_extension(
        lead, assignment, due_date=due + timedelta(days=10), reason="Chờ ý kiến"
    )
    decide_extension(office, first, approve=True, version=assignment.version)
    assert told(unit_world, "extension_approved") == UNIT_TOLD_ONCE
    second = request_extension(lead, assignment, due_date=due + timedelta(days=30), reason="Lại")
    decide_extension(office, second, approve=False, note="Không có căn cứ")
    assert told(unit_world, "extension_rejected") == UNIT_TOLD_ONCE
    notice = db.session.scalar(
        select(Notification).where(Notification.kind == "extension_rejected")
    )
    assert notice.params["requested"] == (due + timedelta(days=30)).isoformat()
    assert "vẫn là" in sentence(notice.kind, notice.params)


def test_a_moved_due_date_is_told_and_a_corrected_plan_date_too(unit_world):
    assignment, due = unit_world["assignment"], unit_world["due"]
    office = unit_world["people"]["office"]
    change_due_date(
        office, assignment, due + timedelta(days=5), "Điều chỉnh", version=assignment.version
    )
    assert told(unit_world, "due_changed") == UNIT_TOLD_ONCE
    notice = db.session.scalar(select(Notification).where(Notification.kind == "due_changed"))
    assert (notice.params["old_due"], notice.params["new_due"]) == (
        due.isoformat(),
        (due + timedelta(days=5)).isoformat(),
    )
    # The plan's own date corrected: the re-dated assignment keeps its date, nobody is told.
    correct_deadline(
        office,
        assignment.task,
        due_date=due + timedelta(days=1),
        recurrence=None,
        reason="Đính chính",
    )
    assert told(unit_world, "due_changed") == UNIT_TOLD_ONCE


def test_a_cancellation_is_told_to_the_unit_once(unit_world):
    assignment = unit_world["assignment"]
    office = unit_world["people"]["office"]
    cancel_assignment(office, assignment, "Không còn phù hợp", version=assignment.version)
    assert told(unit_world, "cancelled") == UNIT_TOLD_ONCE


def test_whoever_acts_is_not_told_of_it(unit_world):
    """A unit whose staff's reports need its lead: the lead's confirmation is told to the
    member who reported, not to the lead."""
    assignment = unit_world["assignment"]
    assignment.task.needs_confirmation = False
    assignment.unit.member_reports_need_lead = True
    db.session.commit()
    reported_done(unit_world, by="member")
    lead = unit_world["people"]["lead"]
    confirm_completion(lead, assignment, accept=True, version=assignment.version)
    assert told(unit_world, "confirmed") == UNIT_TOLD_ONCE | {"lead": (0, 0)}


def test_a_refused_change_tells_nobody(unit_world):
    assignment = reported_done(unit_world)
    office = unit_world["people"]["office"]
    with pytest.raises(Conflict):
        confirm_completion(office, assignment, accept=True, version=assignment.version - 1)
    assert told(unit_world, "confirmed") == dict.fromkeys(UNIT_TOLD_ONCE, (0, 0))


def test_the_changes_of_one_commit_are_one_mail_per_person(unit_world):
    office, plan = unit_world["people"]["office"], unit_world["task"].plan
    for number in ("II.4", "II.5", "II.6"):
        task = TaskInput(number=number, title=f"Việc {number}", lead_units=["SNV"])
        create_task(office, plan, task, commit=False)
    db.session.commit()
    assert told(unit_world, "created") == UNIT_TOLD_ONCE | {"lead": (4, 2), "member": (4, 2)}


def test_the_mail_says_what_happened_in_the_recipients_language(unit_world):
    assignment = reported_done(unit_world)
    office = unit_world["people"]["office"]
    confirm_completion(
        office, assignment, accept=False, note="Thiếu phụ lục", version=assignment.version
    )
    mails = {
        n.user.email: n.delivery
        for n in db.session.scalars(select(Notification).where(Notification.kind == "sent_back"))
    }
    lead_mail = build_message(mails[unit_world["people"]["lead"].email])
    subject = str(lead_mail["Subject"])
    text = lead_mail.get_payload()[0].get_payload(decode=True).decode()
    assert subject == "[CCHC] Trả lại báo cáo hoàn thành: II.3 Rà soát thủ tục hành chính"
    assert "Trả lại báo cáo hoàn thành" in text
    assert "5959/QĐ-UBND · II.3. Rà soát thủ tục hành chính" in text
    assert "Nguyễn Thị Hương đã trả lại báo cáo hoàn thành của đơn vị" in text
    assert "Lý do: Thiếu phụ lục" in text
    assert f"/tasks/{assignment.task_id}#a{assignment.id}" in text
    member_mail = build_message(mails[unit_world["people"]["member"].email])
    member_text = member_mail.get_payload()[0].get_payload(decode=True).decode()
    assert str(member_mail["Subject"]).startswith("[CCHC] Completion sent back: II.3")
    assert "sent back your unit's report of completion" in member_text
    assert "Reason: Thiếu phụ lục" in member_text


def test_without_notice_mails_the_page_still_tells(app, unit_world):
    app.config["NOTICE_MAILS"] = False
    try:
        assignment = unit_world["assignment"]
        cancel_assignment(
            unit_world["people"]["office"], assignment, "Thôi", version=assignment.version
        )
    finally:
        app.config["NOTICE_MAILS"] = True
    assert told(unit_world, "cancelled") == UNIT_TOLD_ONCE | {"lead": (1, 0), "member": (1, 0)}


def confirmed_through_the_api(workbench, api_as) -> dict:
    """The office moves the due date; the lead reports done and the office confirms; each
    through the API."""
    a = workbench["assignment"]
    due = (local_today() + timedelta(days=40)).isoformat()
    moved = api_as(workbench["office"]).patch(
        f"/assignments/{a['id']}",
        json={"due_date": due, "reason": "Theo chỉ đạo", "version": a["version"]},
    )
    assert moved.status_code == 200, moved.json
    done = api_as(workbench["lead"]).post(
        f"/assignments/{a['id']}/updates",
        json={
            "state": "done",
            "version": moved.json["version"],
            "evidence": {"document_number": "1/BC"},
        },
    )
    assert done.status_code == 200, done.json
    confirmed = api_as(workbench["office"]).post(
        f"/assignments/{a['id']}/confirmation",
        json={"accept": True, "note": "Đạt yêu cầu", "version": done.json["version"]},
    )
    assert confirmed.status_code == 200, confirmed.json
    return confirmed.json


def test_the_page_lists_newest_first_and_marks_read(workbench, api_as, client, login):
    confirmed_through_the_api(workbench, api_as)
    lead = workbench["lead"]
    login(lead)
    page = client.get("/notifications").get_data(as_text=True)
    assert page.index("Đã xác nhận hoàn thành") < page.index("Điều chỉnh thời hạn hoàn thành")
    assert "Ghi chú: Đạt yêu cầu" in page
    assert 'aria-label="Thông báo, 2 chưa đọc"' in page
    first = db.session.scalar(
        select(Notification.id).where(
            Notification.user_id == lead.id, Notification.kind == "due_changed"
        )
    )
    token = csrf_from(client, "/notifications")
    assert (
        client.post(f"/notifications/{first}/read", data={"csrf_token": token}).status_code == 302
    )
    assert 'aria-label="Thông báo, 1 chưa đọc"' in client.get("/notifications").get_data(
        as_text=True
    )
    assert client.post("/notifications/read", data={"csrf_token": token}).status_code == 302
    page = client.get("/notifications").get_data(as_text=True)
    assert "chưa đọc" not in page and "Đánh dấu đã đọc" not in page
    unread = select(func.count()).select_from(Notification).where(Notification.read_at.is_(None))
    assert db.session.scalar(unread.where(Notification.user_id == lead.id)) == 0


def test_nobody_marks_another_persons_notifications(workbench, api_as, client, login):
    confirmed_through_the_api(workbench, api_as)
    lead = workbench["lead"]
    mine = db.session.scalar(select(Notification.id).where(Notification.user_id == lead.id))
    login(workbench["other_lead"])
    token = csrf_from(client, "/notifications")
    client.post(f"/notifications/{mine}/read", data={"csrf_token": token})
    client.post("/notifications/read", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(Notification, mine).read_at is None
