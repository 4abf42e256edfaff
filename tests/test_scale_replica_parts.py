"""The parts of replica routing that need no replica: the setting's parser, which statements
must run on the primary, the readers' marks, and a replica that does not answer."""

from __future__ import annotations

import time

import pytest
import redis
from flask import Flask
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.engine import create_engine

from tests.support import REDIS_TEST_URL, require_redis
from tracker import create_app
from tracker.config import ConfigError, load_config
from tracker.core.replica_session import writes
from tracker.core.replicas import Router, replica_options
from tracker.core.write_marks import (
    MARK_SECONDS,
    FallbackMarks,
    MemoryMarks,
    RedisMarks,
    format_lsn,
    parse_lsn,
)
from tracker.units.models import Unit

PRIMARY = "postgresql://tracker@db:5432/tracker"


def replicas_of(monkeypatch, tmp_path, value: str, primary: str = PRIMARY):
    monkeypatch.setenv("DATABASE_URL", primary)
    monkeypatch.setenv("DATABASE_REPLICA_URLS", value)
    return load_config(str(tmp_path))["DATABASE_REPLICA_URLS"]


def test_replica_urls_are_comma_separated_and_empty_means_none(monkeypatch, tmp_path):
    assert replicas_of(monkeypatch, tmp_path, "") == ()
    assert replicas_of(monkeypatch, tmp_path, " postgresql://r1/tracker , postgres://u:p@r2/t") == (
        "postgresql+psycopg://r1/tracker",
        "postgresql+psycopg://u:p@r2/t",
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("r1:5432/tracker", "item 1 'r1:5432/tracker' is not a database URL"),
        ("postgresql://r1/t,", "item 2 is empty"),
        ("postgresql://r1/t,,postgresql://r2/t", "item 2 is empty"),
        ("postgresql://u:secret@r1:port/t", "item 1 'postgresql://u:\\*\\*\\*@r1:port/t'"),
        ("mysql://r1/t", "item 1 'mysql://r1/t' is not a PostgreSQL URL"),
        (PRIMARY, "item 1 .* is DATABASE_URL or named twice"),
        ("postgresql://r1/t,postgresql://r1/t", "item 2 .* named twice"),
    ],
)
def test_a_malformed_replica_url_stops_start_up(monkeypatch, tmp_path, value, message):
    with pytest.raises(ConfigError, match=f"^DATABASE_REPLICA_URLS: {message}") as refused:
        replicas_of(monkeypatch, tmp_path, value)
    assert "secret" not in str(refused.value)


def test_replicas_need_postgresql(monkeypatch, tmp_path):
    with pytest.raises(ConfigError, match="DATABASE_URL is not PostgreSQL"):
        replicas_of(monkeypatch, tmp_path, "postgresql://r1/t", primary="sqlite:///x.db")


def test_an_app_on_sqlite_refuses_replicas_given_in_its_config(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_REPLICA_URLS", raising=False)
    with pytest.raises(ConfigError, match="needs DATABASE_URL on PostgreSQL"):
        create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}",
                "DATABASE_REPLICA_URLS": ("postgresql+psycopg://r1/t",),
            }
        )


def test_the_largest_lag_is_whole_seconds(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_REPLICA_MAX_LAG_SECONDS", "-1")
    with pytest.raises(ConfigError, match="DATABASE_REPLICA_MAX_LAG_SECONDS=-1"):
        load_config(str(tmp_path))


@pytest.mark.parametrize(
    ("statement", "primary"),
    [
        (None, False),
        (select(Unit), False),
        (select(Unit).with_for_update(), True),
        (select(Unit).with_for_update(key_share=True), True),
        (insert(Unit), True),
        (update(Unit).values(name="x"), True),
        (delete(Unit), True),
        (text("\n  SELECT version, txid_current_if_assigned() FROM data_version"), False),
        (text("SELECT updated_at, created_at FROM assignment_updates"), False),
        (text("SELECT id FROM units FOR UPDATE"), True),
        (text("SELECT id FROM units FOR KEY SHARE"), True),
        (text("WITH moved AS (DELETE FROM t RETURNING id) SELECT * FROM moved"), True),
        (text("SELECT nextval('units_id_seq')"), True),
    ],
)
def test_what_must_run_on_the_primary(statement, primary):
    assert writes(statement) is primary


def test_lsn_reads_as_postgresql_writes_it():
    assert parse_lsn("16/B374D848") == 0x16B374D848
    assert format_lsn(parse_lsn("0/3016060")) == "0/3016060"


def test_a_users_mark_keeps_the_larger_write_and_expires():
    marks = MemoryMarks()
    marks.put(7, 500)
    marks.put(7, 300)  # an earlier write that finished later
    assert marks.get(7) == 500 and marks.get(8) == 0


def test_marks_in_redis_keep_the_larger_write_for_an_hour():
    client = require_redis()
    marks = RedisMarks(REDIS_TEST_URL)
    key = RedisMarks.key(987654321)
    client.delete(key)
    try:
        marks.put(987654321, 2**40 + 5)
        marks.put(987654321, 2**40 + 1)
        assert marks.get(987654321) == 2**40 + 5
        assert MARK_SECONDS - 5 < client.ttl(key) <= MARK_SECONDS
    finally:
        client.delete(key)


def test_marks_without_redis_stay_in_this_process():
    app = Flask(__name__)
    marks = FallbackMarks("redis://127.0.0.1:1/0")  # nothing listens there
    with app.app_context():
        marks.put(5, 1234)
        assert marks.get(5) == 1234
    with pytest.raises(redis.ConnectionError):
        marks.redis.get(5)


def test_a_replica_that_does_not_answer_is_left_alone_for_a_while(monkeypatch):
    app = Flask(__name__)
    url = "postgresql+psycopg://postgres@127.0.0.1:1/nothing"  # nothing listens there
    engine = create_engine(url, **replica_options(url))
    router = Router([engine])
    asked = []
    real = router.standing

    def standing(engine):
        asked.append(time.monotonic())
        return real(engine)

    monkeypatch.setattr(router, "standing", standing)
    with app.app_context():
        assert router.choose(0) is None
        assert router.choose(0) is None
    assert len(asked) == 1
    engine.dispose()


def test_a_replica_engine_gives_up_connecting_quickly():
    options = replica_options("postgresql+psycopg://postgres@10.0.0.9:5432/t")
    assert options["connect_args"] == {"options": "-c jit=off", "connect_timeout": 2}
    assert options["pool_pre_ping"] is False  # each request asks the replica first anyway
