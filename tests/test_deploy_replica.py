"""deploy/postgres's two scripts (docker-compose.yml, profile "scale") run for real with this
machine's PostgreSQL 15, as the postgres image runs them: the primary's on a new cluster set up
as the image sets one up (its pg_hba.conf lets no replication connection in), run twice; then
the replica's, which copies the primary and streams from it as a hot standby, started again
on its copy, and once more on an emptied volume. Only the host and ports differ from compose.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from tests.support import ROOT

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
SCRIPTS = ROOT / "deploy" / "postgres"
PASSWORD = "tracker"  # the app's, as in docker-compose.yml
REPLICATION_PASSWORD = "replicator-secret-for-the-test"
# The postgres image's pg_hba.conf: trust on the socket, passwords from anywhere else; a
# replication connection matches no line of it.
IMAGE_HBA = "local all all trust\nhost all all all scram-sha-256\n"
# Who runs the servers: PostgreSQL refuses to run as root.
AS_POSTGRES = (
    {"user": "postgres", "group": "postgres", "extra_groups": []} if os.geteuid() == 0 else {}
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(args: list[str], env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        args, env=env, capture_output=True, text=True, timeout=120, check=False, **AS_POSTGRES
    )
    assert done.returncode == 0, f"{' '.join(args)}:\n{done.stdout}{done.stderr}"
    return done.stdout + done.stderr


def connect(port: int, **options) -> psycopg.Connection:
    return psycopg.connect(
        host="127.0.0.1", port=port, connect_timeout=5, autocommit=True, **options
    )


def app_connection(port: int) -> psycopg.Connection:
    """As the app connects: the database's owner, with its password, over TCP."""
    return connect(port, user="tracker", password=PASSWORD, dbname="tracker")


def wait_until(check, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if check():
                return
        except psycopg.OperationalError:
            pass
        assert time.monotonic() < deadline, f"waited {seconds} s for {what}"
        time.sleep(0.2)


@pytest.fixture
def folder():
    path = Path(tempfile.mkdtemp(prefix="tracker-deploy-replica-"))
    if AS_POSTGRES:
        shutil.chown(path, "postgres", "postgres")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def primary(folder):
    """A new cluster as the postgres image makes one (POSTGRES_USER=tracker, POSTGRES_DB=tracker),
    running on a port of its own."""
    data, port = folder / "primary", free_port()
    (folder / "password").write_text(PASSWORD)
    run(
        [str(PG_BIN / "initdb"), "-D", str(data), "-U", "tracker", "--pwfile",
         str(folder / "password"), "-E", "UTF8", "--no-sync"]
    )  # fmt: skip
    (data / "pg_hba.conf").write_text(IMAGE_HBA)
    with (data / "postgresql.conf").open("a") as conf:
        conf.write(f"listen_addresses = '127.0.0.1'\nport = {port}\nfsync = off\n")
        conf.write(f"unix_socket_directories = '{folder}'\n")
    run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(folder / "primary.log"), "-w", "start"])
    try:
        with connect(port, user="tracker", password=PASSWORD, dbname="postgres") as conn:
            conn.execute("CREATE DATABASE tracker")
        yield {"data": data, "port": port}
    finally:
        run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"])


def script_env(**values: str) -> dict[str, str]:
    return {
        "PATH": f"{PG_BIN}:/usr/bin:/bin",
        "HOME": "/tmp",
        "POSTGRES_REPLICATION_PASSWORD": REPLICATION_PASSWORD,
        **values,
    }


def start_replica(folder: Path, primary: dict, data: Path, port: int) -> subprocess.Popen:
    env = script_env(PGDATA=str(data), PRIMARY_HOST="127.0.0.1", PRIMARY_PORT=str(primary["port"]))
    log = (folder / "replica.log").open("a")
    process = subprocess.Popen(
        ["bash", str(SCRIPTS / "replica.sh"), "-c", "hot_standby_feedback=on",
         "-c", f"port={port}", "-c", f"unix_socket_directories={folder}"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **AS_POSTGRES,
    )  # fmt: skip
    log.close()

    def standing_by():
        assert process.poll() is None, (folder / "replica.log").read_text()
        with app_connection(port) as conn:
            return conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]

    wait_until(standing_by, "the replica to accept connections as a standby")
    return process


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)  # PostgreSQL's fast shutdown
        process.wait(timeout=30)


def assert_streams(primary: dict, port: int, value: int) -> None:
    """A row written on the primary is read on the replica, streamed through the slot."""
    with app_connection(primary["port"]) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS probe (value int)")
        conn.execute("INSERT INTO probe VALUES (%s)", [value])

    def arrived():
        with app_connection(port) as conn:
            try:
                return conn.execute("SELECT %s IN (SELECT value FROM probe)", [value]).fetchone()[0]
            except psycopg.errors.UndefinedTable:  # the table itself is not replayed yet
                return False

    wait_until(arrived, f"row {value} on the replica")
    with connect(primary["port"], user="tracker", password=PASSWORD, dbname="postgres") as conn:
        streaming = conn.execute(
            "SELECT r.usename, r.state, s.slot_name, s.active FROM pg_stat_replication r "
            "JOIN pg_replication_slots s ON s.active_pid = r.pid"
        ).fetchall()
    assert streaming == [("replicator", "streaming", "replica_1", True)]
    with app_connection(port) as conn, pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        conn.execute("INSERT INTO probe VALUES (0)")


def test_the_replica_copies_the_primary_and_streams_from_it(folder, primary):
    role_script = ["bash", str(SCRIPTS / "replication-role.sh")]
    role_env = script_env(
        POSTGRES_USER="tracker",
        POSTGRES_DB="tracker",
        PGDATA=str(primary["data"]),
        PGHOST=str(folder),
        PGPORT=str(primary["port"]),
    )
    replication = {"user": "replicator", "password": REPLICATION_PASSWORD, "replication": "true"}
    with pytest.raises(psycopg.OperationalError, match="no pg_hba.conf entry for replication"):
        connect(primary["port"], **replication)

    run(role_script, role_env)
    run(role_script, role_env)  # by hand on a volume that has it already: nothing doubles
    hba = (primary["data"] / "pg_hba.conf").read_text().splitlines()
    assert hba.count("host replication replicator all scram-sha-256") == 1
    connect(primary["port"], **replication).close()
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        connect(primary["port"], **(replication | {"password": "wrong"}))

    data, port = folder / "replica", free_port()
    data.mkdir(mode=0o755)  # an empty volume, as docker creates it
    if AS_POSTGRES:
        shutil.chown(data, "postgres", "postgres")
    replica = start_replica(folder, primary, data, port)
    try:
        assert (data / "standby.signal").exists()
        assert "primary_slot_name = 'replica_1'" in (data / "postgresql.auto.conf").read_text()
        assert_streams(primary, port, 1)
        with app_connection(port) as conn:  # compose's arguments reach postgres
            assert conn.execute("SHOW hot_standby_feedback").fetchone()[0] == "on"

        # Started again on its copy: no new copy, it streams on from where it was.
        stop(replica)
        replica = start_replica(folder, primary, data, port)
        assert_streams(primary, port, 2)

        # Its volume emptied: the slot of the old copy is dropped, a new copy made through a
        # new one.
        stop(replica)
        for item in data.iterdir():
            shutil.rmtree(item) if item.is_dir() else item.unlink()
        replica = start_replica(folder, primary, data, port)
        assert_streams(primary, port, 3)
    finally:
        stop(replica)
    log = (folder / "replica.log").read_text()
    assert log.count("starting PostgreSQL 15") == 3, log
