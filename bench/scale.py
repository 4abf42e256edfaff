"""Measure the targets of #20 at a merged province's decade: 500 units, 20 plans, 1,000,000
assignments, 5,000,000 journal rows.

    .venv/bin/python bench/scale.py [--fresh] [--runs 40]

Fills tracker_scale (BENCH_DATABASE_URL to change it) with `tracker demo-data --units 500
--plans 20 --assignments 1000000 --updates 5000000` unless it holds that data (timing the
fill), then through the WSGI app (Flask test client, bearer token): every read right after
a committed write that moves one open lead assignment's due date a day (its row and its period
in force, so the kept figures' triggers run) with the per-process caches emptied; the cached
reads; a unit's calendar feed; the morning sweep's planning; `tracker check-figures`; the
process's peak RSS. Prints a table and writes it to bench/RESULTS.md (section figures-scale).
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import sys
import time
from datetime import date
from pathlib import Path

os.environ["BENCH_SCALE"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    bench_url,
    connect,
    env_for,
    machine_line,
    prepare_database,
    summary,
    timing_table,
    timings,
    write_section,
)

TARGETS = (  # (measurement prefix, p95 target in ms)
    ("status, whole province, after a write", 150),
    ("status, one plan, after a write", 80),
    ("status, whole province, as of", 250),
    ("assignment list", 60),
    ("status, whole province, cached", 10),
    ("status, one plan, cached", 10),
    ("feed of a unit", 150),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fresh", action="store_true", help="rebuild the data")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument(
        "--from-rows",
        action="store_true",
        help="before #20: the status view counts from the rows, the kept figures unread",
    )
    args = parser.parse_args()
    url = bench_url()
    fill_seconds = prepare_database(url, args.fresh)
    os.environ.update(env_for(url))

    from sqlalchemy import func, select

    from tracker import create_app
    from tracker.accounts.api_tokens import create_token
    from tracker.accounts.models import User
    from tracker.assignments.models import Assignment
    from tracker.core.datacache import VersionedCache
    from tracker.extensions import db
    from tracker.feeds.services import create_feed
    from tracker.figures.check import compare_session
    from tracker.plans.models import Plan
    from tracker.reminders.services import sweep
    from tracker.status import services as status_services
    from tracker.units.models import Unit

    if args.from_rows:
        status_services.figures_usable = lambda: False
    app = create_app({"REDIS_URL": None})
    with app.app_context():
        office = db.session.scalar(select(User).where(User.role == "office"))
        _token, raw = create_token(office, "bench")
        plans = db.session.execute(
            select(Plan.year, Plan.code).where(Plan.code.like("SYN-%")).order_by(Plan.year)
        ).all()
        plan_code = plans[-1][1]
        past_year, past_plan = plans[len(plans) // 2]
        past_day = date(past_year, 9, 30)
        # The unit whose feed (open and done work) holds about 2,000 events: about 2,340
        # assignments, as 86 % of a unit's assignments are in its feed in this data.
        busiest = db.session.execute(
            select(Unit.code, func.count())
            .join(Assignment, Assignment.unit_id == Unit.id)
            .group_by(Unit.code)
            .order_by(func.abs(func.count() - 2340))
            .limit(1)
        ).one()
        feed_user = db.session.scalar(select(User).where(User.role == "office"))
        _feed, feed_url = create_feed(
            feed_user, scope="unit", unit_code=busiest[0], name="bench", include_done=True
        )
        counts = {
            "assignments": db.session.scalar(select(func.count()).select_from(Assignment)),
            "units": db.session.scalar(select(func.count()).select_from(Unit)),
        }
        db.session.commit()

    client = app.test_client()
    headers = {"Authorization": f"Bearer {raw}"}
    feed_path = "/" + feed_url.split("/", 3)[3]

    def get(path, **query):
        response = client.get(path, headers=headers, query_string=query)
        assert response.status_code == 200, (path, response.status_code)
        return response.get_data()

    writer = connect(url, autocommit=True)
    touched = itertools.cycle(
        row[0]
        for row in writer.execute(
            "SELECT a.id FROM assignments a JOIN tasks t ON t.id = a.task_id "
            "JOIN plans p ON p.id = t.plan_id WHERE p.code = %s AND a.role = 'lead' "
            "AND a.state IN ('not_started', 'in_progress') AND a.due_date IS NOT NULL "
            "ORDER BY a.id LIMIT 64",
            (plan_code,),
        ).fetchall()
    )
    signs = itertools.cycle((1, -1))
    write_times: list[float] = []

    def write():
        started = time.perf_counter()
        assignment, sign = next(touched), next(signs)
        with writer.transaction():
            writer.execute(
                "UPDATE assignments SET due_date = due_date + %s, updated_at = now() WHERE id = %s",
                (sign, assignment),
            )
            writer.execute(
                "UPDATE assignment_periods SET due_date = due_date + %s "
                "WHERE assignment_id = %s AND valid_to IS NULL",
                (sign, assignment),
            )
        write_times.append((time.perf_counter() - started) * 1000)

    def after_a_write():
        write()
        VersionedCache.clear_all()

    day = past_day.isoformat()
    shown = past_day.strftime("%d/%m/%Y")
    after_write = {
        "status, whole province, after a write": lambda: get("/api/v1/status/units"),
        "status, one plan, after a write": lambda: get("/api/v1/status/units", plan=plan_code),
        f"status, whole province, as of {shown}, after a write": lambda: get(
            "/api/v1/status/units", as_of=day
        ),
        f"status, one plan ({past_plan}), as of {shown}, after a write": lambda: get(
            "/api/v1/status/units", plan=past_plan, as_of=day
        ),
        "assignment list, 50 rows, one unit, overdue, after a write": lambda: get(
            "/api/v1/assignments", unit=busiest[0], deadline_class="overdue", per_page=50
        ),
        "assignment list, 50 rows, one plan, page 3, after a write": lambda: get(
            "/api/v1/assignments", plan=plan_code, per_page=50, page=3
        ),
        f"assignment list, 50 rows, one unit, as of {shown}, after a write": lambda: get(
            "/api/v1/assignments", unit=busiest[0], per_page=50, as_of=day
        ),
        f"feed of a unit ({busiest[1]:,} assignments), after a write": lambda: client.get(
            feed_path
        ).get_data(),
    }
    cached = {
        "status, whole province, cached": lambda: get("/api/v1/status/units"),
        "status, one plan, cached": lambda: get("/api/v1/status/units", plan=plan_code),
        "feed of a unit, cached": lambda: client.get(feed_path).get_data(),
    }
    results = {}
    for name, call in after_write.items():
        results[name] = timings(call, args.runs, before=after_a_write)
    for name, call in cached.items():
        results[name] = timings(call, args.runs)
    results["the write itself (row, period, figures' triggers, commit)"] = write_times[-args.runs :]
    events = client.get(feed_path).get_data().count(b"BEGIN:VEVENT")
    # What a web process holds after serving these (the planning and the check below are a
    # worker's and a command's, not the web's).
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    if args.from_rows:
        writer.close()
        report_rows(args, counts, results, rss_mb)
        return
    with app.app_context():
        started = time.perf_counter()
        messages, _ids = sweep(date.today(), dry_run=True)
        planning = time.perf_counter() - started
        started = time.perf_counter()
        compared = compare_session(db.session, app.config["DUE_SOON_DAYS"])
        checking = time.perf_counter() - started
        db.session.rollback()
    writer.close()
    report(
        args,
        counts,
        fill_seconds,
        results,
        events,
        planning,
        len(messages),
        checking,
        compared.equal,
        rss_mb,
    )


def report(
    args, counts, fill_seconds, results, events, planning, digests, checking, equal, rss_mb
) -> None:
    lines = [
        "## Scale (bench/scale.py, #20)",
        "",
        machine_line(),
        f"Data: {counts['units']} units, 20 plans, {counts['assignments']:,} assignments, "
        f'5,000,000 journal rows. {args.runs} requests a row through the WSGI app; "after a '
        "write\": before each request (untimed) an open lead assignment's due date moves a day "
        "in a committed transaction (its row and its period in force: the kept figures' "
        "triggers run) and the per-process caches are emptied.",
        "",
        *timing_table(results),
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    for prefix, target in TARGETS:
        worst = max(summary(v)[1] for k, v in results.items() if k.startswith(prefix))
        met = "yes" if worst <= target else "NO"
        lines.append(f"| {prefix} p95 ≤ {target} ms | {worst:.1f} ms | {met} |")
    lines.append(
        f"| reminder planning for a day ≤ 10 s | {planning:.1f} s ({digests} digests) | "
        f"{'yes' if planning <= 10 else 'NO'} |"
    )
    lines.append(
        f"| web process RSS ≤ 250 MB | {rss_mb:.0f} MB peak | {'yes' if rss_mb <= 250 else 'NO'} |"
    )
    if fill_seconds is not None:
        lines.append(
            f"| demo-data at this size < 5 min | {fill_seconds:.0f} s | "
            f"{'yes' if fill_seconds < 300 else 'NO'} |"
        )
    lines += [
        "",
        f"The unit's feed held {events:,} events. `tracker check-figures` (a count from "
        f"every period, compared with the kept figures) took {checking:.1f} s: "
        f"{'they agreed' if equal else 'THEY DIFFERED'}.",
    ]
    text = "\n".join(lines)
    print(text)
    write_section("figures", text)  # the section "figures-scale"


def report_rows(args, counts, results, rss_mb) -> None:
    lines = [
        "## Scale, counted from the rows (bench/scale.py --from-rows: before #20)",
        "",
        machine_line(),
        f"The same data and requests ({counts['assignments']:,} assignments, {args.runs} a "
        "row), with the status view counting from the assignments and their periods as it did "
        f"before the kept figures. Peak RSS {rss_mb:.0f} MB.",
        "",
        *timing_table(results),
    ]
    text = "\n".join(lines)
    print(text)
    write_section("figures-rows", text)


if __name__ == "__main__":
    main()
