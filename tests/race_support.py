"""Many requests at once against an app on a committed database: one thread and one test
client per request, all released together by a barrier."""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import func, select

from tracker.extensions import db

OFFICE = "vanphong@cchc.demo"
LEAD = "lanhdao.snv@cchc.demo"  # the lead of Sở Nội vụ (SNV)
PLAN = "RACE/KH-UBND"
_numbers = itertools.count(1)


def race(count: int, call: Callable[[int], tuple[int, object]]) -> list[tuple[int, object]]:
    """call(i) for i in range(count), all at once; each gives (status, body). What the app
    did not handle reaches the test client as an exception: that is a 500."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        barrier.wait(10)
        try:
            results[i] = call(i)
        except Exception as error:
            results[i] = (500, repr(error))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(result is not None for result in results), "a request did not finish"
    return results


def statuses(results) -> Counter:
    return Counter(status for status, _body in results)


def user(email: str):
    from tracker.accounts.models import User

    return db.session.scalar(select(User).where(User.email == email))


def bearer(app, email: str) -> dict[str, str]:
    from tracker.accounts.api_tokens import create_token

    with app.app_context():
        _row, raw = create_token(user(email), "race test")
        db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


def make_race_plan(app) -> None:
    from tracker.plans.services import create_plan

    with app.app_context():
        create_plan(user(OFFICE), code=PLAN, title="Kế hoạch thử tranh chấp", year=2026)


def fresh_assignment(app, *, days: int = 30) -> int:
    """A new task assigned to SNV alone, due in `days`; the id of its assignment."""
    from tracker.core.timeutil import local_today
    from tracker.plans.models import Plan
    from tracker.plans.services import TaskInput, create_task

    with app.app_context():
        plan = db.session.scalar(select(Plan).where(Plan.code == PLAN))
        data = TaskInput(
            number=f"R.{next(_numbers)}",
            title="Nhiệm vụ thử tranh chấp",
            lead_units=["SNV"],
            due_date=local_today() + timedelta(days=days),
        )
        return create_task(user(OFFICE), plan, data).assignments[0].id


def assignment_row(app, assignment_id: int) -> dict:
    from tracker.assignments.models import Assignment

    with app.app_context():
        a = db.session.get(Assignment, assignment_id)
        return {
            "state": a.state,
            "progress": a.progress,
            "version": a.version,
            "due_date": a.due_date,
            "due_date_revision": a.due_date_revision,
        }


def journal_count(app, assignment_id: int, *kinds: str) -> int:
    from tracker.assignments.models import JournalEntry

    with app.app_context():
        query = select(func.count()).where(JournalEntry.assignment_id == assignment_id)
        if kinds:
            query = query.where(JournalEntry.kind.in_(kinds))
        return db.session.scalar(query)


def extension_decisions(app, assignment_id: int) -> list[str]:
    from tracker.assignments.models import ExtensionRequest

    with app.app_context():
        return list(
            db.session.scalars(
                select(ExtensionRequest.decision)
                .where(ExtensionRequest.assignment_id == assignment_id)
                .order_by(ExtensionRequest.id)
            )
        )
