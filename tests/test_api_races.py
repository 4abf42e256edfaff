"""Two requests racing to create the same task number: the unique constraint decides, and the
loser gets the same 422 as a plain duplicate, not a 500. Runs on a committed database, with
the first creation held open between its insert and its commit."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from sqlalchemy import select

from tests.support import committed_demo_app
from tracker.extensions import db

PLAN = "NVTT-Q4/2021"


@pytest.fixture(scope="module")
def race_app(tmp_path_factory):
    with committed_demo_app("_race", tmp_path_factory.mktemp("race-instance")) as app:
        yield app


def test_the_second_of_two_racing_creates_gets_422(race_app):
    from tracker.accounts.api_tokens import create_token
    from tracker.accounts.models import User
    from tracker.plans.models import Plan, Task
    from tracker.plans.services import TaskInput, create_task

    with race_app.app_context():
        office = db.session.scalar(select(User).where(User.email == "vanphong@cchc.demo"))
        _row, raw = create_token(office, "race test")
        db.session.commit()
    inserted, commit_now = threading.Event(), threading.Event()
    outcome: dict = {}

    def first():
        with race_app.app_context():
            office = db.session.scalar(select(User).where(User.email == "vanphong@cchc.demo"))
            plan = db.session.scalar(select(Plan).where(Plan.code == PLAN))
            data = TaskInput(number="R.1", title="Đua tạo nhiệm vụ", lead_units=["SNV"])
            create_task(office, plan, data, commit=False)  # inserted, not yet committed
            inserted.set()
            commit_now.wait(20)
            db.session.commit()

    def second():
        response = race_app.test_client().post(
            "/api/v1/tasks",
            json={
                "plan_code": PLAN,
                "number": "R.1",
                "title": "Đua tạo nhiệm vụ",
                "lead_units": ["STP"],
                "due_date": date(2021, 12, 31).isoformat(),
            },
            headers={"Authorization": f"Bearer {raw}"},
        )
        outcome["status"], outcome["body"] = response.status_code, response.json

    one = threading.Thread(target=first)
    one.start()
    assert inserted.wait(20)
    two = threading.Thread(target=second)
    two.start()
    time.sleep(1.0)  # the second is now waiting on the first's row in the unique index
    commit_now.set()
    one.join(30)
    two.join(30)
    assert outcome["status"] == 422, outcome
    assert "number" in outcome["body"]["error"]["fields"]
    with race_app.app_context():
        tasks = db.session.scalars(
            select(Task).join(Plan).where(Plan.code == PLAN, Task.number == "R.1")
        ).all()
        assert len(tasks) == 1
        assert [a.unit.code for a in tasks[0].assignments] == ["SNV"]
