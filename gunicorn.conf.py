# gunicorn reads this file from the working directory. Calendar feed URLs carry a secret
# token in their path: this logger class writes them as /feeds/<redacted>.ics in the access
# and error logs (tracker/core/redaction.py).
logger_class = "tracker.core.redaction.GunicornLogger"

# Threads overlap the waits on PostgreSQL; one process per core keeps the per-process caches
# of figures and pages few (each is built once per data version in every process). On the
# 2-core bench machine 2 × 4 served 271 requests/s at p95 177 ms, against 3 × 4 at 127/s and
# 479 ms (bench/load.py, bench/RESULTS.md).
import multiprocessing  # noqa: E402
import os  # noqa: E402

worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
