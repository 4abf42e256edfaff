"""Test databases on the local PostgreSQL: a scratch database per name, and the demo seeded
once into a template database that a test's database is copied from in a second or two
(`CREATE DATABASE … TEMPLATE …`) instead of seeding it again (twenty seconds and more).

A template is kept between sessions under a key: the kind of demo, the province's date (the
demo's data depend on the day it is seeded: what is due soon, what is late) and a hash of
every file of the app and its migrations. A template whose key differs, or whose building did
not finish, is built again, at most once per session."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from tracker import create_app
from tracker.demo.seed import SeedReport, seed_demo, seed_units, seed_users
from tracker.extensions import db

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
START_HINT = (
    "Start PostgreSQL (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start, "
    "or `make services`) or point DATABASE_URL at a server where this user may create databases."
)


def local_today() -> date:
    return datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()


def server_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_SERVER


def database_url(name: str) -> str:
    url = make_url(server_url().replace("postgresql+psycopg://", "postgresql://"))
    return url.set(database=name).render_as_string(hide_password=False)


def scratch_database_name(suffix: str = "") -> str:
    base = os.environ.get("TEST_DATABASE_NAME", "tracker_test")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"{base}{suffix}{('_' + worker) if worker else ''}"


@contextmanager
def server() -> Iterator[psycopg.Connection]:
    admin = make_url(database_url("postgres"))
    try:
        conn = psycopg.connect(
            host=admin.host,
            port=admin.port,
            user=admin.username,
            password=admin.password,
            dbname="postgres",
            autocommit=True,
            connect_timeout=5,
        )
    except psycopg.OperationalError as error:
        pytest.fail(
            f"PostgreSQL is not reachable at {admin.host}:{admin.port}: {error}\n{START_HINT}",
            pytrace=False,
        )
    with conn:
        yield conn


def recreate_database(name: str, template: str = "template0") -> str:
    with server() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE "{template}"')
    return database_url(name)


def seed_whole_demo() -> None:
    seed_demo()


def seed_demo_before_2025() -> None:
    seed_demo(reorganisation=False)


def seed_units_and_users() -> None:
    seed_units(SeedReport())
    seed_users(SeedReport())
    db.session.commit()


def migrations_only() -> None:
    pass


# The kinds of demo a test may start from: the whole demo as `tracker seed-demo` leaves it;
# the province before the 2025 reorganisation (`seed_demo(reorganisation=False)`); only the
# demo's units and users; and no data at all (the migrations only).
SEEDS: dict[str, Callable[[], None]] = {
    "demo": seed_whole_demo,
    "before_2025": seed_demo_before_2025,
    "units": seed_units_and_users,
    "empty": migrations_only,
}


def source_hash() -> str:
    """Of every file the demo may be made with: the app (the seed goes through its services),
    the migrations and this module."""
    digest = hashlib.sha256()
    paths = [*(ROOT / "tracker").rglob("*"), *(ROOT / "migrations").rglob("*"), Path(__file__)]
    for path in sorted(paths):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_ready: dict[str, str] = {}  # kind → its template's name, checked or built in this session


def template_key(kind: str) -> str:
    return f"{kind} {local_today().isoformat()} {source_hash()}"


def app_on(uri: str, instance_path, **config) -> Flask:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": uri.replace("postgresql://", "postgresql+psycopg://"),
            "REDIS_URL": None,
            **config,
        }
    )
    app.instance_path = str(instance_path)
    return app


def build_template(name: str, kind: str) -> None:
    app = app_on(recreate_database(name), tempfile.mkdtemp(prefix="demo-template-"))
    with app.app_context():
        upgrade()
        SEEDS[kind]()
        db.session.remove()
        db.engine.dispose()


def template_name(kind: str) -> str:
    """One per TEST_DATABASE_NAME and kind, shared by the xdist workers of a session."""
    return f"{os.environ.get('TEST_DATABASE_NAME', 'tracker_test')}_template_{kind}"


def template_for(kind: str, conn: psycopg.Connection) -> str:
    """The template's name, built first when it is missing or stale."""
    name = template_name(kind)
    if kind in _ready:
        return name
    key = template_key(kind)
    found = conn.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        (name,),
    ).fetchone()
    if found is None or found[0] != key:
        build_template(name, kind)
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{key}'")
    _ready[kind] = name
    return name


def copy_of_demo(name: str, kind: str = "demo") -> str:
    """A database of that name, dropped if it exists, holding the migrations and that kind of
    demo data (see SEEDS), committed; its URL. Under a lock on the template: two sessions (or
    xdist workers) on the same TEST_DATABASE_NAME build it once, and never copy it while the
    other builds it again."""
    lock = int.from_bytes(hashlib.sha256(template_name(kind).encode()).digest()[:4], "big")
    with server() as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (lock,))
        try:
            template = template_for(kind, conn)
            return recreate_database(name, template=template)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (lock,))
