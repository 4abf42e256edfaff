"""Fixtures: a PostgreSQL test database built by the migrations, a rolled-back transaction per
test, a test client with a login helper, and factories that return callables."""

from __future__ import annotations

import contextlib
import itertools
import os
import re
from datetime import timedelta

import pytest
from flask.globals import _cv_app

os.environ["TRACKER_ENV"] = "testing"
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")

from tests.databases import (  # noqa: E402 (after the environment the app reads)
    app_on,
    copy_of_demo,
    local_today,
    recreate_database,
    scratch_database_name,
)

__all__ = ["local_today", "recreate_database", "scratch_database_name"]


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "seeded(kind='demo'): the test's `app` is on a copy of the demo seeded once per session "
        "(tests/databases.py SEEDS), each test rolled back as usual",
    )


@pytest.fixture(scope="session")
def database_uri() -> str:
    return recreate_database(scratch_database_name())


@pytest.fixture(scope="session")
def empty_app(database_uri, tmp_path_factory):
    """The app on the session's database: the migrations, no data."""
    from flask_migrate import upgrade

    from tracker import create_app

    os.environ["DATABASE_URL"] = database_uri
    app = create_app({"SERVER_NAME": "localhost", "REDIS_URL": None})
    app.instance_path = str(tmp_path_factory.mktemp("instance"))
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        from tracker.extensions import db

        db.engine.dispose()


@pytest.fixture(scope="session")
def seeded_apps(tmp_path_factory):
    """Kind of demo → an app on a copy of it made once in this session (see `app`)."""
    from tracker.extensions import db

    apps = {}

    def app_of(kind: str):
        if kind not in apps:
            uri = copy_of_demo(scratch_database_name(f"_seeded_{kind}"), kind)
            instance = tmp_path_factory.mktemp(f"seeded-{kind}")
            apps[kind] = app_on(uri, instance, SERVER_NAME="localhost")
        return apps[kind]

    yield app_of
    for app in apps.values():
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(request):
    """The app of the session's empty database, or, for a test marked `seeded`, of the
    session's copy of that kind of demo: the test sees the demo as `tracker seed-demo` leaves
    it without seeding it again, and whatever it changes is rolled back as ever."""
    marker = request.node.get_closest_marker("seeded")
    if marker is None:
        return request.getfixturevalue("empty_app")
    kind = marker.kwargs.get("kind", marker.args[0] if marker.args else "demo")
    return request.getfixturevalue("seeded_apps")(kind)


def _session_scope():
    """Each request's app context gets its own session; the test body has one of its own.
    (Holding an app context through the test would make Flask reuse it, and its `g`, for
    every request of the test client.)"""
    ctx = _cv_app.get(None)
    return id(ctx) if ctx is not None else "test-body"


@contextlib.contextmanager
def rolled_back_session(app, scopefunc=None):
    """A connection, a transaction rolled back at the end, and db.session bound to it; the
    code under test may commit freely (its commits release savepoints)."""
    from sqlalchemy.orm import scoped_session, sessionmaker

    from tracker.extensions import db

    with app.app_context():
        engine = db.engine
    connection = engine.connect()
    transaction = connection.begin()
    original = db.session
    # A plain Session: Flask-SQLAlchemy's own would route queries to its engine, around the
    # connection that holds the test's transaction.
    db.session = scoped_session(
        sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
        scopefunc=scopefunc,
    )
    try:
        yield db.session
    finally:
        db.session.remove()
        db.session = original
        transaction.rollback()
        connection.close()


@pytest.fixture
def db_session(app):
    """Each test runs inside one transaction that is rolled back at its end."""
    app.extensions.pop("login_counter", None)
    with rolled_back_session(app, scopefunc=_session_scope) as session:
        yield session


@pytest.fixture
def app_ctx(app, db_session):
    """For tests that call services directly: an app context of their own."""
    with app.test_request_context():
        yield


@pytest.fixture
def client(app, db_session):
    return app.test_client()


_counter = itertools.count(1)


