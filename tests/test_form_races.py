"""Form posts racing on one row: saves made from one version, decisions on one extension
request, two confirmations of one import. Exactly one lands; the others are refused (409 or
422), never a 500 and never twice. Real threads, one test client each, on a committed
database, all with the same logged-in session."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO

import pytest
from sqlalchemy import func, select

from tests.conftest import CSRF_RE, csrf_from
from tests.imports_support import SAMPLE_CSV, edited_sample
from tests.race_support import (
    LEAD,
    OFFICE,
    assignment_row,
    extension_decisions,
    fresh_assignment,
    journal_count,
    make_race_plan,
    race,
    statuses,
    user,
)
from tests.support import committed_demo_app
from tracker.extensions import db

ROUNDS = 3
PASSWORDS = {OFFICE: "VanPhong@2021", LEAD: "SoNoiVu@2021"}
CONFIRM_RE = re.compile(r'action="(/plans/import/[A-Za-z0-9_-]+)"')


@pytest.fixture(scope="module")
def races(tmp_path_factory):
    instance = tmp_path_factory.mktemp("form-races")
    with committed_demo_app("_formraces", instance, plans=False) as app:
        make_race_plan(app)
        yield {"app": app, "office": logged_in(app, OFFICE), "lead": logged_in(app, LEAD)}


def logged_in(app, email: str) -> dict:
    """The session cookie and a CSRF token of a logged-in user, to share between clients."""
    client = app.test_client()
    token = csrf_from(client, "/login")
    response = client.post(
        "/login", data={"email": email, "password": PASSWORDS[email], "csrf_token": token}
    )
    assert response.status_code == 302, response.status_code
    csrf = csrf_from(client, "/plans/")
    return {"cookie": client.get_cookie("session").value, "csrf": csrf}


def client_as(app, session: dict):
    client = app.test_client()
    client.set_cookie("session", session["cookie"])
    return client


def post_form(app, session: dict, path: str, data: dict, **options) -> tuple[int, str]:
    response = client_as(app, session).post(
        path, data={"csrf_token": session["csrf"], **data}, **options
    )
    return response.status_code, response.headers.get("Location", "")


def assert_one_winner(results, count: int) -> None:
    seen = statuses(results)
    assert not [s for s in seen if s >= 500], results
    assert seen[302] == 1 and seen[409] + seen[422] == count - 1, results


def test_racing_form_saves_from_one_version_have_one_winner(races):
    app = races["app"]
    for _round in range(ROUNDS):
        assignment_id = fresh_assignment(app)
        version, journal = assignment_row(app, assignment_id)["version"], 1

        def save(i: int, path=f"/assignments/{assignment_id}/update", version=version):
            # Half of them change nothing: the same state and progress as the row holds.
            state, progress = ("not_started", 0) if i % 2 else ("in_progress", 10 + i)
            data = {"version": version, "state": state, "progress": progress, "note": ""}
            return post_form(app, races["lead"], path, data)

        assert journal_count(app, assignment_id) == journal
        assert_one_winner(race(20, save), 20)
        assert journal_count(app, assignment_id) == journal + 1
        assert assignment_row(app, assignment_id)["version"] == version + 1


def test_racing_form_decisions_on_one_request_have_one_winner(races):
    from tracker.assignments.extension_requests import request_extension
    from tracker.assignments.models import Assignment

    app = races["app"]
    for _round in range(ROUNDS):
        assignment_id = fresh_assignment(app)
        before = assignment_row(app, assignment_id)
        wanted = before["due_date"] + timedelta(days=20)
        with app.app_context():
            assignment = db.session.get(Assignment, assignment_id)
            extension = request_extension(user(LEAD), assignment, due_date=wanted, reason="Chờ")
            extension_id = extension.id

        def decide(i: int, path=f"/extension-requests/{extension_id}/decide"):
            decision = "approve" if i % 2 == 0 else "reject"
            return post_form(app, races["office"], path, {"decision": decision, "note": "Xét"})

        assert_one_winner(race(10, decide), 10)
        [decision] = extension_decisions(app, assignment_id)
        after = assignment_row(app, assignment_id)
        approved = decision == "approved"
        assert (after["due_date"] == wanted) is approved
        assert after["due_date_revision"] == before["due_date_revision"] + approved
        decided = journal_count(app, assignment_id, "extension_approved", "extension_rejected")
        assert decided == 1


def imports_of(app, code: str) -> int:
    from tracker.audit.models import AuditEvent
    from tracker.plans.models import Plan

    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .join(Plan, Plan.id == AuditEvent.target_id)
            .where(AuditEvent.action == "plan.import", Plan.code == code)
        )


def test_two_confirmations_of_one_import_apply_it_once(races):
    """First a new plan, then corrected files of it (a title and the deadline of a task, so
    that the assignments change too)."""
    app, office = races["app"], races["office"]
    code = "4800/KH-UBND"
    files = [SAMPLE_CSV.read_bytes()] + [
        edited_sample(
            r8c2=f"Ban hành Kế hoạch tuyên truyền CCHC năm 2022 (sửa đổi lần {n})",
            r10c5=f"Trước ngày {20 + n}/11/2022",
        )
        for n in range(1, ROUNDS)
    ]
    for imported, data in enumerate(files):
        preview = client_as(app, office).post(
            "/plans/import",
            data={
                "csrf_token": office["csrf"],
                "plan_code": code,
                "file": (BytesIO(data), "ke-hoach.csv"),
            },
            content_type="multipart/form-data",
        )
        page = preview.get_data(as_text=True)
        assert preview.status_code == 200, page[-2000:]
        action = CONFIRM_RE.search(page).group(1)
        form = {"csrf_token": CSRF_RE.findall(page)[-1], "plan_code": code}

        def confirm(_i: int, action=action, form=form):
            response = client_as(app, office).post(action, data=form)
            return response.status_code, response.headers.get("Location", "")

        results = race(2, confirm)
        assert not [s for s, _where in results if s >= 500], results
        applied = [r for r in results if r[0] == 302 and "/plans/import" not in r[1]]
        assert len(applied) == 1, results
        # The other is refused (409), or finds the kept file already used and gone.
        [(status, where)] = [r for r in results if r not in applied]
        assert status == 409 or where.endswith("/plans/import"), results
        assert imports_of(app, code) == imported + 1
