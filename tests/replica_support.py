"""PostgreSQL servers of a test's own: a throwaway primary and a streaming replica of it, each in
a temporary folder owned by the postgres user (the server refuses to run as root).

By default the primary is a throwaway cluster (initdb): the server on 127.0.0.1:5432 refuses
replication connections (its pg_hba.conf has no `replication` line), and copying it would copy
every other test database too. TEST_REPLICA_PRIMARY=local replicates that server instead, once
pg_hba.conf has `host replication postgres 127.0.0.1/32 trust` (and `SELECT pg_reload_conf()`).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tracker.core.replicas import PRIMARY_POSITION

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
LOCAL = ("127.0.0.1", 5432)
REPLICATION_LINE = "host replication postgres 127.0.0.1/32 trust"
# A hot standby refuses to start with less of these than its primary has.
STANDBY_AT_LEAST = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


def as_postgres(*args: str, timeout: int = 60) -> subprocess.CompletedProcess:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    done = subprocess.run(
        [*prefix, *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    port: int
    data: Path | None = None  # None: a server this test did not start
    host: str = "127.0.0.1"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@{self.host}:{self.port}/{database}"

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host=self.host,
            port=self.port,
            user="postgres",
            dbname=database,
            autocommit=True,
            connect_timeout=5,
        )

    def value(self, sql: str, database: str = "postgres"):
        with self.connect(database) as conn:
            return conn.execute(sql).fetchone()[0]

    def start(self) -> None:
        assert self.data is not None
        log = self.data.parent / f"{self.data.name}.log"
        as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(log), "-w", "start")

    def stop(self) -> None:
        if self.data is not None and (self.data / "postmaster.pid").exists():
            as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")


def _settings(folder: Path, port: int) -> str:
    return (
        f"port = {port}\nlisten_addresses = '127.0.0.1'\n"
        f"unix_socket_directories = '{folder}'\nfsync = off\n"
    )


def own_primary(folder: Path) -> Server:
    server = Server(port=free_port(), data=folder / "primary")
    as_postgres(
        str(PG_BIN / "initdb"), "-D", str(server.data), "-U", "postgres", "--auth=trust",
        "-E", "UTF8", "--no-sync",
    )  # fmt: skip
    # initdb's pg_hba.conf already lets 127.0.0.1 replicate; wal_level is replica by default.
    with (server.data / "postgresql.conf").open("a") as conf:
        conf.write(_settings(folder, server.port))
    server.start()
    return server


def local_primary() -> Server:
    server = Server(port=LOCAL[1], host=LOCAL[0])
    try:
        psycopg.connect(
            host=server.host, port=server.port, user="postgres", replication="true",
            connect_timeout=5,
        ).close()  # fmt: skip
    except psycopg.OperationalError as error:
        refusal = str(error).strip()
    else:
        return server
    pytest.fail(
        f"The server on {server.host}:{server.port} refuses replication connections "
        f"({refusal}). Add `{REPLICATION_LINE}` to its pg_hba.conf and run "
        "SELECT pg_reload_conf(), or unset TEST_REPLICA_PRIMARY to use a throwaway primary.",
        pytrace=False,
    )


def replica_of(primary: Server, folder: Path) -> Server:
    replica = Server(port=free_port(), data=folder / "replica")
    as_postgres(
        str(PG_BIN / "pg_basebackup"), "-h", primary.host, "-p", str(primary.port),
        "-U", "postgres", "-D", str(replica.data), "-R", "-X", "stream", "-c", "fast",
        timeout=300,
    )  # fmt: skip
    with primary.connect() as conn:
        at_least = conn.execute(
            "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)", [list(STANDBY_AT_LEAST)]
        ).fetchall()
    # Our own settings: a Debian server keeps its postgresql.conf outside the data folder.
    conf = _settings(folder, replica.port) + "hot_standby = on\n"
    conf += "".join(f"{name} = {setting}\n" for name, setting in at_least)
    files = {"postgresql.conf": conf, "pg_hba.conf": "host all all 127.0.0.1/32 trust\n"}
    for name, content in files.items():
        (replica.data / name).write_text(content)
        shutil.chown(replica.data / name, "postgres", "postgres")
    replica.start()
    return replica


def temporary_folder(in_memory: bool = True) -> Path:
    """In /dev/shm when it has room: two clusters' thousands of small files are written and
    removed in a blink there, in seconds on a shared disk."""
    shm = Path("/dev/shm")
    roomy = in_memory and shm.is_dir() and shutil.disk_usage(shm).free > 2**30
    folder = Path(tempfile.mkdtemp(prefix="tracker-replica-", dir=shm if roomy else None))
    shutil.chown(folder, "postgres", "postgres")
    return folder


def wait_until(check, what: str, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.05)


def primary_position(primary: Server) -> int:
    """Where the primary's WAL ends, as the app reads it after a write."""
    return int(primary.value(str(PRIMARY_POSITION)))


def replayed(replica: Server) -> int:
    return int(replica.value("SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint"))


def wait_caught_up(primary: Server, replica: Server, position: int | None = None) -> None:
    target = primary_position(primary) if position is None else position
    wait_until(
        lambda: (
            replayed(replica) >= target
            and replica.value("SELECT count(*) FROM pg_stat_wal_receiver") == 1
        ),
        "the replica to replay the primary's WAL",
    )


def pause_replay(replica: Server) -> None:
    replica.value("SELECT pg_wal_replay_pause()::text")
    wait_until(
        lambda: replica.value("SELECT pg_get_wal_replay_pause_state()") == "paused",
        "replay to pause",
    )


def resume_replay(replica: Server) -> None:
    replica.value("SELECT pg_wal_replay_resume()::text")
