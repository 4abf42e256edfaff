"""A checkpoint in a calendar feed is one event of its own, with a UID that differs from its
siblings' and stays the same across regenerations and due changes, and a SUMMARY that names
its period; the reminder sweep plans each open checkpoint once, in one digest per person.
(The mails themselves, through SMTP: tests/reminders/test_checkpoints_reminders.py.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar

from tests.checkpoints_support import make_checkpoints, recurring_task
from tests.conftest import local_today
from tests.feeds_support import icaljs, new_feed

QUARTERS = ["2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4"]


def checkpoints_of(app, workbench, codes, due_of=None, **task) -> dict[str, int]:
    """Checkpoints of a new recurring task for unit SA, made as the office would; period → id."""
    from tracker.extensions import db
    from tracker.plans.models import Plan
    from tracker.units.models import Unit

    with app.test_request_context():
        office = db.session.merge(workbench["office"])
        plan = db.session.query(Plan).filter_by(code="77/KH-UBND").one()
        unit = db.session.query(Unit).filter_by(code="SA").one()
        made = recurring_task(plan, **task)
        extra = {"due_of": due_of} if due_of else {}
        return {a.period: a.id for a in make_checkpoints(office, made, unit, codes, **extra)}


@pytest.fixture
def bench(app, workbench, api_as):
    lead = api_as(workbench["lead"])
    _id, path = new_feed(lead)
    ids = checkpoints_of(app, workbench, QUARTERS, number="IV.2")
    return workbench | {"path": path, "ids": ids, "office_api": api_as(workbench["office"])}


def events(client, path) -> dict[str, object]:
    response = client.get(path)
    assert response.status_code == 200, response.data
    return {str(e["UID"]): e for e in Calendar.from_ical(response.data).walk("VEVENT")}


def uid_of(found: dict, assignment_id: int) -> str:
    matching = [uid for uid in found if uid.startswith(f"assignment-{assignment_id}@")]
    assert len(matching) == 1, (assignment_id, list(found))
    return matching[0]


def test_each_checkpoint_is_one_event_with_its_own_uid_and_its_period(bench, client):
    found = events(client, bench["path"])
    uids = {code: uid_of(found, i) for code, i in bench["ids"].items()}
    assert len(set(uids.values())) == 4
    summary = str(found[uids["2021-Q3"]]["SUMMARY"])
    # Open and past its due date (15/09/2021): marked overdue, then the title with its period.
    assert summary == "[Quá hạn] IV.2 · Quý III/2021 – Báo cáo tình hình CCHC hằng quý"
    assert found[uids["2021-Q3"]].decoded("DTSTART").isoformat() == "2021-09-15"
    assert "IV.2 · Quý I/2021 – " in str(found[uids["2021-Q1"]]["SUMMARY"])
    parsed = icaljs(client.get(bench["path"]).data)
    summaries = [e["summary"] or "" for e in parsed["events"]]
    assert sum("IV.2 · Quý" in s for s in summaries) == 4


def test_uids_stay_across_regenerations_and_a_due_change(bench, client):
    first = events(client, bench["path"])
    again = events(client, bench["path"])
    assert set(first) == set(again)
    q3 = bench["ids"]["2021-Q3"]
    uid = uid_of(first, q3)
    assert first[uid]["SEQUENCE"] == 0
    moved = bench["office_api"].patch(
        f"/assignments/{q3}",
        json={"due_date": (local_today() + timedelta(days=20)).isoformat(), "reason": "Lùi hạn"},
    )
    assert moved.status_code == 200, moved.json
    after = events(client, bench["path"])
    assert set(after) == set(first)  # the same events, the same UIDs
    assert after[uid]["SEQUENCE"] == 1
    assert str(after[uid]["SUMMARY"]) == "IV.2 · Quý III/2021 – Báo cáo tình hình CCHC hằng quý"
    for code in ("2021-Q1", "2021-Q2", "2021-Q4"):
        other = uid_of(after, bench["ids"][code])
        assert after[other]["SEQUENCE"] == 0


def test_the_sweep_plans_each_open_checkpoint_once(app, workbench):
    from tracker.extensions import db
    from tracker.reminders.policy import get_policy
    from tracker.reminders.services import sweep

    today = local_today()
    dues = {"2021-01": today - timedelta(days=3), "2021-02": today + timedelta(days=7)}
    ids = checkpoints_of(
        app,
        workbench,
        [*dues, "2021-03"],
        due_of=lambda period: dues.get(period.code, today + timedelta(days=200)),
        recurrence="monthly",
        number="III.1",
    )
    with app.test_request_context():
        policy = get_policy()
        policy.use_working_days = False
        policy.offsets_before, policy.overdue_every_days = [7, 3, 1, 0], 3
        db.session.commit()
        lead = db.session.merge(workbench["lead"]).id
        messages, _ = sweep(today, dry_run=True)
        again, _ = sweep(today, dry_run=True)
        mine = [m for m in messages if m.recipient.id == lead and m.kind == "digest"]
    assert len(mine) == 1  # one digest per person and day
    reminded = [i for i in mine[0].assignment_ids if i in ids.values()]
    # 3 days late (every 3 days) and 7 days ahead: both; the one due in 200 days: not yet.
    assert sorted(reminded) == sorted([ids["2021-01"], ids["2021-02"]])
    assert sorted(m.dedupe_key for m in again) == sorted(m.dedupe_key for m in messages)
