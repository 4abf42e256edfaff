"""Helpers of the calendar-feed tests: making feeds and assignments, and the ical.js parser."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from urllib.parse import urlsplit

import pytest

from tests.conftest import api_create_task, local_today
from tests.support import ROOT

JS = ROOT / "tests" / "js"
_installed = False


def icaljs(body: bytes) -> dict:
    """Parse with Mozilla's ical.js in strict mode (tests/js/parse_strict.mjs); fails the test
    on any error. Installs ical.js with `npm ci` the first time."""
    global _installed
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail(
            "Node.js and npm are needed to check the feeds with ical.js "
            "(apt-get install nodejs npm).",
            pytrace=False,
        )
    if not _installed and not (JS / "node_modules" / "ical.js").exists():
        result = subprocess.run(
            [npm, "ci", "--prefix", str(JS), "--no-audit", "--no-fund"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, f"npm ci --prefix tests/js failed:\n{result.stderr}"
    _installed = True
    result = subprocess.run(
        [node, str(JS / "parse_strict.mjs")], input=body, capture_output=True, timeout=120
    )
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def path_of(url: str) -> str:
    return urlsplit(url).path


def new_feed(api, **body) -> tuple[int, str]:
    """Create a feed through the API; returns its id and the path of its URL."""
    response = api.post("/feeds", json={"scope": "mine"} | body)
    assert response.status_code == 201, response.json
    return response.json["id"], path_of(response.json["url"])


def new_task(api, number: str, due: date | None = None, **extra) -> dict:
    extra = {"number": number, "lead_units": ["SA"]} | extra
    response = api_create_task(api, due or local_today(), **extra)
    assert response.status_code == 201, response.json
    return response.json


def assignment_of(task: dict, unit_code: str = "SA") -> dict:
    return next(a for a in task["assignments"] if a["unit_code"] == unit_code)
