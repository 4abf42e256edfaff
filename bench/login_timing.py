"""Does the time of a refused login tell whether the account exists?

    .venv/bin/python bench/login_timing.py [--runs 30]

Builds a scratch database (LOGIN_BENCH_DATABASE_URL, default tracker_login_bench on the local
server) with one account holding a real argon2id hash and one invited account with no password
yet, then times, through the WSGI app (Flask's test client), a wrong password for the existing
account, for an unknown address and for the invited account, interleaved so that a slow spell
of the machine falls on all three alike. The failed-login limits are raised out of the way and
the CSRF check is off: what is timed is the POST /login that is refused. Target (issue #16):
the medians of the existing and the unknown account within 10 % of each other. Prints a table
and appends a row to bench/RESULTS.md. No asserts: the figures are compared with the target.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

import psycopg
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import RESULTS, machine_line, summary, write_section  # noqa: E402
from tracker import create_app  # noqa: E402
from tracker.accounts.models import User  # noqa: E402
from tracker.accounts.passwords import hash_password  # noqa: E402
from tracker.extensions import db  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/tracker_login_bench"
SECTION = "login-timing"
HEADER = [
    "| run | runs each | existing, wrong password: median ms | unknown account: median ms "
    "| invited, no password: median ms | unknown vs existing | within 10 % |",
    "|---|---:|---:|---:|---:|---:|---|",
]
WRONG = "sai-mat-khau-2021"


def build_app(url: str):
    os.environ.setdefault("TRACKER_ENV", "testing")
    os.environ.setdefault("SECRET_KEY", "bench-secret-key")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://"),
            "REDIS_URL": None,
            "WTF_CSRF_ENABLED": False,
            "LOGIN_MAX_FAILURES_PER_ACCOUNT": 10**9,
            "LOGIN_MAX_FAILURES_PER_ADDRESS": 10**9,
        }
    )
    with app.app_context():
        upgrade()
    return app


def fresh_database(url: str) -> None:
    parsed = make_url(url)
    with psycopg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{parsed.database}"')


def add_accounts(app) -> tuple[str, str]:
    with app.app_context():
        existing = User(
            email="co.that@example.vn",
            full_name="Có Thật",
            role="viewer",
            password_hash=hash_password("Mat-khau-that-2021"),
        )
        invited = User(email="moi.moi@example.vn", full_name="Mới Mời", role="viewer")
        db.session.add_all([existing, invited])
        db.session.commit()
        return existing.email, invited.email


def measure(app, emails: dict[str, str], runs: int, warmup: int = 5) -> dict[str, list[float]]:
    client = app.test_client()
    samples: dict[str, list[float]] = {name: [] for name in emails}
    for n in range(warmup + runs):
        for name, email in emails.items():
            started = time.perf_counter()
            response = client.post("/login", data={"email": email, "password": WRONG})
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 401, response.status_code
            if n >= warmup:
                samples[name].append(elapsed)
    return samples


def append_row(row: str) -> None:
    """Keep the rows of earlier runs: each run adds one."""
    text = RESULTS.read_text() if RESULTS.exists() else ""
    match = re.search(rf"<!-- {SECTION}:begin -->\n(.*?)\n<!-- {SECTION}:end -->", text, re.S)
    rows = [
        line for line in (match.group(1).splitlines() if match else []) if line.startswith("| ")
    ]
    rows = [line for line in rows if line not in HEADER and not line.startswith("| run |")]
    body = [
        "## Login time of an existing and an unknown account (bench/login_timing.py)",
        "",
        "A wrong password for an existing account, for an unknown address and for an invited",
        "account without a password, through the WSGI app, interleaved; medians in ms. The",
        "unknown and the invited account are checked against a dummy argon2id hash with the",
        "same parameters, so the hasher's time is spent on every path.",
        "",
        *HEADER,
        *rows,
        row,
    ]
    write_section(SECTION, "\n".join(body))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    url = os.environ.get("LOGIN_BENCH_DATABASE_URL", DEFAULT_URL)
    fresh_database(url)
    app = build_app(url)
    existing, invited = add_accounts(app)
    emails = {
        "existing": existing,
        "unknown": "khong.co.ai@example.vn",
        "invited": invited,
    }
    samples = measure(app, emails, args.runs)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    gap = (medians["unknown"] - medians["existing"]) / medians["existing"] * 100
    print(machine_line())
    for name, values in samples.items():
        median, p95 = summary(values)
        print(f"{name:>9}: median {median:7.1f} ms   p95 {p95:7.1f} ms   ({len(values)} runs)")
    print(f"unknown vs existing: {gap:+.1f} % (target within ±10 %)")
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    row = (
        f"| {when}, {os.cpu_count()} cores | {args.runs} | {medians['existing']:.1f} "
        f"| {medians['unknown']:.1f} | {medians['invited']:.1f} | {gap:+.1f} % "
        f"| {'yes' if abs(gap) <= 10 else 'no'} |"
    )
    append_row(row)
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main()
