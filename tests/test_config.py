"""Settings are read from the environment by small parsers that fail loudly."""

from __future__ import annotations

import pytest

from tracker.config import ConfigError, load_config, normalize_database_url, parse_boolean


def test_production_without_secret_key_refuses_to_start(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        load_config(str(tmp_path))


def test_development_key_is_generated_once_into_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_ENV", "development")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_config(str(tmp_path))["SECRET_KEY"]
    second = load_config(str(tmp_path))["SECRET_KEY"]
    assert first == second
    assert len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_default_database_is_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_ENV", "development")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    uri = load_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"]
    assert uri == f"sqlite:///{tmp_path / 'tracker.db'}"


def test_usual_postgresql_url_works_as_given():
    assert (
        normalize_database_url("postgresql://tracker@db:5432/tracker")
        == "postgresql+psycopg://tracker@db:5432/tracker"
    )
    assert normalize_database_url("postgres://u:p@h/d") == "postgresql+psycopg://u:p@h/d"
    assert normalize_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_production_cookies_are_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    config = load_config(str(tmp_path))
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("MAIL_PORT", "twenty-five", "not a whole number"),
        ("MAIL_USE_TLS", "maybe", "not a boolean"),
        ("TRACKER_TIMEZONE", "Mars/Olympus", "not a known time zone"),
        ("TRACKER_ENV", "staging", "must be production, development or testing"),
    ],
)
def test_malformed_setting_names_the_variable(monkeypatch, tmp_path, name, value, message):
    monkeypatch.setenv("TRACKER_ENV", "development")
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        load_config(str(tmp_path))


def test_every_documented_variable_is_read(monkeypatch, tmp_path):
    settings = {
        "DATABASE_URL": "postgresql://u@h:5432/d",
        "REDIS_URL": "redis://h:6379/0",
        "SECRET_KEY": "k" * 50,
        "MAIL_SERVER": "mail.quangtri.gov.vn",
        "MAIL_PORT": "587",
        "MAIL_USE_TLS": "true",
        "MAIL_USE_SSL": "false",
        "MAIL_USERNAME": "cchc",
        "MAIL_PASSWORD": "secret",
        "MAIL_DEFAULT_SENDER": "cchc@quangtri.gov.vn",
        "TRACKER_TIMEZONE": "Asia/Bangkok",
        "TRACKER_BASE_URL": "https://cchc.quangtri.gov.vn/",
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("TRACKER_ENV", "production")
    config = load_config(str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h:5432/d"
    assert config["REDIS_URL"] == "redis://h:6379/0"
    assert config["MAIL_SERVER"] == "mail.quangtri.gov.vn"
    assert config["MAIL_PORT"] == 587
    assert config["MAIL_USE_TLS"] is True
    assert config["MAIL_USE_SSL"] is False
    assert config["MAIL_USERNAME"] == "cchc"
    assert config["MAIL_PASSWORD"] == "secret"
    assert config["MAIL_DEFAULT_SENDER"] == "cchc@quangtri.gov.vn"
    assert config["TRACKER_TIMEZONE"] == "Asia/Bangkok"
    assert config["TRACKER_BASE_URL"] == "https://cchc.quangtri.gov.vn"


def test_parse_boolean_reads_common_spellings(monkeypatch):
    for raw, expected in [("1", True), ("yes", True), ("OFF", False), ("", True)]:
        monkeypatch.setenv("FLAG", raw)
        assert parse_boolean("FLAG", True) is expected


def test_healthz_reports_the_database_and_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "ok"


def test_healthz_names_redis_when_it_is_down(app, client):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.config["REDIS_URL"] = None
    assert response.status_code == 503
    assert response.json["redis"].startswith("down")
