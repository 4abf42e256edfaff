"""The admin's reminder page: the policy, the days added to the calendar, who may change them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

PAGE = "/admin/reminders/policy"
GOOD = {
    "offsets_before": "3, 7, 1, 3",
    "overdue_every_days": "5",
    "escalate_after_days": "10",
    "use_working_days": "y",
    "notify_members": "",
    "send_invites": "y",
}


@pytest.fixture
def admin(make_user, login):
    user = make_user(role="admin")
    login(user)
    return user


def post_policy(client, **fields):
    data = {k: v for k, v in (GOOD | fields).items() if v}
    data["csrf_token"] = csrf_from_page(client)
    return client.post(PAGE, data=data)


def csrf_from_page(client):
    from tests.conftest import csrf_from

    return csrf_from(client, PAGE)


def audit_actions(db_session):
    from tracker.audit.models import AuditEvent

    return [e.action for e in db_session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_admin_sees_the_policy_and_this_years_holidays(client, admin):
    from tests.conftest import local_today

    page = client.get(PAGE)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'value="7, 3, 1, 0"' in text
    year = local_today().year
    assert f"01/01/{year}" in text and f"01/01/{year + 1}" in text
    assert "Tết Nguyên Đán" in text and "Quốc khánh" in text
    assert "Quy tắc nhắc việc" in text  # the page is in Vietnamese
    assert 'href="/admin/reminders/policy"' in text  # the admin's menu link


def test_admin_edits_the_policy(client, admin, db_session):
    from tracker.reminders.policy import get_policy

    response = post_policy(client)
    assert response.status_code == 302
    policy = get_policy()
    db_session.refresh(policy)
    assert policy.offsets_before == [7, 3, 1]  # unique, largest first
    assert policy.overdue_every_days == 5
    assert policy.escalate_after_days == 10
    assert policy.use_working_days is True
    assert policy.notify_members is False
    assert policy.notify_office_on_escalation is False
    assert policy.send_invites is True
    assert policy.updated_by_id == admin.id
    assert "reminder_policy.update" in audit_actions(db_session)
    page = client.get(PAGE).get_data(as_text=True)
    assert 'value="7, 3, 1"' in page
    assert "Đã lưu cài đặt nhắc việc." in page


@pytest.mark.parametrize(
    ("offsets", "message"),
    [
        ("7, x", "Ghi các số nguyên cách nhau bởi dấu phẩy"),
        ("-1", "Mỗi số phải từ 0 đến 60."),
        ("100", "Mỗi số phải từ 0 đến 60."),
        ("1.5", "Ghi các số nguyên cách nhau bởi dấu phẩy"),
    ],
)
def test_bad_offsets_are_refused_on_the_form(client, admin, db_session, offsets, message):
    from tracker.reminders.policy import get_policy

    response = post_policy(client, offsets_before=offsets)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert message in text
    assert f'value="{offsets}"' in text  # what was typed is kept
    assert get_policy().offsets_before == [7, 3, 1, 0]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("overdue_every_days", "0"),
        ("overdue_every_days", "31"),
        ("escalate_after_days", "91"),
        ("escalate_after_days", "abc"),
    ],
)
def test_bad_day_counts_are_refused(client, admin, field, value):
    response = post_policy(client, **{field: value})
    assert response.status_code == 422
    assert 'class="field has-error"' in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["office", "unit_lead", "unit_member", "viewer"])
def test_only_the_admin_reaches_the_page(client, make_user, login, role):
    login(make_user(role=role))
    token = csrf_from_page_or_login(client)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, data=GOOD | {"csrf_token": token}).status_code == 403
    data = {"day": "04/05/2026", "kind": "day_off", "csrf_token": token}
    assert client.post("/admin/reminders/calendar", data=data).status_code == 403
    assert client.post("/admin/reminders/calendar/1/delete", data=data).status_code == 403
    assert "/admin/reminders/" not in client.get("/plans/").get_data(as_text=True)


def csrf_from_page_or_login(client):
    from tests.conftest import csrf_from

    return csrf_from(client, "/plans/")  # any page with a form (the language switch)


def test_admin_adds_and_removes_calendar_days(client, admin, db_session):
    from tracker.reminders.models import CalendarDay

    token = csrf_from_page(client)
    response = client.post(
        "/admin/reminders/calendar",
        data={"day": "09/05/2026", "kind": "working_day", "note": "Làm bù", "csrf_token": token},
    )
    assert response.status_code == 302
    row = db_session.scalar(select(CalendarDay).where(CalendarDay.day == date(2026, 5, 9)))
    assert (row.kind, row.note) == ("working_day", "Làm bù")
    page = client.get(PAGE).get_data(as_text=True)
    assert "09/05/2026" in page and "Thứ Bảy" in page and "Làm bù" in page
    response = client.post(
        f"/admin/reminders/calendar/{row.id}/delete", data={"csrf_token": csrf_from_page(client)}
    )
    assert response.status_code == 302
    assert db_session.scalar(select(CalendarDay.id)) is None
    assert audit_actions(db_session)[-2:] == ["calendar_day.add", "calendar_day.remove"]


def test_a_day_already_in_the_calendar_is_refused(client, admin, db_session):
    from tracker.reminders.models import CalendarDay

    data = {"day": "04/05/2026", "kind": "day_off", "csrf_token": csrf_from_page(client)}
    assert client.post("/admin/reminders/calendar", data=data).status_code == 302
    data = {"day": "4/5/2026", "kind": "working_day", "csrf_token": csrf_from_page(client)}
    response = client.post("/admin/reminders/calendar", data=data)
    assert response.status_code == 422
    assert "Ngày 04/05/2026 đã có trong lịch." in response.get_data(as_text=True)
    assert len(db_session.scalars(select(CalendarDay)).all()) == 1


def test_a_bad_calendar_day_is_refused(client, admin):
    data = {"day": "31/02/2026", "kind": "day_off", "csrf_token": csrf_from_page(client)}
    response = client.post("/admin/reminders/calendar", data=data)
    assert response.status_code == 422
    assert "dd/mm/yyyy" in response.get_data(as_text=True)


# -- the services ---------------------------------------------------------------------------


def test_get_policy_creates_the_row_with_its_defaults(app_ctx, db_session):
    from tracker.reminders.models import ReminderPolicy
    from tracker.reminders.policy import get_policy

    assert db_session.get(ReminderPolicy, 1) is None
    policy = get_policy()
    assert policy.id == 1
    assert policy.offsets_before == [7, 3, 1, 0]
    assert (policy.overdue_every_days, policy.escalate_after_days) == (3, 7)
    assert get_policy() is policy


def test_services_need_the_admin(app_ctx, make_user):
    from tracker.core.exceptions import Forbidden
    from tracker.reminders import policy as services

    office = make_user(role="office")
    with pytest.raises(Forbidden):
        services.update_policy(office, overdue_every_days=5)
    with pytest.raises(Forbidden):
        services.add_calendar_day(office, date(2026, 5, 4), "day_off", "")
    with pytest.raises(Forbidden):
        services.remove_calendar_day(office, 1)


def test_update_policy_validates(app_ctx, make_user):
    from tracker.core.exceptions import ValidationFailed
    from tracker.reminders.policy import update_policy

    admin = make_user(role="admin")
    with pytest.raises(ValidationFailed) as failed:
        update_policy(
            admin,
            offsets_before="7, x",
            overdue_every_days=0,
            escalate_after_days=91,
            send_invites="yes",
        )
    assert {name: problem.code for name, problem in failed.value.fields.items()} == {
        "offsets_before": "offsets_format",
        "overdue_every_days": "whole_number_between",
        "escalate_after_days": "whole_number_between",
        "send_invites": "yes_or_no",
    }
    assert failed.value.fields["escalate_after_days"].params == {"low": 1, "high": 90}
    assert update_policy(admin, offsets_before=[0, 3, 3]).offsets_before == [3, 0]
    assert update_policy(admin, offsets_before="").offsets_before == []


def test_enabling_invites_starts_them_from_now(app_ctx, make_user):
    from tracker.reminders.policy import get_policy, update_policy

    admin = make_user(role="admin")
    update_policy(admin, send_invites=False)
    before = get_policy().invites_since
    update_policy(admin, send_invites=True)
    assert get_policy().invites_since > before


def test_duplicate_day_is_a_validation_error_on_day(app_ctx, make_user):
    from tracker.core.exceptions import ValidationFailed
    from tracker.reminders.policy import add_calendar_day

    admin = make_user(role="admin")
    add_calendar_day(admin, date(2026, 5, 4), "day_off", "Nghỉ bù")
    with pytest.raises(ValidationFailed) as failed:
        add_calendar_day(admin, date(2026, 5, 4), "working_day", "")
    assert {name: problem.code for name, problem in failed.value.fields.items()} == {
        "day": "day_taken"
    }
    with pytest.raises(ValidationFailed) as failed:
        add_calendar_day(admin, date(2026, 5, 5), "holiday", "")
    assert {name: problem.code for name, problem in failed.value.fields.items()} == {
        "kind": "one_of"
    }
