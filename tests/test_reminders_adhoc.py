"""Đôn đốc from the status page: the link carries what the office is looking at (plan, area, as-of
day), a preview names the recipients and the tasks before anything is sent, and a unit with no
active account is warned about before, never "sent to 0 people" after."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from, local_today

# Past days counted from the day the module loaded; a test asks local_today() for today,
# since a run of the suite can cross midnight in the province.
LOADED_ON = local_today()
AS_OF = LOADED_ON - timedelta(days=60)  # the day the office looks at on the status page


@pytest.fixture
def office_view(app, db_session, make_unit, make_user, make_plan):
    """Sở A with its people and, in two plans and two areas, tasks that were overdue, due soon
    or on track on AS_OF; one of them cancelled today. Sở B has the same tasks, no account."""
    from tracker.accounts.models import User
    from tracker.assignments.changes import cancel_assignment
    from tracker.assignments.models import Assignment
    from tracker.extensions import db
    from tracker.plans.models import Plan
    from tracker.plans.services import TaskInput, create_task

    unit = make_unit(code="SA", name="Sở A thử", short_name="Sở A")
    make_unit(code="SB", name="Sở B không tài khoản", short_name="Sở B")
    office = make_user(role="office", full_name="Nguyễn Thị Hương")
    people = [
        make_user(role="unit_lead", unit=unit, full_name="Lãnh đạo Sở A"),
        make_user(role="unit_member", unit=unit, full_name="Chuyên viên Sở A"),
    ]
    make_user(role="unit_member", unit=unit, full_name="Đã nghỉ việc", active=False)
    plans = {"A": make_plan(code="1/KH-A").id, "B": make_plan(code="2/KH-B").id}
    rows = {
        # name: (plan, area, due date)
        "late": ("A", "procedures", AS_OF - timedelta(days=5)),
        "soon": ("A", "procedures", AS_OF + timedelta(days=3)),
        "later": ("A", "procedures", AS_OF + timedelta(days=30)),
        "other_area": ("A", "institutions", AS_OF - timedelta(days=5)),
        "other_plan": ("B", "procedures", AS_OF - timedelta(days=5)),
        "cancelled": ("A", "procedures", AS_OF - timedelta(days=10)),
    }
    assignment_ids = {}
    # A request context of its own (its own session, as a request has), left before the test.
    with app.test_request_context():
        actor = db.session.get(User, office.id)
        for number, (name, (plan, area, due)) in enumerate(rows.items(), start=1):
            task = create_task(
                actor,
                db.session.get(Plan, plans[plan]),
                TaskInput(
                    number=str(number),
                    title=f"Nhiệm vụ {name}",
                    lead_units=["SA", "SB"],
                    reform_area=area,
                    due_date=due,
                    assigned_on=AS_OF - timedelta(days=30),
                    assigned_on_reason="Giao theo kế hoạch",
                ),
            )
            assignment_ids[name] = next(a.id for a in task.assignments if a.unit_id == unit.id)
        cancelled = db.session.get(Assignment, assignment_ids["cancelled"])
        cancel_assignment(actor, cancelled, "Không còn phù hợp")
    return {"office": office, "people": people, "assignments": assignment_ids}


SCOPE = {"plan": "1/KH-A", "area": "procedures", "as_of": AS_OF.isoformat()}


def preview_path(code: str = "SA", **scope) -> str:
    query = "&".join(f"{k}={v}" for k, v in (scope or SCOPE).items())
    return f"/reminders/adhoc/{code}?{query}"


def deliveries():
    """The đôn đốc mails in the delivery log (the units' notifications are there too)."""
    from tracker.extensions import db
    from tracker.reminders.models import ReminderDelivery

    return list(
        db.session.scalars(
            select(ReminderDelivery)
            .where(ReminderDelivery.kind == "adhoc")
            .order_by(ReminderDelivery.id)
        )
    )


def test_the_status_page_links_each_unit_with_its_name_and_what_the_page_shows(
    client, login, office_view
):
    login(office_view["office"])
    page = client.get(f"/status?plan=1/KH-A&area=procedures&as_of={AS_OF:%d/%m/%Y}")
    html = page.get_data(as_text=True)
    links = re.findall(r'<a class="remind" href="([^"]+)" aria-label="([^"]+)">([^<]+)</a>', html)
    by_label = {unescape(label): unescape(href) for href, label, _text in links}
    assert "Đôn đốc Sở A thử" in by_label and "Đôn đốc Sở B không tài khoản" in by_label
    assert {text for _href, _label, text in links} == {"Đôn đốc"}
    href = urlsplit(by_label["Đôn đốc Sở A thử"])
    assert href.path == "/reminders/adhoc/SA"
    query = parse_qs(href.query)
    assert query["plan"] == ["1/KH-A"] and query["area"] == ["procedures"]
    assert query["as_of"] == [AS_OF.isoformat()]


def test_the_preview_shows_recipients_and_tasks_and_sends_nothing(client, login, office_view):
    login(office_view["office"])
    response = client.get(preview_path())
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for person in office_view["people"]:
        assert person.full_name in html and person.email in html
    assert "Đã nghỉ việc" not in html  # a disabled account receives nothing
    assert "Người nhận (2)" in html
    assert f"tính đến ngày {AS_OF:%d/%m/%Y}, như trang Tình hình thực hiện đã hiển thị" in html
    assert "Kế hoạch 1/KH-A · Lĩnh vực: Cải cách thủ tục hành chính" in html
    assert "Gửi thư đôn đốc đến 2 người" in html
    assert deliveries() == []


def test_the_reminder_lists_only_the_tasks_the_page_showed_as_they_stand_today(
    client, login, office_view
):
    ids = office_view["assignments"]
    login(office_view["office"])
    html = client.get(preview_path()).get_data(as_text=True)
    table = html.split('class="grid cards adhoc-tasks"')[1].split("</table>")[0]
    assert "Nhiệm vụ late" in table and "Nhiệm vụ soon" in table
    for other in ("later", "other_area", "other_plan", "cancelled"):
        assert f"Nhiệm vụ {other}" not in table, other
    # Overdue on the day the page showed, counted as of today: 65 days late now.
    assert f"{(local_today() - (AS_OF - timedelta(days=5))).days} ngày quá hạn" in table
    left_out = html.split('class="left-out"')[1].split("</ul>")[0]
    assert "Nhiệm vụ cancelled" in left_out and "Đã hủy" in left_out

    token = csrf_from(client, preview_path())
    send_key = re.search(r'name="send_key" value="([^"]+)"', html).group(1)
    form = {"csrf_token": token, "note": "Đề nghị khẩn trương", "send_key": send_key, **SCOPE}
    response = client.post("/reminders/adhoc/SA", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    sent = deliveries()
    assert {d.recipient_email for d in sent} == {p.email for p in office_view["people"]}
    for delivery in sent:
        assert delivery.kind == "adhoc"
        assert set(delivery.assignment_ids) == {ids["late"], ids["soon"]}
        assert delivery.payload["scope"] == SCOPE
        assert delivery.payload["note"] == "Đề nghị khẩn trương"
        late = next(i for i in delivery.payload["items"] if i["id"] == ids["late"])
        assert late["days_late"] == (local_today() - (AS_OF - timedelta(days=5))).days

    # The same preview sent again (a second click) mails nobody twice.
    again = client.post("/reminders/adhoc/SA", data=form)
    assert again.status_code == 302
    assert len(deliveries()) == 2
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Thư đôn đốc này đã được gửi." in page


def test_a_unit_without_an_active_account_is_warned_about_before_sending(
    client, login, office_view
):
    login(office_view["office"])
    response = client.get(preview_path("SB"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Người nhận (0)" in html
    assert "Sở B không tài khoản chưa có tài khoản nào đang hoạt động" in html
    assert 'href="/units/SB"' in html
    assert 'action="/reminders/adhoc/SB"' not in html  # no send button at all
    assert "Nhiệm vụ late" in html  # the tasks are still shown

    token = csrf_from(client, preview_path())
    response = client.post("/reminders/adhoc/SB", data={"csrf_token": token, **SCOPE})
    assert response.status_code == 422
    assert "chưa có tài khoản nào đang hoạt động" in response.get_data(as_text=True)
    assert deliveries() == []


def test_a_unit_with_nothing_to_remind_of_is_told_so(client, login, office_view):
    login(office_view["office"])
    scope = {"plan": "2/KH-B", "area": "institutions", "as_of": AS_OF.isoformat()}
    html = client.get(preview_path(**scope)).get_data(as_text=True)
    assert "không có nhiệm vụ nào cần đôn đốc" in html
    assert 'action="/reminders/adhoc/SA"' not in html


def test_without_a_scope_the_reminder_is_about_today(client, login, office_view):
    login(office_view["office"])
    html = client.get("/reminders/adhoc/SA").get_data(as_text=True)
    assert f"tính đến hôm nay ({local_today():%d/%m/%Y})" in html
    table = html.split('class="grid cards adhoc-tasks"')[1].split("</table>")[0]
    # Today every open task of both plans is overdue, the one on track on AS_OF included.
    for name in ("late", "soon", "later", "other_area", "other_plan"):
        assert f"Nhiệm vụ {name}" in table, name
    assert "Nhiệm vụ cancelled" not in html


def test_only_the_office_reminds(client, login, office_view, make_user):
    login(office_view["people"][0])
    assert client.get(preview_path()).status_code == 403