@pytest.fixture
def make_unit(db_session):
    from tracker.units.models import Unit

    def make(kind: str = "department", code: str | None = None, **fields) -> Unit:
        n = next(_counter)
        unit = Unit(
            code=code or f"U{n}",
            name=fields.pop("name", f"Đơn vị thử {n}"),
            short_name=fields.pop("short_name", f"ĐV{n}"),
            kind=kind,
            aliases=fields.pop("aliases", []),
            **fields,
        )
        db_session.add(unit)
        db_session.flush()
        return unit

    return make


PASSWORD = "Mật-khẩu-thử-2021"


@pytest.fixture(scope="session")
def hashed_password() -> str:
    """PASSWORD hashed once per session: argon2id with the app's parameters takes a third of
    a second on two busy cores, and the users that tests make all have it."""
    from tracker.accounts.passwords import hash_password

    return hash_password(PASSWORD)


@pytest.fixture
def make_user(db_session, make_unit, hashed_password):
    from tracker.accounts.models import User

    hashed = hashed_password

    def make(role: str = "office", unit=None, active: bool = True, **fields) -> User:
        n = next(_counter)
        if unit is None and role in ("unit_lead", "unit_member"):
            unit = make_unit()
        user = User(
            email=fields.pop("email", f"user{n}@example.vn"),
            full_name=fields.pop("full_name", f"Người dùng {n}"),
            role=role,
            unit=unit,
            active=active,
            password_hash=hashed,
            **fields,
        )
        db_session.add(user)
        db_session.commit()
        return user

    return make


CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def csrf_from(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    match = CSRF_RE.search(page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


@pytest.fixture
def login(client):
    def do_login(user, password: str = PASSWORD):
        token = csrf_from(client, "/login")
        response = client.post(
            "/login", data={"email": user.email, "password": password, "csrf_token": token}
        )
        return response

    return do_login


@pytest.fixture
def make_plan(db_session):
    from tracker.plans.models import Plan

    def make(code: str | None = None, year: int = 2026, **fields) -> Plan:
        n = next(_counter)
        plan = Plan(
            code=code or f"{n}/KH-UBND",
            title=fields.pop("title", f"Kế hoạch {n}"),
            year=year,
            **fields,
        )
        db_session.add(plan)
        db_session.commit()
        return plan

    return make


@pytest.fixture
def make_group(db_session):
    from tracker.units.models import UnitGroup

    def make(members, code: str | None = None, name: str | None = None) -> UnitGroup:
        n = next(_counter)
        group = UnitGroup(code=code or f"G{n}", name=name or f"Nhóm {n}", aliases=[])
        for unit in members:
            group.add_member(unit)
        db_session.add(group)
        db_session.commit()
        return group

    return make


class ApiClient:
    """The test client with a bearer token, speaking JSON."""

    def __init__(self, client, token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", headers=self.headers, query_string=params)

    def post(self, path, json=None):
        return self.client.post(f"/api/v1{path}", headers=self.headers, json=json)

    def patch(self, path, json=None):
        return self.client.patch(f"/api/v1{path}", headers=self.headers, json=json)


@pytest.fixture
def api_as(app, db_session):
    from tracker.accounts.api_tokens import create_token

    def make(user) -> ApiClient:
        _token, raw = create_token(user, "test")
        return ApiClient(app.test_client(), raw)

    return make


def api_create_task(api, due, **extra):
    body = {
        "plan_code": "77/KH-UBND",
        "number": "II.3",
        "title": "Rà soát TTHC",
        "lead_units": ["UBND các huyện thử"],
        "due_date": due.isoformat(),
        "expected_output": "Báo cáo kết quả rà soát",
    } | extra
    return api.post("/tasks", json=body)


@pytest.fixture
def workbench(make_unit, make_user, make_group, make_plan, api_as):
    units = [make_unit(kind="department", code=code) for code in ("SA", "SB")]
    make_group(units, code="NHOM", name="UBND các huyện thử")
    office = make_user(role="office")
    make_plan(code="77/KH-UBND")
    task = api_create_task(api_as(office), local_today() + timedelta(days=10)).json
    return {
        "task": task,
        "office": office,
        "lead": make_user(role="unit_lead", unit=units[0]),
        "member": make_user(role="unit_member", unit=units[0]),
        "other_lead": make_user(role="unit_lead", unit=units[1]),
        "assignment": next(a for a in task["assignments"] if a["unit_code"] == "SA"),
    }
