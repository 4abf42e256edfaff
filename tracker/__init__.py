"""The reform-plan tracker: a Flask app built by create_app()."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from flask import Flask

from tracker import models  # noqa: F401  (every table registered before migrations run)
from tracker.config import engine_options, load_config
from tracker.core import (
    errors,
    hygiene,
    i18n,
    permissions,
    replicas,
    requestlog,
    security,
    templating,
)
from tracker.core.celery_setup import celery_init_app
from tracker.core.routing import RowIdConverter, YearConverter
from tracker.domains import DOMAINS
from tracker.extensions import csrf, db, login_manager, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(load_config(app.instance_path))
    # Evidence files are at most 20 MB, refused with a message on the form; a request far
    # beyond that is cut off by Werkzeug with a 413 before it is read.
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024 * 1024
    if config:
        app.config.update(config)
        if "SQLALCHEMY_ENGINE_OPTIONS" not in config:
            # The options depend on the database actually used.
            app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
                app.config["SQLALCHEMY_DATABASE_URI"]
            )

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    requestlog.init_app(app)  # first, so every request has its id
    i18n.init_app(app)
    templating.init_app(app)
    permissions.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    hygiene.init_app(app)  # after permissions: a stranger is sent to log in first
    # Before any blueprint: their routes use <id:…> and <year:…>.
    app.url_map.converters["id"] = RowIdConverter
    app.url_map.converters["year"] = YearConverter
    for domain in DOMAINS:
        import_module(f"tracker.{domain}.setup").init_app(app)
    replicas.init_app(app)  # last: its before_request runs once the reader is let in

    celery_init_app(app)
    return app
