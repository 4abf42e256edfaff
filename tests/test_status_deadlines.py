"""The deadline class of DOMAIN.md, on its boundaries; and an assignment as of a day: the
periods that history.replay makes of a journal, read by period_as_of (no database: the
entries are plain objects, the periods transient rows)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from tracker.assignments.deadlines import deadline_class
from tracker.assignments.history import period_as_of
from tracker.assignments.models import PERIOD_COLUMNS, AssignmentPeriod
from tracker.assignments.replay import Replayed, replay

DUE = date(2021, 6, 30)
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def classify(as_of, completed_on=None, cancelled_on=None, due=DUE):
    return deadline_class(
        due=due, completed_on=completed_on, cancelled_on=cancelled_on, as_of=as_of
    )


def test_completed_on_the_due_date_is_on_time():
    assert classify(date(2021, 7, 10), completed_on=DUE) == "done_on_time"


def test_completed_the_day_after_is_late():
    assert classify(date(2021, 7, 10), completed_on=date(2021, 7, 1)) == "done_late"


def test_due_today_is_due_soon_not_overdue():
    assert classify(DUE) == "due_soon"


def test_the_day_after_the_due_date_is_overdue():
    assert classify(date(2021, 7, 1)) == "overdue"


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2021, 6, 23), "due_soon"),  # exactly N = 7 days before
        (date(2021, 6, 22), "on_track"),  # N + 1 days before
    ],
)
def test_due_soon_window_is_inclusive(as_of, expected):
    assert classify(as_of) == expected


def test_due_soon_window_is_configurable():
    assert (
        deadline_class(
            due=DUE, completed_on=None, cancelled_on=None, as_of=date(2021, 6, 16), due_soon_days=14
        )
        == "due_soon"
    )


def test_completion_reported_after_the_as_of_date_does_not_exist_yet():
    assert classify(date(2021, 7, 5), completed_on=date(2021, 7, 8)) == "overdue"
    assert classify(date(2021, 6, 20), completed_on=date(2021, 6, 25)) == "on_track"


def test_no_due_date_is_no_deadline():
    assert classify(date(2021, 7, 1), due=None) == "no_deadline"


def test_cancelled_wins_from_its_day_on():
    assert classify(date(2021, 7, 5), cancelled_on=date(2021, 7, 1)) == "cancelled"
    assert classify(date(2021, 6, 29), cancelled_on=date(2021, 7, 1)) == "due_soon"


# ---- an assignment as of a day -------------------------------------------------------------

ASSIGNED = date(2021, 3, 1)


@pytest.fixture(autouse=True)
def province_zone():
    """replay reads the entries' days in the province's time zone, from the app's setting."""
    zone_only = Flask(__name__)
    zone_only.config["TRACKER_TIMEZONE"] = "Asia/Ho_Chi_Minh"
    with zone_only.app_context():
        yield


def entry(day: date, kind: str, at: time = time(10), **columns) -> SimpleNamespace:
    """A journal entry written at `at` o'clock, local time, of `day`."""
    blank = dict.fromkeys(
        (
            "new_state",
            "new_progress",
            "new_due_date",
            "evidence_document_number",
            "evidence_document_date",
            "evidence_url",
            "evidence_file_path",
        )
    )
    moment = datetime.combine(day, at, tzinfo=ZONE).astimezone(UTC)
    return SimpleNamespace(**blank | columns, kind=kind, created_at=moment)


def created(day: date = ASSIGNED, due: date | None = DUE) -> SimpleNamespace:
    return entry(day, "created", new_state="not_started", new_progress=0, new_due_date=due)


def reported_done(day: date) -> SimpleNamespace:
    return entry(
        day,
        "reported_done",
        new_state="awaiting_confirmation",
        new_progress=100,
        evidence_document_number="12/BC-SNV",
        evidence_document_date=day,
    )


def periods(*entries, assigned_on: date = ASSIGNED) -> list[AssignmentPeriod]:
    """The periods replay makes of these entries, for a row that holds what they say."""
    row = Replayed()
    for one in entries:
        row.apply(one, max(one.created_at.astimezone(ZONE).date(), assigned_on))
    found = replay(assigned_on, entries, row.values())
    return [
        AssignmentPeriod(
            valid_from=start,
            valid_to=found[i + 1][0] if i + 1 < len(found) else None,
            **dict(zip(PERIOD_COLUMNS, values, strict=True)),
        )
        for i, (start, values) in enumerate(found)
    ]


def class_as_of(found: list[AssignmentPeriod], as_of: date) -> str | None:
    period = period_as_of(found, as_of)
    if period is None:
        return None
    return deadline_class(
        due=period.due_date,
        completed_on=period.completed_on,
        cancelled_on=period.cancelled_on,
        as_of=as_of,
    )


def test_an_assignment_assigned_after_the_day_does_not_exist_then():
    found = periods(created())
    assert period_as_of(found, date(2021, 2, 28)) is None
    assert class_as_of(found, date(2021, 2, 28)) is None
    assert period_as_of(found, ASSIGNED).state == "not_started"
    assert period_as_of(found, date(2030, 1, 1)) is found[-1]


def test_a_completion_sent_back_after_the_day_still_counts_as_reported_done_then():
    found = periods(
        created(),
        reported_done(date(2021, 6, 20)),
        entry(date(2021, 7, 5), "sent_back", new_state="in_progress"),
    )
    then = period_as_of(found, date(2021, 7, 4))
    assert (then.state, then.completed_on) == ("awaiting_confirmation", date(2021, 6, 20))
    assert class_as_of(found, date(2021, 7, 4)) == "done_on_time"
    # Its later fate, from the day it was sent back.
    now = period_as_of(found, date(2021, 7, 5))
    assert (now.state, now.completed_on, now.progress) == ("in_progress", None, 100)
    assert class_as_of(found, date(2021, 7, 5)) == "overdue"


