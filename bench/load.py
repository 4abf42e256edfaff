"""Load: gunicorn on the province-scale data, 20 concurrent clients for 60 s.

    .venv/bin/python bench/load.py [--clients 20] [--seconds 60] [--workers 3]

Starts gunicorn (the production entry point, tracker.wsgi:app) on the bench database, then
drives a mix of the office's morning requests — the status page for the whole province, the
status API, a unit's assignment list — from concurrent clients with keep-alive connections.
Prints requests/s, p50/p95/p99 and errors, and writes them to bench/RESULTS.md. Loopback only;
bounded in time and count.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
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

MIX = [
    (0.4, "/status"),
    (0.3, "/api/v1/status/units"),
    (0.2, "/api/v1/assignments?unit=SNV&per_page=50"),
    (0.1, "/api/v1/assignments?deadline_class=overdue&per_page=50&page=2"),
]


def pick() -> str:
    roll, total = random.random(), 0.0
    for share, path in MIX:
        total += share
        if roll <= total:
            return path
    return MIX[-1][1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    url = bench_url()
    prepare_database(url, args.fresh)

    os.environ.update(env_for(url))
    from sqlalchemy import select

    from tracker import create_app
    from tracker.accounts.models import User
    from tracker.accounts.tokens import create_token
    from tracker.extensions import db

    app = create_app({"REDIS_URL": None})
    with app.app_context():
        office = db.session.scalar(select(User).where(User.email == "vanphong@cchc.demo"))
        _row, token = create_token(office, "load bench")
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
            "4",
            "--log-level",
            "warning",
            "tracker.wsgi:app",
        ],
        cwd=ROOT,
        env=env_for(url) | {"TRACKER_LOG_JSON": "false"},
    )
    headers = {"Authorization": f"Bearer {token}"}
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
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + args.seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop_at:
            path = pick()
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
                if not ok:
                    errors.append(problem)

    try:
        # Warm every worker's caches and connections first.
        for _ in range(args.workers * 6):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/status", headers=headers)
            conn.getresponse().read()
        started = time.monotonic()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
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
        "(the load generator shares the 2 cores). Mix: 40 % status page, 30 % status API, "
        "30 % assignment lists.",
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
