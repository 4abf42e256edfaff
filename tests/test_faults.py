"""With Redis down the app still serves pages and takes updates, and what it planned is
queued once Redis is back; after PostgreSQL drops every connection the app recovers."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest
import redis
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from tests.conftest import (
    PASSWORD,
    csrf_from,
    local_today,
    recreate_database,
    scratch_database_name,
)
from tests.support import require_redis
from tests.tcp_relay import Relay


@pytest.fixture
def relay():
    require_redis("redis://127.0.0.1:6379/10")
    relay = Relay("127.0.0.1", 6379)
    relay.start()
    yield relay
    relay.stop()


@pytest.fixture
def fault_app(relay, tmp_path):
    from flask_migrate import upgrade

    from tracker import create_app
    from tracker.extensions import db

    uri = recreate_database(scratch_database_name("_faults"))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": uri.replace("postgresql://", "postgresql+psycopg://"),
            "REDIS_URL": f"redis://127.0.0.1:{relay.port}/10",
        }
    )
    app.instance_path = str(tmp_path)
    with app.app_context():
        upgrade()
    redis.Redis.from_url("redis://127.0.0.1:6379/10").flushdb()
    yield app
    with app.app_context():
        db.engine.dispose()


def seed(app):
    from tracker.accounts.models import User
    from tracker.accounts.passwords import hash_password
    from tracker.extensions import db
    from tracker.plans.models import Plan
    from tracker.units.models import Unit

    with app.app_context():
        unit = Unit(code="SA", name="Sở A", short_name="Sở A", kind="department", aliases=[])
        office = User(
            email="vp@example.vn",
            full_name="Văn phòng",
            role="office",
            password_hash=hash_password(PASSWORD),
        )
        lead = User(
            email="lead@example.vn",
            full_name="Lãnh đạo",
            role="unit_lead",
            unit=unit,
            password_hash=hash_password(PASSWORD),
        )
        db.session.add_all([unit, office, lead, Plan(code="77/KH-UBND", title="KH", year=2026)])
        db.session.commit()
        return office.id, lead.id


def log_in(client, email):
    token = csrf_from(client, "/login")
    return client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})


def test_with_redis_down_pages_and_updates_work_and_reminders_wait(fault_app, relay):
    from tracker.extensions import db
    from tracker.reminders import services
    from tracker.reminders.models import ReminderDelivery

    seed(fault_app)
    office = fault_app.test_client()
    relay.stop()  # Redis is down from here on

    assert log_in(office, "vp@example.vn").status_code == 302
    assert office.get("/status").status_code == 200
    health = office.get("/healthz")
    assert health.status_code == 503 and health.json["redis"].startswith("down")
    token = csrf_from(office, "/status")
    task = office.post(
        "/api/v1/tasks",
        headers={"X-CSRFToken": token},
        json={
            "plan_code": "77/KH-UBND",
            "number": "1",
            "title": "Việc khi Redis nghỉ",
            "lead_units": ["SA"],
            "due_date": (local_today() + timedelta(days=3)).isoformat(),
        },
    )
    assert task.status_code == 201
    response = office.post("/reminders/adhoc/SA", data={"csrf_token": token, "note": "Khẩn trương"})
    assert response.status_code == 302

    lead = fault_app.test_client()
    assert log_in(lead, "lead@example.vn").status_code == 302
    assignment = task.json["assignments"][0]
    token = csrf_from(lead, f"/tasks/{task.json['id']}")
    update = lead.post(
        f"/api/v1/assignments/{assignment['id']}/updates",
        headers={"X-CSRFToken": token},
        json={"state": "in_progress", "progress": 30, "version": assignment["version"]},
    )
    assert update.status_code == 200

    with fault_app.app_context():
        pending = db.session.scalar(
            select(func.count())
            .select_from(ReminderDelivery)
            .where(ReminderDelivery.status == "pending")
        )
    # The new task's notice and the đôn đốc to the unit's lead, waiting in the database.
    assert pending == 2

    relay.start()  # Redis is back: the dispatcher's pass queues what waited
    with fault_app.app_context():
        queued = services.enqueue(services.due_for_dispatch())
    assert queued == 2
    assert redis.Redis.from_url("redis://127.0.0.1:6379/10").llen("celery") == 2


def test_the_app_recovers_when_postgresql_drops_every_connection(fault_app):
    seed(fault_app)
    client = fault_app.test_client()
    assert log_in(client, "vp@example.vn").status_code == 302
    assert client.get("/status").status_code == 200
    database = make_url(fault_app.config["SQLALCHEMY_DATABASE_URI"]).database
    with psycopg.connect(
        host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True
    ) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        ).fetchone()[0]
    assert killed >= 1  # the app's pooled connection is gone, as after a restart
    assert client.get("/status").status_code == 200
    assert client.get("/healthz").json["database"] == "ok"
