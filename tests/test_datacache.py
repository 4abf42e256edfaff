"""Status figures are cached per data version: a commit that writes assignments, tasks, plans,
units or extension requests moves the version (deferred triggers, PostgreSQL), a rollback does
not, and a transaction that has written never reads or fills the cache."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, select, text, update

from tests.conftest import csrf_from
from tests.support import committed_demo_app
from tracker.core.datacache import VersionedCache, data_version
from tracker.extensions import db

PLAN = "5959/QĐ-UBND"


@pytest.fixture(scope="module")
def cache_app(tmp_path_factory):
    with committed_demo_app("_cache", tmp_path_factory.mktemp("cache-instance")) as app:
        yield app


@pytest.fixture
def office_api(cache_app):
    from tracker.accounts.api_tokens import create_token
    from tracker.accounts.models import User

    with cache_app.app_context():
        office = db.session.scalar(select(User).where(User.email == "vanphong@cchc.demo"))
        _row, raw = create_token(office, "cache test")
        db.session.commit()
    client = cache_app.test_client()
    # The status page is HTML, which a token does not open: the same client logs in too.
    token = csrf_from(client, "/login")
    client.post(
        "/login",
        data={"email": "vanphong@cchc.demo", "password": "VanPhong@2021", "csrf_token": token},
    )
    return client, {"Authorization": f"Bearer {raw}"}


def version_now(app):
    with app.app_context():
        return data_version()


def test_a_commit_moves_the_version_and_a_rollback_does_not(cache_app):
    before = version_now(cache_app)
    assert before is not None
    with cache_app.app_context():
        db.session.execute(text("UPDATE units SET name = name WHERE code = 'SNV'"))
        assert data_version() is None, "a transaction that wrote must not use the cache"
        db.session.rollback()
    assert version_now(cache_app) == before
    with cache_app.app_context():
        db.session.execute(text("UPDATE units SET name = name WHERE code = 'SNV'"))
        db.session.execute(text("UPDATE tasks SET title = title"))
        db.session.commit()
    after = version_now(cache_app)
    assert after[-1] == before[-1] + 1, "one bump per transaction, however many rows"
    with cache_app.app_context():
        db.session.execute(text("UPDATE units SET name = name WHERE false"))
        db.session.commit()
    assert version_now(cache_app) == after, "a statement that changed no row is no change"


def status(client, headers):
    response = client.get(
        "/api/v1/status/units", query_string={"plan": PLAN, "as_of": "2021-09-30"}, headers=headers
    )
    assert response.status_code == 200
    return response.json


def status_table(response) -> str:
    """The page's table of figures (the rest holds a CSRF token signed with the time)."""
    assert response.status_code == 200
    text = response.text
    start = text.index('<table class="grid status">')
    return text[start : text.index("</table>", start)]


def count_grouped_queries(app):
    seen = []

    def listener(conn, cursor, statement, *args):
        if "GROUP BY" in statement:
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    return seen, lambda: event.remove(engine, "before_cursor_execute", listener)


def test_figures_come_from_the_cache_until_a_commit_changes_them(cache_app, office_api):
    from tracker.assignments.models import Assignment, AssignmentPeriod, AssignmentTransfer
    from tracker.plans.models import Plan, Task

    client, headers = office_api
    page_args = {"plan": PLAN, "as_of": "30/09/2021"}
    first = status(client, headers)
    first_page = status_table(client.get("/status", query_string=page_args))
    seen, stop = count_grouped_queries(cache_app)
    try:
        assert status(client, headers) == first
        again = client.get("/status", query_string=page_args)
        assert status_table(again) == first_page
        assert seen == [], "the same figures at the same data version are not recomputed"

        # An overdue lead assignment is completed on 30/09/2021, late.
        with cache_app.app_context():
            assignment = db.session.scalars(
                select(Assignment)
                .join(Task)
                .join(Plan)
                .where(
                    Plan.code == PLAN,
                    Assignment.role == "lead",
                    Assignment.completed_on.is_(None),
                    Assignment.cancelled_on.is_(None),
                    Assignment.due_date < date(2021, 9, 30),
                    Assignment.due_date_revision == 0,
                    # held by the same unit since 2021 (not moved by the 2025 reorganisation)
                    Assignment.id.not_in(select(AssignmentTransfer.assignment_id)),
                )
            ).first()
            assignment_id, unit_code = assignment.id, assignment.unit.code
            overdue_args = {
                "plan": PLAN,
                "as_of": "2021-09-30",
                "unit": unit_code,
                "deadline_class": "overdue",
                "per_page": 200,
            }
            listed = client.get("/api/v1/assignments", query_string=overdue_args, headers=headers)
            assert assignment_id in {item["id"] for item in listed.json["items"]}
            # A correction of the record of that day (figures as of a past day come from the
            # assignment's periods).
            day = date(2021, 9, 30)
            db.session.execute(
                update(AssignmentPeriod)
                .where(
                    AssignmentPeriod.assignment_id == assignment_id,
                    AssignmentPeriod.valid_from <= day,
                    (AssignmentPeriod.valid_to.is_(None)) | (AssignmentPeriod.valid_to > day),
                )
                .values(completed_on=day, state="done", progress=100)
            )
            db.session.commit()
        second = status(client, headers)
        second_page = status_table(client.get("/status", query_string=page_args))
        relisted = client.get("/api/v1/assignments", query_string=overdue_args, headers=headers)
    finally:
        stop()
    assert len(seen) == 1
    assert second["totals"]["overdue"] == first["totals"]["overdue"] - 1
    assert second["totals"]["done_late"] == first["totals"]["done_late"] + 1
    assert second_page != first_page
    assert assignment_id not in {item["id"] for item in relisted.json["items"]}
    assert relisted.json["total"] == listed.json["total"] - 1


def test_the_cache_builds_once_per_version_and_never_without_one():
    cache = VersionedCache(size=2)
    built = []

    def build():
        built.append(1)
        return len(built)

    assert cache.get(("db", 1), "k", build) == 1
    assert cache.get(("db", 1), "k", build) == 1
    assert cache.get(("db", 2), "k", build) == 2
    assert cache.get(None, "k", build) == 3
    assert cache.get(None, "k", build) == 4
    cache.get(("db", 3), "k", build)
    assert cache.get(("db", 1), "k", build) == 6, "the oldest entry was evicted"


def test_threads_asking_for_the_same_figures_at_once_build_them_once():
    import threading
    import time

    cache = VersionedCache()
    builds = []

    def build():
        builds.append(1)
        time.sleep(0.2)
        return "figures"

    results = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get(("db", 7), "k", build)))
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["figures"] * 6
    assert len(builds) == 1


def test_a_failed_build_is_not_kept():
    cache = VersionedCache()

    def fail():
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        cache.get(("db", 1), "k", fail)
    assert cache.get(("db", 1), "k", lambda: "again") == "again"
