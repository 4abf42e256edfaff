"""docker-compose.yml and the Dockerfile, checked as files (there is no Docker engine here)."""

from __future__ import annotations

import re

import yaml
from sqlalchemy.engine import make_url

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


# The profile "scale" (`docker compose --profile scale up`): a streaming replica and a second
# worker; the scripts it mounts are run for real in tests/test_deploy_replica.py.
PROFILED = {name: service for name, service in SERVICES.items() if "profiles" in service}


def mounts(service: dict) -> dict[str, str]:
    """Files of the repository mounted into a service: target → source."""
    pairs = [v.split(":") for v in service.get("volumes", []) if v.startswith("./")]
    return {target: source for source, target, *_mode in pairs}


def test_the_scale_profile_adds_a_replica_and_a_second_worker_and_no_beat():
    assert set(PROFILED) == {"postgres-replica", "worker-2"}
    assert all(service["profiles"] == ["scale"] for service in PROFILED.values())
    beats = [
        name for name, s in SERVICES.items() if "celery -A worker beat" in s.get("command", "")
    ]
    assert beats == ["beat"]


def test_the_second_worker_is_the_first_again():
    second = {key: value for key, value in SERVICES["worker-2"].items() if key != "profiles"}
    assert second == SERVICES["worker"]


def test_the_replica_is_a_hot_standby_copied_from_the_primary():
    primary, replica = SERVICES["postgres"], SERVICES["postgres-replica"]
    assert replica["image"] == primary["image"]  # streaming needs the same major version
    assert replica["user"] == "postgres"  # PostgreSQL refuses to run as root
    assert replica["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(replica["healthcheck"]["test"])
    assert "pgreplica" in COMPOSE["volumes"]
    assert "pgreplica:/var/lib/postgresql/data" in replica["volumes"]
    (script,) = mounts(replica).items()
    assert replica["command"][:2] == ["bash", script[0]]
    assert "hot_standby_feedback=on" in replica["command"]  # a long export is not cancelled
    assert (ROOT / script[1]).is_file()
    assert "--write-recovery-conf" in (ROOT / script[1]).read_text()
    password = primary["environment"]["POSTGRES_REPLICATION_PASSWORD"]
    assert replica["environment"]["POSTGRES_REPLICATION_PASSWORD"] == password


def test_the_primary_makes_the_replication_role_on_a_new_volume():
    primary = SERVICES["postgres"]
    (target, source) = next(iter(mounts(primary).items()))
    assert target.startswith("/docker-entrypoint-initdb.d/") and target.endswith(".sh")
    assert "REPLICATION" in (ROOT / source).read_text()
    assert primary["command"][0] == "postgres"
    assert any(arg.startswith("max_slot_wal_keep_size=") for arg in primary["command"])


def test_the_web_app_reads_from_the_replica_named_in_the_env_file():
    env = SERVICES["web"]["environment"]
    assert env["DATABASE_REPLICA_URLS"] == "${DATABASE_REPLICA_URLS:-}"  # none by default
    text = (ROOT / "docker-compose.yml").read_text()
    documented = make_url(re.search(r"DATABASE_REPLICA_URLS=(\S+)", text)[1])
    primary = make_url(env["DATABASE_URL"])
    assert documented.host == "postgres-replica"
    assert documented.set(host=primary.host) == primary  # same user, password, port, database
