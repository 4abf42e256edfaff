"""Shared pieces of the bench scripts: a PostgreSQL database with province-scale data, the
app bound to it, timing, and writing a section of bench/RESULTS.md."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
BIN = Path(sys.executable).parent
# BENCH_SCALE=1: the size of #20 (a merged province's decade), on a database of its own, and
# the sections of RESULTS.md named "<bench>-scale".
SCALE = os.environ.get("BENCH_SCALE", "") not in ("", "0")
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/" + (
    "tracker_scale" if SCALE else "tracker_bench"
)
ASSIGNMENTS = 1_000_000 if SCALE else 50_000
SIZE = ["--units", "500", "--plans", "20"] if SCALE else ["--units", "155", "--plans", "5"]
SIZE += ["--assignments", str(ASSIGNMENTS), "--updates", str(ASSIGNMENTS * 5)]


def section(name: str) -> str:
    return f"{name}-scale" if SCALE else name


def bench_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)


def env_for(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"TRACKER_ENV": "testing", "SECRET_KEY": "bench-secret-key", "DATABASE_URL": url})
    # The `tracker` commands run this tree's code (and migrations), not whichever tree the
    # venv's editable install points at: a bench run from a worktree of an older commit fills
    # its database with that commit's code.
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    )
    env.pop("REDIS_URL", None)
    return env


def connect(url: str, **kwargs) -> psycopg.Connection:
    """A plain psycopg connection to the database of a SQLAlchemy URL."""
    parsed = make_url(url)
    return psycopg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, dbname=parsed.database, **kwargs
    )


def database_has_data(url: str) -> bool:
    parsed = make_url(url)
    try:
        with psycopg.connect(
            host=parsed.host,
            port=parsed.port,
            user=parsed.username,
            dbname=parsed.database,
            connect_timeout=5,
        ) as conn:
            return conn.execute("SELECT count(*) FROM assignments").fetchone()[0] >= ASSIGNMENTS
    except psycopg.Error:
        return False


def recreate_database(url: str) -> None:
    """Drop the database, make it again and upgrade it to the head revision."""
    parsed = make_url(url)
    with psycopg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{parsed.database}"')
    subprocess.run(
        [str(BIN / "tracker"), "db", "upgrade"], env=env_for(url), check=True, capture_output=True
    )


def timing_table(results: dict[str, list[float]]) -> list[str]:
    """The markdown rows of median and p95 for each measurement."""
    lines = ["| measurement | median ms | p95 ms |", "|---|---:|---:|"]
    for name, samples in results.items():
        median, p95 = summary(samples)
        lines.append(f"| {name} | {median:.1f} | {p95:.1f} |")
    return lines


def prepare_database(url: str, fresh: bool) -> float | None:
    """Create and fill the bench database unless it already holds the data; returns the
    seconds `tracker demo-data` took, or None when the data was already there."""
    tracker = str(BIN / "tracker")
    if not fresh and database_has_data(url):
        # The data stays; the schema follows the code.
        subprocess.run(
            [tracker, "db", "upgrade"], env=env_for(url), check=True, capture_output=True
        )
        return None
    recreate_database(url)
    env = env_for(url)
    subprocess.run([tracker, "seed-demo"], env=env, check=True, capture_output=True)
    started = time.perf_counter()
    subprocess.run([tracker, "demo-data", *SIZE], env=env, check=True)
    elapsed = time.perf_counter() - started
    parsed = make_url(url)
    with psycopg.connect(
        host=parsed.host,
        port=parsed.port,
        user=parsed.username,
        dbname=parsed.database,
        autocommit=True,
    ) as conn:
        conn.execute("VACUUM ANALYZE")
    return elapsed


def timings(call, runs: int, warmup: int = 5, before=None) -> list[float]:
    """Milliseconds of `runs` calls after `warmup` untimed ones; `before`, when given, runs
    (untimed) before each call."""
    samples = []
    for n in range(warmup + runs):
        if before is not None:
            before()
        started = time.perf_counter()
        call()
        if n >= warmup:
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return statistics.median(ordered), p95


def write_section(name: str, body: str) -> None:
    """Replace the section between this bench's markers in RESULTS.md (or append it)."""
    name = section(name)
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n\n"
    block = f"{begin}\n{body.rstrip()}\n{end}"
    if begin in text:
        text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _m: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text)


def machine_line() -> str:
    cpus = os.cpu_count()
    return (
        f"Machine: {cpus} cores, Python {sys.version.split()[0]}, "
        f"run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}."
    )
