"""Schemathesis against /api/v1/openapi.json (issue 8): on a live server with the demo data and
an API token of the office (so the writes are exercised as the office may make them), no
answer is a 5xx, and every answer's status code, content type and body are as the document
describes them.

Bounded: the coverage phase (each operation's boundary and invalid values, a fixed set: about
2,000 cases), then at most MAX_EXAMPLES fuzzed cases per operation (30, some 1,500 in all, an
id or code taking one of the demo's real ones half the time) and a stateful phase (following
the document's links) of about as many scenarios; the run is killed after TIMEOUT seconds
(about 80 s in all on two busy cores; 100 examples per operation took 170 s, 130 of them
fuzzing, and went past TIMEOUT under load). The seed is fixed so that a failure reproduces;
TRACKER_FUZZ_SEED=random (or a number) and TRACKER_FUZZ_EXAMPLES=100 explore further. The
summary is printed (pytest -rP or -s) and the whole report written to
test-artifacts/api-fuzz-report.txt.

Nothing is excluded: DELETE /feeds/{feed_id} only revokes the office's own feeds, which the
fuzzer itself creates, and every other write acts on a throwaway database.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections import deque
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.support import committed_demo_app

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
# schemathesis's CLI, with one fix of ours (see the module)
ST = [sys.executable, str(Path(__file__).with_name("schemathesis_cli.py"))]
OFFICE_EMAIL = "vanphong@cchc.demo"

MAX_EXAMPLES = int(os.environ.get("TRACKER_FUZZ_EXAMPLES", "30"))
SEED = os.environ.get("TRACKER_FUZZ_SEED", "20211001")
TIMEOUT = int(os.environ.get("TRACKER_FUZZ_TIMEOUT", "200"))
# Every check of schemathesis 4 but two: positive_data_acceptance expects each schema-valid
# request to succeed, while the rules refuse many (an unknown plan code, a stale version, a
# date before today's due date) with a documented 409 or 422; negative_data_rejection expects
# each schema-violating one to be refused, while the parsers take null or an empty query value
# for "not given". object_level_authorization needs a second user's token; it is not set up.
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "missing_required_header",
    "unsupported_method",
    "ignored_auth",
    "use_after_free",
    "ensure_resource_availability",
)


class ServerLog(logging.Handler):
    """Keeps the live server's warnings and errors (werkzeug logs an unhandled exception's
    traceback as "Error on request"), for the failure message."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: deque[str] = deque(maxlen=60)

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname} {record.name}: {record.getMessage()}")

    def tail(self, chars: int = 12000) -> str:
        return "\n".join(self.lines)[-chars:] or "(nothing logged)"


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    with committed_demo_app("_fuzz", tmp_path_factory.mktemp("fuzz-instance")) as app:
        yield app


@pytest.fixture(scope="module")
def fuzz_server(fuzz_app):
    log = ServerLog()
    loggers = [logging.getLogger("werkzeug"), fuzz_app.logger]
    saved = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(log)
        # Warnings and errors only: thousands of request lines stay out of pytest's report.
        logger.setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, fuzz_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", log
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    for logger, level in saved:
        logger.removeHandler(log)
        logger.setLevel(level)


def office_token_and_known_values(app) -> tuple[str, dict[str, list]]:
    """A token of the office, and real ids and codes of the demo for the fuzzer to mix into
    what it generates, so that some requests get past "not found" into the rules."""
    from sqlalchemy import select

    from tracker.accounts.api_tokens import create_token
    from tracker.accounts.models import User
    from tracker.assignments.models import Assignment, ExtensionRequest
    from tracker.extensions import db
    from tracker.plans.models import Plan, Task
    from tracker.units.models import Unit, UnitGroup

    with app.app_context():
        office = db.session.scalar(select(User).where(User.email == OFFICE_EMAIL))
        assert office is not None and office.role == "office", "the demo has no office user"
        _token, raw = create_token(office, "schemathesis")

        def first(column, *where, limit=20):
            query = select(column).where(*where).order_by(column).limit(limit)
            return list(db.session.scalars(query))

        known = {
            "assignments": first(Assignment.id, limit=30)
            + first(Assignment.id, Assignment.state == "awaiting_confirmation", limit=10),
            "tasks": first(Task.id),
            "requests": first(ExtensionRequest.id, limit=30),
            "plans": first(Plan.code),
            "units": first(Unit.code, Unit.kind != "commune", limit=40) + first(UnitGroup.code),
            # Other people's accounts, to change and invite (the office's own is refused).
            "users": first(User.id, User.id != office.id, limit=30),
        }
    return raw, {name: sorted(set(values)) for name, values in known.items() if values}


