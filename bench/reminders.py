"""Measure reminder planning and delivery on province-scale data in PostgreSQL.

    .venv/bin/python bench/reminders.py [--fresh] [--messages 2000]

Planning: the morning sweep's planning (dry run) over the 50,000 assignments of
`tracker demo-data`, for several days. Delivery: 2,000 digests through Redis and a Celery
worker with two processes to a local SMTP server (aiosmtpd), from enqueue to the last
"sent" row. Prints a table and writes it to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    BIN,
    ROOT,
    bench_url,
    env_for,
    machine_line,
    prepare_database,
    write_section,
)

BROKER = "redis://127.0.0.1:6379/12"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()
    url = bench_url()
    prepare_database(url, args.fresh)

    import redis
    from sqlalchemy import delete, func, select

    from tests.reminders.smtp import start_server

    os.environ.update(env_for(url))
    controller, recorder = start_server()
    from tracker import create_app
    from tracker.accounts.models import User
    from tracker.assignments.models import Assignment
    from tracker.core.timeutil import local_today
    from tracker.extensions import db
    from tracker.reminders.models import DeliveryAttempt, ReminderDelivery
    from tracker.reminders.policy import get_policy
    from tracker.reminders.services import enqueue, sweep

    app = create_app(
        {"REDIS_URL": BROKER, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": controller.port}
    )
    lines = ["## Reminders (bench/reminders.py)", "", machine_line(), ""]
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Assignment))
        get_policy()
        plan_times, planned = [], []
        start_day = local_today()
        for offset in range(0, 10):
            day = start_day - timedelta(days=offset * 37)
            started = time.perf_counter()
            messages, _ids = sweep(day, dry_run=True)
            plan_times.append(time.perf_counter() - started)
            planned.append((day, len(messages), sum(len(m.assignment_ids) for m in messages)))
        lines += [
            f"Planning the morning sweep over {count:,} assignments (dry run, 10 days):",
            "",
            "| day | digests | assignments in them | seconds |",
            "|---|---:|---:|---:|",
        ]
        for (day, n, items), seconds in zip(planned, plan_times, strict=True):
            lines.append(f"| {day.isoformat()} | {n} | {items} | {seconds:.2f} |")

        # Delivery: N digests for the users of the data, each with a handful of assignments.
        db.session.execute(delete(DeliveryAttempt))
        db.session.execute(delete(ReminderDelivery))
        users = list(db.session.scalars(select(User).where(User.active.is_(True))))
        assignment_ids = list(db.session.scalars(select(Assignment.id).limit(5)))
        items = [
            {"id": i, "urgency": "overdue", "due_date": date.today().isoformat(), "days_late": 3}
            for i in assignment_ids
        ]
        rows = [
            {
                "kind": "digest",
                "dedupe_key": f"bench:{n}",
                "recipient_id": users[n % len(users)].id,
                "recipient_email": users[n % len(users)].email,
                "assignment_ids": assignment_ids,
                "payload": {"items": items},
                "planned_for": date.today(),
                "message_id": f"<bench-{n}@bench.local>",
                "status": "pending",
                "attempts": 0,
            }
            for n in range(args.messages)
        ]
        db.session.execute(ReminderDelivery.__table__.insert(), rows)
        db.session.commit()
        ids = list(db.session.scalars(select(ReminderDelivery.id)))

    redis.Redis.from_url(BROKER).flushdb()
    env = env_for(url) | {
        "REDIS_URL": BROKER,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(controller.port),
    }
    log = open(ROOT / "bench" / "worker.log", "w")  # noqa: SIM115
    worker = subprocess.Popen(
        [
            str(BIN / "celery"),
            "-A",
            "worker",
            "worker",
            "--concurrency",
            "2",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    time.sleep(6)
    try:
        with app.app_context():
            started = time.perf_counter()
            enqueue(ids)
            enqueued = time.perf_counter() - started
            while True:
                sent = db.session.scalar(
                    select(func.count())
                    .select_from(ReminderDelivery)
                    .where(ReminderDelivery.status == "sent")
                )
                db.session.rollback()
                if sent >= len(ids) or time.perf_counter() - started > 600:
                    break
                time.sleep(0.2)
            elapsed = time.perf_counter() - started
            by_id = recorder.by_message_id()
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        log.close()
        controller.stop()
    rate = sent / elapsed
    lines += [
        "",
        f"Delivery: {len(ids)} digests, Redis broker, one Celery worker with 2 "
        "processes, local aiosmtpd:",
        "",
        "| measurement | value |",
        "|---|---:|",
        f"| enqueue {len(ids)} tasks | {enqueued:.2f} s |",
        f"| all sent after | {elapsed:.1f} s |",
        f"| messages per second | {rate:.1f} |",
        f"| received by the SMTP server | {len(by_id)} distinct, {sum(by_id.values())} in all |",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        f"| planning < 3 s | {max(plan_times):.2f} s (slowest day) | "
        f"{'yes' if max(plan_times) < 3 else 'NO'} |",
        f"| delivery ≥ 50 messages/s | {rate:.1f}/s | {'yes' if rate >= 50 else 'NO'} |",
        "",
        "Redmine's `rake redmine:send_reminders` on data of the same shape: 35–42 s "
        "(from the issue).",
    ]
    text = "\n".join(lines)
    print(text)
    write_section("reminders", text)


if __name__ == "__main__":
    main()
