"""Requests racing on one assignment through the API have exactly one winner: decisions on one
extension request, new requests on one assignment, updates made from one version. And a PATCH
that cancels and moves the due date is one change, all or nothing. Real threads, one test
client each, on a committed database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.race_support import (
    LEAD,
    OFFICE,
    assignment_row,
    bearer,
    extension_decisions,
    fresh_assignment,
    journal_count,
    make_race_plan,
    race,
    statuses,
)
from tests.support import committed_demo_app

ROUNDS = 3


@pytest.fixture(scope="module")
def races(tmp_path_factory):
    instance = tmp_path_factory.mktemp("workflow-races")
    with committed_demo_app("_wfraces", instance, plans=False) as app:
        make_race_plan(app)
        yield {"app": app, "office": bearer(app, OFFICE), "lead": bearer(app, LEAD)}


def call(app, method: str, path: str, headers: dict, body: dict) -> tuple[int, dict]:
    response = app.test_client().open(f"/api/v1{path}", method=method, json=body, headers=headers)
    return response.status_code, response.json


def ask_extension(races, assignment_id: int, due, reason: str = "Chờ số liệu của các huyện"):
    body = {"due_date": due.isoformat(), "reason": reason}
    return call(
        races["app"],
        "POST",
        f"/assignments/{assignment_id}/extension-requests",
        races["lead"],
        body,
    )


@pytest.mark.parametrize("mix", ["approvals_and_rejections", "approvals_only"])
def test_racing_decisions_on_one_request_have_exactly_one_winner(races, mix):
    app = races["app"]
    count = 8 if mix == "approvals_and_rejections" else 10
    for _round in range(ROUNDS):
        assignment_id = fresh_assignment(app)
        before = assignment_row(app, assignment_id)
        wanted = before["due_date"] + timedelta(days=20)
        status, made = ask_extension(races, assignment_id, wanted)
        assert status == 201, made

        def decide(i: int, extension_id=made["id"]):
            approve = mix == "approvals_only" or i % 2 == 0
            body = {"approve": approve, "note": "" if approve else "Chưa đủ căn cứ"}
            path = f"/extension-requests/{extension_id}/decision"
            return call(app, "POST", path, races["office"], body)

        results = race(count, decide)
        seen = statuses(results)
        assert seen[200] == 1 and seen[409] + seen[422] == count - 1, results
        [decision] = extension_decisions(app, assignment_id)
        winner = next(body for status, body in results if status == 200)
        assert winner["decision"] == decision
        after = assignment_row(app, assignment_id)
        approved = decision == "approved"
        assert (after["due_date"] == wanted) is approved
        assert after["due_date_revision"] == before["due_date_revision"] + approved
        decided = journal_count(app, assignment_id, "extension_approved", "extension_rejected")
        assert decided == 1


def test_racing_requests_leave_one_pending(races):
    app = races["app"]
    for _round in range(ROUNDS):
        assignment_id = fresh_assignment(app)
        due = assignment_row(app, assignment_id)["due_date"]
        results = race(
            10,
            lambda i, a=assignment_id, d=due: ask_extension(races, a, d + timedelta(days=10 + i)),
        )
        seen = statuses(results)
        assert seen[201] == 1 and seen[409] + seen[422] == 9, results
        assert extension_decisions(app, assignment_id) == ["pending"]
        assert journal_count(app, assignment_id, "extension_requested") == 1


def test_racing_updates_from_one_version_have_exactly_one_winner(races):
    """Half of them change nothing: an update that changes no column still takes the version,
    so the others made from it are stale (409) and the journal gains one row."""
    app = races["app"]
    for _round in range(ROUNDS):
        assignment_id = fresh_assignment(app)
        path = f"/assignments/{assignment_id}/updates"
        start = {"state": "in_progress", "progress": 14, "version": 1}
        status, body = call(app, "POST", path, races["lead"], start)
        assert status == 200, body
        version, journal = body["version"], journal_count(app, assignment_id)

        def update(i: int, path=path, version=version):
            progress = 14 if i % 2 else 20 + i
            body = {"state": "in_progress", "progress": progress, "version": version}
            return call(app, "POST", path, races["lead"], body)

        results = race(20, update)
        seen = statuses(results)
        assert seen[200] == 1 and seen[409] == 19, results
        row = assignment_row(app, assignment_id)
        assert row["version"] == version + 1
        assert journal_count(app, assignment_id) == journal + 1
        winner = next(body for status, body in results if status == 200)
        assert (winner["progress"], winner["version"]) == (row["progress"], row["version"])


def test_cancel_with_a_due_date_in_one_patch_is_all_or_nothing(races):
    app = races["app"]
    assignment_id = fresh_assignment(app)
    before = assignment_row(app, assignment_id)
    path = f"/assignments/{assignment_id}"
    # The due date it already has is refused, and so the cancellation must not happen either.
    refused = {"state": "cancelled", "due_date": before["due_date"].isoformat(), "reason": "Gộp"}
    status, body = call(app, "PATCH", path, races["office"], refused)
    assert status == 422 and "due_date" in body["error"]["fields"], body
    assert assignment_row(app, assignment_id) == before
    assert journal_count(app, assignment_id, "cancelled", "due_changed") == 0

    new_due = before["due_date"] + timedelta(days=15)
    both = {
        "state": "cancelled",
        "due_date": new_due.isoformat(),
        "reason": "Điều chỉnh theo Quyết định sửa đổi",
        "version": before["version"],
    }
    status, body = call(app, "PATCH", path, races["office"], both)
    assert status == 200, body
    assert (body["state"], body["due_date"]) == ("cancelled", new_due.isoformat())
    after = assignment_row(app, assignment_id)
    assert after["version"] == before["version"] + 1  # one commit
    assert journal_count(app, assignment_id, "due_changed") == 1
    assert journal_count(app, assignment_id, "cancelled") == 1