def write_config(path: Path, known: dict[str, list]) -> Path:
    """schemathesis.toml: the token from the environment (never on a command line), and the
    known values, each drawn for about half of the cases of the parameters it fits."""
    bindings = {
        "path.assignment_id": "assignments",
        "path.task_id": "tasks",
        "path.request_id": "requests",
        "body.plan_code": "plans",
        "body.plan": "plans",
        "query.plan": "plans",
        "body.unit": "units",
        "path.user_id": "users",
        "query.unit": "units",
        "body.lead_units[*]": "units",
        "body.cooperating_units[*]": "units",
    }
    lines = ['headers = { Authorization = "Bearer ${TRACKER_FUZZ_TOKEN}" }', ""]
    for name, values in known.items():
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}", ""]
    lines.append("[parameters]")
    for key, name in bindings.items():
        if name in known:
            lines.append(f'"{key}" = {{ dictionary = "{name}", probability = 0.5 }}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def summary_of(output: str) -> str:
    """The SUMMARY section of schemathesis's report (operations, phases, failures, cases)."""
    marker = output.rfind(" SUMMARY ")
    return output[output.rfind("\n", 0, marker) + 1 :].strip() if marker >= 0 else output[-3000:]


def test_api_conforms_to_its_openapi_document(fuzz_app, fuzz_server, tmp_path):
    if importlib.util.find_spec("schemathesis") is None:
        pytest.fail("schemathesis is not installed: pip install -e '.[dev]'")
    base_url, server_log = fuzz_server
    token, known = office_token_and_known_values(fuzz_app)
    config = write_config(tmp_path / "schemathesis.toml", known)
    seed = str(int.from_bytes(os.urandom(8), "big")) if SEED == "random" else SEED
    command = [
        *ST,
        "--no-color",
        "--config-file",
        str(config),
        "run",
        f"{base_url}/api/v1/openapi.json",
        "--checks",
        ",".join(CHECKS),
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        seed,
        "--workers",
        "2",
        "--request-timeout",
        "10",
        "--generation-database",
        "none",
    ]
    env = os.environ | {"TRACKER_FUZZ_TOKEN": token, "COLUMNS": "100"}
    started = time.monotonic()
    try:
        run = subprocess.run(
            command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=TIMEOUT
        )
        output, returncode = run.stdout + run.stderr, run.returncode
    except subprocess.TimeoutExpired as expired:
        output = "".join(
            part.decode(errors="replace") if isinstance(part, bytes) else part or ""
            for part in (expired.stdout, expired.stderr)
        )
        output += f"\n\nKILLED: the run took longer than {TIMEOUT} s"
        returncode = None
    elapsed = time.monotonic() - started
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "api-fuzz-report.txt").write_text(output, encoding="utf-8")

    assert returncode == 0, (
        f"schemathesis found problems (seed {seed}, {elapsed:.0f} s, exit {returncode}); "
        f"full report in test-artifacts/api-fuzz-report.txt\n\n{output[-20000:]}\n\n"
        f"--- live server log (last lines) ---\n{server_log.tail()}"
    )
    print(f"\nschemathesis: seed {seed}, {elapsed:.0f} s\n{summary_of(output)}")