def test_a_cancellation_after_the_day_leaves_it_in_that_days_figures():
    found = periods(
        created(),
        entry(date(2021, 4, 2), "progress", new_state="in_progress", new_progress=30),
        entry(date(2021, 7, 10), "cancelled", new_state="cancelled"),
    )
    assert period_as_of(found, date(2021, 7, 9)).state == "in_progress"
    assert class_as_of(found, date(2021, 7, 9)) == "overdue"
    assert period_as_of(found, date(2021, 7, 10)).cancelled_on == date(2021, 7, 10)
    assert class_as_of(found, date(2021, 7, 10)) == "cancelled"


def test_the_offices_re_dating_counts_from_its_day():
    found = periods(
        created(), entry(date(2021, 6, 25), "due_changed", new_due_date=date(2021, 7, 31))
    )
    assert period_as_of(found, date(2021, 6, 24)).due_date == DUE
    assert class_as_of(found, date(2021, 6, 24)) == "due_soon"
    assert period_as_of(found, date(2021, 6, 25)).due_date == date(2021, 7, 31)
    assert class_as_of(found, date(2021, 6, 25)) == "on_track"
    # Past the first date, not overdue: the new one is in force.
    assert class_as_of(found, date(2021, 7, 1)) == "on_track"


def test_extension_approved_after_the_as_of_date_does_not_count_yet():
    found = periods(
        created(),
        entry(date(2021, 6, 25), "extension_requested", new_due_date=date(2021, 8, 31)),
        entry(date(2021, 7, 10), "extension_approved", new_due_date=date(2021, 8, 31)),
    )
    assert period_as_of(found, date(2021, 7, 5)).due_date == DUE
    assert class_as_of(found, date(2021, 7, 5)) == "overdue"
    assert period_as_of(found, date(2021, 7, 10)).due_date == date(2021, 8, 31)


def test_a_rejected_extension_leaves_the_due_date():
    found = periods(
        created(),
        entry(date(2021, 6, 25), "extension_requested", new_due_date=date(2021, 8, 31)),
        entry(date(2021, 6, 28), "extension_rejected", new_due_date=DUE),
    )
    assert [p.due_date for p in found] == [DUE]


def test_latest_approved_extension_is_in_force():
    found = periods(
        created(),
        entry(date(2021, 6, 1), "extension_approved", new_due_date=date(2021, 7, 31)),
        entry(date(2021, 7, 20), "extension_approved", new_due_date=date(2021, 9, 30)),
    )
    assert period_as_of(found, date(2021, 7, 1)).due_date == date(2021, 7, 31)
    assert period_as_of(found, date(2021, 8, 1)).due_date == date(2021, 9, 30)


def test_of_two_changes_on_one_day_the_end_of_the_day_counts():
    found = periods(
        created(),
        entry(date(2021, 6, 1), "extension_approved", at=time(9), new_due_date=date(2021, 7, 31)),
        entry(date(2021, 6, 1), "due_changed", at=time(15), new_due_date=date(2021, 8, 15)),
    )
    assert [(p.valid_from, p.due_date) for p in found] == [
        (ASSIGNED, DUE),
        (date(2021, 6, 1), date(2021, 8, 15)),
    ]


def test_on_time_is_judged_against_the_approved_date():
    found = periods(
        created(),
        entry(date(2021, 6, 25), "extension_approved", new_due_date=date(2021, 7, 31)),
        reported_done(date(2021, 7, 20)),
    )
    # Reported after the original date, before the approved one.
    assert class_as_of(found, date(2021, 8, 5)) == "done_on_time"
    assert class_as_of(found, date(2021, 7, 19)) == "on_track"


def test_an_entry_counts_on_its_day_in_the_province():
    # 06:30 in Quảng Trị on 2 March is still 1 March in UTC.
    early = entry(date(2021, 3, 2), "progress", at=time(6, 30), new_state="in_progress")
    assert early.created_at.date() == date(2021, 3, 1)
    found = periods(created(), early)
    assert period_as_of(found, date(2021, 3, 1)).state == "not_started"
    assert period_as_of(found, date(2021, 3, 2)).state == "in_progress"


def test_a_task_written_after_the_day_it_counts_as_assigned_holds_its_first_state_until_then():
    # Created on 10 March, counted as assigned on 1 March (with a reason), and started the
    # same day it was written: that start happened on 10 March, not 1 March.
    written = date(2021, 3, 10)
    found = periods(
        created(written),
        entry(written, "progress", at=time(15), new_state="in_progress", new_progress=20),
    )
    assert [(p.valid_from, p.valid_to, p.state) for p in found] == [
        (ASSIGNED, written, "not_started"),
        (written, None, "in_progress"),
    ]


def test_evidence_given_as_a_file_alone_replaces_the_document_and_link():
    found = periods(
        created(),
        entry(
            date(2021, 4, 1),
            "progress",
            new_state="in_progress",
            evidence_document_number="5/KH-SNV",
            evidence_url="https://example.vn/kh",
        ),
        entry(date(2021, 4, 2), "progress", evidence_file_path="ab12.pdf"),
        entry(date(2021, 4, 3), "progress", new_progress=60),
    )
    then = period_as_of(found, date(2021, 4, 2))
    assert (then.evidence_document_number, then.evidence_url) == (None, None)
    assert period_as_of(found, date(2021, 4, 1)).evidence_document_number == "5/KH-SNV"
