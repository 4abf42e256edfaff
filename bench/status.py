"""Measure the status view on province-scale data in PostgreSQL.

    .venv/bin/python bench/status.py [--fresh] [--runs 60]

Fills a database (BENCH_DATABASE_URL, default tracker_bench on the local server) with
`tracker demo-data --units 155 --plans 5 --assignments 50000 --updates 250000` unless it already
holds that data, then times, through the WSGI app: the status endpoint for the whole province,
the status page, the same aggregate run directly in SQL, and a 50-row filtered page of the
assignment list; then the same requests as of past days (30/09 of the second-to-last synthetic
plan year and a year before), each timed right after a committed write. Prints a table and
writes it to bench/RESULTS.md. No asserts: the figures are compared with the targets in the
table.

It uses only HTTP requests, plain SQL and what the app had before the history of #14
(commit 0325f6b), so that the same script measures both builds.
"""

from __future__ import annotations

import argparse
import itertools
import re
import resource
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    bench_url,
    connect,
    machine_line,
    prepare_database,
    summary,
    timing_table,
    timings,
    write_section,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fresh", action="store_true", help="rebuild the data")
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()

    url = bench_url()
    fill_seconds = prepare_database(url, args.fresh)

    import os

    os.environ.update(
        {"TRACKER_ENV": "testing", "SECRET_KEY": "bench-secret-key", "DATABASE_URL": url}
    )
    from sqlalchemy import select

    from tracker import create_app
    from tracker.accounts.api_tokens import create_token
    from tracker.accounts.models import User
    from tracker.core.datacache import VersionedCache
    from tracker.core.timeutil import local_today
    from tracker.extensions import db
    from tracker.plans.filters import AssignmentFilters
    from tracker.plans.models import Plan
    from tracker.status.services import grouped_statement

    app = create_app({"REDIS_URL": None})
    with app.app_context():
        office = db.session.scalar(select(User).where(User.role == "office"))
        _token, raw = create_token(office, "bench")
        today = local_today()
        statement = grouped_statement(AssignmentFilters(as_of=today))
        sql = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
        plan_code = db.session.scalar(
            select(Plan.code).where(Plan.code.like("SYN-%")).order_by(Plan.code.desc()).limit(1)
        )
        # Past days: 30/09 of the second-to-last synthetic plan year (the middle of the data's
        # span) and the same day a year before; the plan of that year.
        synthetic = db.session.execute(
            select(Plan.year, Plan.code).where(Plan.code.like("SYN-%")).order_by(Plan.year)
        ).all()
        past_year, past_plan = synthetic[-2] if len(synthetic) > 1 else synthetic[-1]
        past_day = date(past_year, 9, 30)
        year_before = date(past_year - 1, 9, 30)
        past_sql = str(
            grouped_statement(AssignmentFilters(as_of=past_day)).compile(
                db.engine, compile_kwargs={"literal_binds": True}
            )
        )
        raw_connection = db.engine.raw_connection()

    client = app.test_client()
    headers = {"Authorization": f"Bearer {raw}"}

    def get(path, **query):
        response = client.get(path, headers=headers, query_string=query)
        assert response.status_code == 200, (path, response.status_code)
        response.get_data()

    # A bearer token opens only the API (#12): the HTML page is read by a browser's session,
    # logged in as the office through the login form.
    browser = app.test_client()
    login_page = browser.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page)
    logged_in = browser.post(
        "/login",
        data={
            "csrf_token": csrf.group(1) if csrf else "",
            "email": "vanphong@cchc.demo",
            "password": "VanPhong@2021",
        },
    )
    assert logged_in.status_code == 302, ("login", logged_in.status_code)

    def page(path, **query):
        response = browser.get(path, query_string=query)
        assert response.status_code == 200, (path, response.status_code)
        response.get_data()

    cursor = raw_connection.cursor()
    cursor.execute("SET jit = off")  # as the app's own connections do
    cursor.close()

    def run_sql(statement=sql):
        cursor = raw_connection.cursor()
        cursor.execute(statement)
        cursor.fetchall()
        cursor.close()

    # The write before each past-day request: one assignment of this year's plan touched in its
    # own committed transaction (plain SQL, the same for every build), which moves the data
    # version (tracker/core/datacache.py) as any change through the app does.
    writer = connect(url, autocommit=True)
    touched = itertools.cycle(
        [
            row[0]
            for row in writer.execute(
                "SELECT a.id FROM assignments a JOIN tasks t ON t.id = a.task_id "
                "JOIN plans p ON p.id = t.plan_id WHERE p.code = %s ORDER BY a.id LIMIT 64",
                (plan_code,),
            )
        ]
    )

    def data_version():
        return writer.execute("SELECT version FROM data_version WHERE id = 1").fetchone()[0]

    def write():
        writer.execute("UPDATE assignments SET updated_at = now() WHERE id = %s", (next(touched),))

    version = data_version()
    write()
    assert data_version() > version, "the write did not move the data version"

    def after_a_write():
        write()
        VersionedCache.clear_all()

    def cold(call):
        # The per-process caches forgotten before each request: what the first reader after
        # a change waits for.
        def run():
            VersionedCache.clear_all()
            call()

        return run

    requests = {
        "status endpoint, whole province": lambda: get("/api/v1/status/units"),
        "status endpoint, one plan": lambda: get("/api/v1/status/units", plan=plan_code),
        "status page (HTML), whole province": lambda: page("/status"),
        "assignment list, 50 rows, one unit, overdue": lambda: get(
            "/api/v1/assignments", unit="SNV", deadline_class="overdue", per_page=50
        ),
        "assignment list, 50 rows, one plan, page 3": lambda: get(
            "/api/v1/assignments", plan=plan_code, per_page=50, page=3
        ),
    }
    day, before = past_day.strftime("%d/%m/%Y"), year_before.strftime("%d/%m/%Y")
    past_requests = {
        f"status endpoint, whole province, as of {day}": lambda: get(
            "/api/v1/status/units", as_of=past_day.isoformat()
        ),
        f"status endpoint, whole province, as of {before}": lambda: get(
            "/api/v1/status/units", as_of=year_before.isoformat()
        ),
        f"status endpoint, one plan ({past_plan}), as of {day}": lambda: get(
            "/api/v1/status/units", plan=past_plan, as_of=past_day.isoformat()
        ),
        f"assignment list, 50 rows, one unit, overdue, as of {day}": lambda: get(
            "/api/v1/assignments",
            unit="SNV",
            deadline_class="overdue",
            per_page=50,
            as_of=past_day.isoformat(),
        ),
        f"assignment list, 50 rows, one plan ({past_plan}), page 3, as of {day}": lambda: get(
            "/api/v1/assignments", plan=past_plan, per_page=50, page=3, as_of=past_day.isoformat()
        ),
    }
    results = {}
    for name, call in requests.items():
        results[f"{name}, cold"] = timings(cold(call), args.runs)
        results[f"{name}, cached"] = timings(call, args.runs)
    results["direct SQL aggregate, whole province"] = timings(run_sql, args.runs)
    for name, call in past_requests.items():
        results[f"{name}, cold after a write"] = timings(call, args.runs, before=after_a_write)
    results[f"direct SQL aggregate, whole province, as of {day}"] = timings(
        lambda: run_sql(past_sql), args.runs
    )
    raw_connection.close()
    writer.close()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    endpoint_p95 = summary(results["status endpoint, whole province, cold"])[1]
    sql_p95 = summary(results["direct SQL aggregate, whole province"])[1]
    list_p95 = max(
        summary(results[k])[1]
        for k in results
        if k.startswith("assignment list") and k.endswith("cold")
    )
    past_status_p95 = max(
        summary(results[k])[1]
        for k in results
        if k.startswith("status endpoint, whole province, as of")
    )
    past_list_p95 = max(
        summary(results[k])[1]
        for k in results
        if k.startswith("assignment list") and k.endswith("cold after a write")
    )
    lines = [
        "## Status view (bench/status.py)",
        "",
        machine_line(),
        f"Data: 155 units, 5 plans, 50,000 assignments, 250,000 journal rows; {args.runs} "
        "requests each through the WSGI app (Flask test client; bearer token, the HTML page a "
        'logged-in session). "cold": the '
        "per-process caches of figures and pages (tracker/core/datacache.py) emptied before "
        'each request, as for the first reader after a change; "cached": the same request '
        'again while the data is unchanged; "cold after a write": before each request '
        "(untimed) one assignment's updated_at is changed in a committed transaction of its "
        "own, which moves the data version, and the caches are emptied, so every past-day "
        f"figure is computed anew. Past days: {day}, the middle of the data's span, and "
        f"{before}.",
        "",
        *timing_table(results),
    ]
    lines += [
        "",
        "| target | measured | met |",
        "|---|---|---|",
        f"| status endpoint p95 ≤ 80 ms (cold) | {endpoint_p95:.1f} ms | "
        f"{'yes' if endpoint_p95 <= 80 else 'NO'} |",
        f"| status endpoint p95 ≤ 3 × direct SQL p95 (cold) | {endpoint_p95 / sql_p95:.2f} × | "
        f"{'yes' if endpoint_p95 <= 3 * sql_p95 else 'NO'} |",
        f"| assignment list (50 rows) p95 ≤ 60 ms (cold) | {list_p95:.1f} ms | "
        f"{'yes' if list_p95 <= 60 else 'NO'} |",
        f"| status endpoint, whole province, past day p95 ≤ 80 ms (cold after a write) | "
        f"{past_status_p95:.1f} ms | {'yes' if past_status_p95 <= 80 else 'NO'} |",
        f"| assignment list (50 rows), past day p95 ≤ 60 ms (cold after a write) | "
        f"{past_list_p95:.1f} ms | {'yes' if past_list_p95 <= 60 else 'NO'} |",
        f"| web process < 200 MB | {rss_mb:.0f} MB peak RSS | {'yes' if rss_mb < 200 else 'NO'} |",
    ]
    if fill_seconds is not None:
        lines.append(
            f"| demo-data fills the database in < 120 s | {fill_seconds:.1f} s | "
            f"{'yes' if fill_seconds < 120 else 'NO'} |"
        )
    lines += [
        "",
        "Redmine 5 on data of the same shape here (from the issue): whole-province "
        "report 410 ms p95, one-unit JSON list 90 ms p95.",
    ]
    text = "\n".join(lines)
    print(text)
    write_section("status", text)


if __name__ == "__main__":
    main()
