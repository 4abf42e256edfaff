"""The migrations build the schema on PostgreSQL and SQLite, and agree with the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from tests.conftest import recreate_database, scratch_database_name


def build_app(uri: str, tmp_path):
    from tracker import create_app

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": uri.replace("postgresql://", "postgresql+psycopg://")}
    )
    app.instance_path = str(tmp_path)
    return app


def assert_models_match_database(app) -> None:
    from tracker.extensions import db

    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def assert_version_triggers_match_the_list(db) -> None:
    """The cache's table list (Python) and the triggers the migrations made agree."""
    from sqlalchemy import text

    from tracker.core.version_triggers import TRIGGER, TRIGGERS_IN_DATABASE, VERSIONED_TABLES

    with db.engine.connect() as connection:
        found = set(connection.execute(text(TRIGGERS_IN_DATABASE)).all())
    wanted = {
        (table, name) for table in VERSIONED_TABLES for name in (TRIGGER, f"{TRIGGER}_truncate")
    }
    assert found == wanted


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_migrations_upgrade_empty_database_to_head_and_match_models(backend, tmp_path):
    if backend == "postgresql":
        uri = recreate_database(scratch_database_name("_migrations"))
    else:
        uri = f"sqlite:///{tmp_path / 'tracker.db'}"
    app = build_app(uri, tmp_path)
    with app.app_context():
        upgrade()
        assert_models_match_database(app)
        downgrade(revision="base")
        upgrade()
        assert_models_match_database(app)
        from tracker.extensions import db

        if backend == "postgresql":
            assert_version_triggers_match_the_list(db)

        db.engine.dispose()


def test_there_is_exactly_one_head(app):
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several Alembic heads: {heads}"
