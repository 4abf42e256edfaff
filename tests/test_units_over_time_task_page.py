"""An assignment's page tells of its transfer to a successor unit: by which decision, from which
unit to which, from which day; in the reader's language."""

from __future__ import annotations

import html

import pytest

from tests.units_over_time_support import DECISION, build_reorganised
from tracker.assignments.journal import task_journal
from tracker.assignments.page import transfers_by_entry
from tracker.extensions import db
from tracker.units.closing import close_into
from tracker.units.lifecycle import rename_unit


@pytest.fixture
def reorganised(app, db_session, make_unit, make_user, make_plan):
    return build_reorganised(app, make_unit, make_user, make_plan)


def page_text(client, login, user, assignment_id: int) -> str:
    login(user)
    response = client.get(f"/assignments/{assignment_id}")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_the_journal_says_who_handed_the_work_to_whom_and_when(reorganised, client, login):
    text = page_text(
        client, login, reorganised.person("stc_lead"), reorganised.assignment_ids["T1"]
    )
    day = reorganised.effective.strftime("%d/%m/%Y")
    assert f"Chuyển giao theo {DECISION}: Sở Kế hoạch và Đầu tư → Sở Tài chính (từ {day})" in text


def test_in_english_too(reorganised, client, login, make_user):
    reader = make_user(role="viewer", locale="en")
    text = page_text(client, login, reader, reorganised.assignment_ids["T1"])
    day = reorganised.effective.strftime("%d/%m/%Y")
    assert f"Transferred by {DECISION}: Sở Kế hoạch và Đầu tư → Sở Tài chính (from {day})" in text


def test_each_of_two_transfers_names_its_own_units_as_they_were(reorganised, make_unit, app_ctx):
    """SKH → STC, then STC (renamed meanwhile) → a new unit: each entry its own pair."""
    stc = reorganised.unit("STC")
    later = reorganised.days(-5)
    rename_unit(stc, "Sở Tài chính tỉnh", "Sở TC tỉnh", reorganised.days(-20))
    new = make_unit(code="STCM", name="Sở Tài chính (mới)", short_name="Sở TC mới")
    close_into(stc, later, new, "", kind="merge")
    db.session.commit()
    journal = task_journal([reorganised.assignment("T1")])
    shown = sorted(transfers_by_entry(journal).values(), key=lambda t: t.day)
    assert [(t.from_name, t.to_name, t.day, t.decision) for t in shown] == [
        ("Sở Kế hoạch và Đầu tư", "Sở Tài chính", reorganised.effective, DECISION),
        ("Sở Tài chính tỉnh", "Sở Tài chính (mới)", later, ""),
    ]


def test_a_transfer_without_a_decision_reads_without_one(
    reorganised, client, login, make_unit, app
):
    with app.test_request_context():
        new = make_unit(code="STCM", name="Sở Tài chính (mới)", short_name="Sở TC mới")
        close_into(reorganised.unit("STC"), reorganised.days(-5), new, "", kind="merge")
        db.session.commit()
    text = page_text(client, login, reorganised.person("office"), reorganised.assignment_ids["T3"])
    day = reorganised.days(-5).strftime("%d/%m/%Y")
    assert f"Chuyển giao: Sở Tài chính → Sở Tài chính (mới) (từ {day})" in text
