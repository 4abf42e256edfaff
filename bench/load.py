"""Load: gunicorn on the province-scale data, 20 concurrent clients for 60 s.

    .venv/bin/python bench/load.py [--clients 20] [--seconds 60] [--workers 2] [--threads 4]
        [--write-every 5]

Starts gunicorn (the production entry point, tracker.wsgi:app) on the bench database, then
drives a mix of the office's morning requests — the status page for the whole province, the
status API, a unit's assignment list — from concurrent clients with keep-alive connections.
Prints requests/s, p50/p95/p99 and errors, and writes them to bench/RESULTS.md. Loopback only;
bounded in time and count.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

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

# (share, kind, how a request of that kind is made): the office's morning. Browsers log in and
# open the status page, for the whole province or one plan; scripts read the status API; unit
# leads and the office page through assignment lists of any unit, or the province's overdue
# and due-soon assignments. Units, plans and pages are drawn at random, so most list requests
# differ from the ones before them.
MIX = [
    (0.3, "status page, province", lambda ctx: "/status"),
    (0.1, "status page, one plan", lambda ctx: f"/status?plan={quote(random.choice(ctx.plans))}"),
    (0.3, "status API", lambda ctx: "/api/v1/status/units"),
    (
        0.2,
        "assignments of one unit",
        lambda ctx: f"/api/v1/assignments?unit={quote(random.choice(ctx.units))}&per_page=50",
    ),
    (
        0.1,
        "province, by class, pages 1-5",
        lambda ctx: (
            "/api/v1/assignments?deadline_class="
            f"{random.choice(('overdue', 'due_soon'))}&per_page=50&page={random.randint(1, 5)}"
        ),
    ),
]


WRITE_KIND = "progress update (a unit lead)"


@dataclass
class Context:
    plans: list[str]
    units: list[str]


def pick() -> tuple[str, Callable[[Context], str]]:
    roll, total = random.random(), 0.0
    for share, kind, make in MIX:
        total += share
        if roll <= total:
            return kind, make
    return MIX[-1][1], MIX[-1][2]


def log_in(port: int) -> str:
    """A browser's session cookie for the office, through the login form."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login")
    response = conn.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    body = urlencode(
        {"csrf_token": csrf, "email": "vanphong@cchc.demo", "password": "VanPhong@2021"}
    )
    conn.request(
        "POST",
        "/login",
        body=body,
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )
    response = conn.getresponse()
    response.read()
    if response.status != 302:
        raise SystemExit(f"login failed: {response.status}")
    return response.getheader("Set-Cookie", "").split(";")[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument(
        "--write-every",
        type=float,
        default=5.0,
        help="seconds between progress updates by a unit lead, each of which changes the data "
        "and so empties every cache (0: none). A province's busiest hour sees about one a "
        "minute.",
    )
    args = parser.parse_args()
    url = bench_url()
    prepare_database(url, args.fresh)

    os.environ.update(env_for(url))
    from sqlalchemy import select

    from tracker import create_app
    from tracker.accounts.api_tokens import create_token
    from tracker.accounts.models import User
    from tracker.assignments.models import Assignment
    from tracker.extensions import db
    from tracker.plans.models import Plan
    from tracker.units.models import Unit

    app = create_app({"REDIS_URL": None})
    with app.app_context():
        office = db.session.scalar(select(User).where(User.email == "vanphong@cchc.demo"))
        _row, token = create_token(office, "load bench")
        ctx = Context(
            plans=list(db.session.scalars(select(Plan.code))),
            units=list(db.session.scalars(select(Unit.code))),
        )
        lead = db.session.scalar(select(User).where(User.email == "lanhdao.snv@cchc.demo"))
        _row, lead_token = create_token(lead, "load bench writer")
        open_assignments = {
            row.id: row.version
            for row in db.session.execute(
                select(Assignment.id, Assignment.version)
                .join(Unit, Unit.id == Assignment.unit_id)
                .where(
                    Unit.code == "SNV",
                    Assignment.role == "lead",
                    Assignment.state.in_(("not_started", "in_progress", "paused")),
                )
                .limit(50)
            )
        }
        db.engine.dispose()

    port = 18000 + random.randint(0, 999)
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
            "tracker.wsgi:app",
        ],
        cwd=ROOT,
        env=env_for(url) | {"TRACKER_LOG_JSON": "false"},
    )
    api_headers = {"Authorization": f"Bearer {token}"}
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.3)
    samples: list[float] = []
    by_kind: dict[str, list[float]] = {kind: [] for _share, kind, _make in MIX}
    by_kind[WRITE_KIND] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = 0.0

    def client(cookie: str) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        page_headers = {"Cookie": cookie}
        while time.monotonic() < stop_at:
            kind, make = pick()
            path = make(ctx)
            headers = api_headers if path.startswith("/api/") else page_headers
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                problem = f"{response.status} {path}"
            except (OSError, http.client.HTTPException) as error:
                ok, problem = False, f"{type(error).__name__} {path}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                samples.append(elapsed)
                by_kind[kind].append(elapsed)
                if not ok:
                    errors.append(problem)

    def writer() -> None:
        """A unit lead's progress updates: each commits, so the data version moves and every
        worker's cached figures and pages are built again."""
        headers = {"Authorization": f"Bearer {lead_token}", "Content-Type": "application/json"}
        ids = list(open_assignments)
        turn = 0
        while args.write_every > 0 and time.monotonic() + args.write_every < stop_at:
            time.sleep(args.write_every)
            assignment_id = ids[turn % len(ids)]
            turn += 1
            body = {
                "state": "in_progress",
                "progress": turn % 100,
                "note": "bench/load.py",
                "version": open_assignments[assignment_id],
            }
            started = time.perf_counter()
            # A new connection each time: gunicorn closes one idle for longer than 2 s.
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request(
                "POST",
                f"/api/v1/assignments/{assignment_id}/updates",
                body=json.dumps(body),
                headers=headers,
            )
            response = conn.getresponse()
            payload = response.read()
            conn.close()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                by_kind[WRITE_KIND].append(elapsed)
                if response.status == 200:
                    open_assignments[assignment_id] = json.loads(payload)["version"]
                else:
                    errors.append(f"{response.status} progress update {assignment_id}")

    try:
        # Warm every worker's caches and connections first.
        cookies = [log_in(port) for _ in range(args.clients)]
        for _ in range(args.workers * 6):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/status", headers={"Cookie": cookies[0]})
            conn.getresponse().read()
        stop_at = time.monotonic() + args.seconds
        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(c,)) for c in cookies]
        threads.append(threading.Thread(target=writer))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        duration = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(p * len(ordered))) - 1)]

    p95 = pct(0.95)
    lines = [
        "## Load (bench/load.py)",
        "",
        machine_line(),
        f"gunicorn, {args.workers} gthread workers × {args.threads} threads, on the "
        "province-scale data; "
        f"{args.clients} concurrent keep-alive clients for {args.seconds} s on the same machine "
        "(the load generator shares the 2 cores). Browsers log in through the form; API calls "
        "carry a token. Units, plans and pages are drawn at random.",
        "",
        "| measurement | value |",
        "|---|---:|",
        f"| requests | {len(samples)} |",
        f"| requests/s | {len(samples) / duration:.1f} |",
        f"| p50 ms | {statistics.median(ordered):.0f} |",
        f"| p95 ms | {p95:.0f} |",
        f"| p99 ms | {pct(0.99):.0f} |",
        f"| errors | {len(errors)} |",
        "",
        "| request | share | count | p50 ms | p95 ms |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {kind} | {share:.0%} | {len(by_kind[kind])} | "
            f"{statistics.median(by_kind[kind]):.0f} | "
            f"{sorted(by_kind[kind])[int(0.95 * (len(by_kind[kind]) - 1))]:.0f} |"
            for share, kind, _make in MIX
            if by_kind[kind]
        ),
        *(
            f"| {WRITE_KIND} | every {args.write_every:g} s | {len(by_kind[WRITE_KIND])} | "
            f"{statistics.median(by_kind[WRITE_KIND]):.0f} | "
            f"{max(by_kind[WRITE_KIND]):.0f} (max) |"
            for _ in [1]
            if by_kind[WRITE_KIND]
        ),
        "",
        "| target | measured | met |",
        "|---|---|---|",
        f"| no errors | {len(errors)} | {'yes' if not errors else 'NO'} |",
        f"| p95 < 300 ms at {args.clients} clients | {p95:.0f} ms | "
        f"{'yes' if p95 < 300 else 'NO'} |",
    ]
    if errors:
        lines += ["", "First errors: " + "; ".join(errors[:5])]
    text = "\n".join(lines)
    print(text)
    write_section("load", text)


if __name__ == "__main__":
    main()
