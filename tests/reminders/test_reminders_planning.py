"""Planning from the state: offsets, overdue repeats, escalation, holidays, dry runs."""

from __future__ import annotations

import json
from datetime import date

from tests.reminders.conftest import AS_OF, run_tracker


def plan(app, as_of: date) -> dict[str, list[int]]:
    from tracker.reminders.services import sweep

    with app.app_context():
        messages, _ids = sweep(as_of, dry_run=True)
        return {m.recipient.email: sorted(m.assignment_ids) for m in messages}


def test_dry_run_lists_recipients_kinds_and_assignments_and_sends_nothing(rapp, smtp, office_world):
    _controller, recorder = smtp
    result = run_tracker(
        rapp, "remind", "--as-of", AS_OF.isoformat(), "--dry-run", "--json", "--no-invites"
    )
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    recipients = {row["recipient"]: row for row in body["planned"]}
    assert set(recipients) == {
        "lead.a@example.vn",
        "cv.a@example.vn",
        "lead.b@example.vn",
        "vp@example.vn",
    }
    assert all(row["kind"] == "digest" for row in body["planned"])
    assert len(recipients["lead.a@example.vn"]["assignment_ids"]) == 4
    assert recorder.received == []
    from tests.reminders.test_reminders_delivery import statuses

    assert statuses(rapp) == {}


def test_nothing_is_planned_on_a_day_without_reminders(rapp, office_world):
    assert plan(rapp, date(2026, 12, 3)) == {}  # Thursday: no offset and no 3-day repeat


def test_a_reminder_due_on_a_holiday_goes_out_the_working_day_before(rapp, office_world):
    from tracker.accounts.models import User
    from tracker.extensions import db
    from tracker.plans.models import Plan
    from tracker.plans.services import TaskInput, create_task
    from tracker.reminders.policy import get_policy

    with rapp.test_request_context():
        office = db.session.get(User, office_world["people"]["office"])
        plan_row = db.session.query(Plan).filter_by(code="KH-TEST").one()
        # Due on 4/5/2026 (Monday); 1 day before is 3/5 (Sunday), 2 days 2/5 (Saturday),
        # 3 days 1/5 (Labour Day): all go out on 29/4 (30/4 is a holiday too).
        created = create_task(
            office,
            plan_row,
            TaskInput(
                number="20", title="Báo cáo tháng 4", lead_units=["SB"], due_date=date(2026, 5, 4)
            ),
        )
        tet = create_task(
            office,
            plan_row,
            TaskInput(
                number="21", title="Việc dịp Tết", lead_units=["SB"], due_date=date(2026, 2, 18)
            ),
        )
        policy = get_policy()
        policy.offsets_before = [3, 1, 0]
        db.session.commit()
        may_day_id, tet_id = created.assignments[0].id, tet.assignments[0].id
    assert may_day_id in plan(rapp, date(2026, 4, 29)).get("lead.b@example.vn", [])
    for holiday in (date(2026, 4, 30), date(2026, 5, 1)):
        assert plan(rapp, holiday) == {}
    # Due in the middle of Tết 2026 (16–20/2): the due-date reminder goes out on 13/2.
    assert tet_id in plan(rapp, date(2026, 2, 13)).get("lead.b@example.vn", [])
    assert tet_id not in plan(rapp, date(2026, 2, 18)).get("lead.b@example.vn", [])
