"""docker-compose.yml and the Dockerfile, checked as files (there is no Docker engine here)."""

from __future__ import annotations

import yaml

from tests.support import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_every_part_of_the_stack_is_a_service():
    assert set(SERVICES) >= {"postgres", "redis", "web", "worker", "beat", "mailpit"}
    assert SERVICES["postgres"]["image"].startswith("postgres:")
    assert SERVICES["redis"]["image"].startswith("redis:")
    assert SERVICES["mailpit"]["image"].startswith("axllent/mailpit")


def test_web_runs_migrations_then_gunicorn():
    command = SERVICES["web"]["command"]
    assert command.index("tracker db upgrade") < command.index("gunicorn")
    assert "tracker.wsgi:app" in command


def test_worker_and_exactly_one_beat():
    assert "celery -A worker worker" in SERVICES["worker"]["command"]
    assert "celery -A worker beat" in SERVICES["beat"]["command"]
    assert SERVICES["beat"]["deploy"]["replicas"] == 1


def test_healthchecks():
    assert "pg_isready" in " ".join(SERVICES["postgres"]["healthcheck"]["test"])
    assert "redis-cli" in SERVICES["redis"]["healthcheck"]["test"]
    assert "/healthz" in " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "celery -A worker inspect ping" in " ".join(SERVICES["worker"]["healthcheck"]["test"])


def test_shared_settings_come_from_one_anchor():
    text = (ROOT / "docker-compose.yml").read_text()
    assert "&app" in text and "<<: *app" in text
    environments = [SERVICES[name]["environment"] for name in ("web", "worker", "beat")]
    assert environments[0] == environments[1] == environments[2]
    env = environments[0]
    for name in (
        "DATABASE_URL",
        "REDIS_URL",
        "SECRET_KEY",
        "MAIL_SERVER",
        "TRACKER_BASE_URL",
        "TRACKER_EVIDENCE_FOLDER",
    ):
        assert name in env
    assert env["DATABASE_URL"].startswith("postgresql://")


def test_volumes_for_the_database_and_the_evidence():
    assert {"pgdata", "evidence"} <= set(COMPOSE["volumes"])
    assert any(v.startswith("pgdata:") for v in SERVICES["postgres"]["volumes"])
    evidence = SERVICES["web"]["environment"]["TRACKER_EVIDENCE_FOLDER"]
    assert any(v == f"evidence:{evidence}" for v in SERVICES["web"]["volumes"])


def test_the_image_runs_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    users = [line.split()[1] for line in dockerfile.splitlines() if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    assert "gunicorn" in dockerfile
