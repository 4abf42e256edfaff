"""Feed tokens never reach a log: werkzeug's request lines, gunicorn's access and error logs,
and the app's own."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest
from werkzeug.serving import make_server

from tests.feeds_support import new_feed
from tests.support import BIN, ROOT, app_env


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_redaction_rewrites_feed_paths_only():
    from tracker.core.redaction import redact

    assert (
        redact('"GET /feeds/AbC-_9.ics HTTP/1.1" 200') == '"GET /feeds/<redacted>.ics HTTP/1.1" 200'
    )
    assert redact("GET /%66eeds/AbC%2D9.ics HTTP/1.1") == "GET /feeds/<redacted>.ics HTTP/1.1"
    assert redact("GET /feeds/AbC HTTP/1.1") == "GET /feeds/<redacted> HTTP/1.1"
    assert redact("DELETE /api/v1/feeds/12 HTTP/1.1") == "DELETE /api/v1/feeds/12 HTTP/1.1"
    assert redact("GET /calendar HTTP/1.1") == "GET /calendar HTTP/1.1"


def test_werkzeug_request_log_has_no_token(app, workbench, api_as, caplog):
    _id, path = new_feed(api_as(workbench["lead"]))
    token = path.removeprefix("/feeds/").removesuffix(".ics")
    unknown = "Z" * 43
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    caplog.set_level(logging.INFO, logger="werkzeug")
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        assert get(base + path) == 200
        assert get(f"{base}/feeds/{unknown}.ics") == 404
    finally:
        server.shutdown()
        thread.join(timeout=10)
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert sum("GET /feeds/<redacted>.ics HTTP/1.1" in line for line in lines) == 2, lines
    assert not any(token in line or unknown in line for line in lines), lines
    assert token not in caplog.text and unknown not in caplog.text


def test_app_log_has_no_token(app, caplog):
    caplog.set_level(logging.INFO)
    app.logger.error("unhandled error on %s %s", "GET", "/feeds/" + "S" * 43 + ".ics")
    assert "S" * 43 not in caplog.text
    assert "/feeds/<redacted>.ics" in caplog.text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("config", ["gunicorn.conf.py", "empty"])
def test_gunicorn_access_log_has_no_token(database_uri, tmp_path, config):
    """With the project's gunicorn.conf.py, and without it (the filter that create_app puts
    on gunicorn's loggers is then what keeps the token out)."""
    conf = ROOT / "gunicorn.conf.py"
    if config == "empty":
        conf = tmp_path / "empty.conf.py"
        conf.write_text("")
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = app_env(DATABASE_URL=database_uri, REDIS_URL="")
    env.pop("REDIS_URL")
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-c",
                str(conf),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--access-logfile",
                "-",
                "--error-logfile",
                "-",
                "tracker.wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    token = "T0k3n" + "q" * 38
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status = get(f"http://127.0.0.1:{port}/feeds/{token}.ics")
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        assert status == 404
        assert get(f"http://127.0.0.1:{port}/%66eeds/{token}.ics") == 404
        time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = log.read_text()
    assert token not in text, text
    assert text.count("/feeds/<redacted>.ics") >= 2, text
    assert os.linesep in text
