"""The reform-plan tracker: a Flask app built by create_app()."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from tracker.config import engine_options, load_config

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

    from tracker import models  # noqa: F401  (every table registered before migrations run)
    from tracker.audit.services import record_forbidden
    from tracker.core import errors, hygiene, i18n, permissions, requestlog, security, templating
    from tracker.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    requestlog.init_app(app)  # first, so every request has its id
    i18n.init_app(app)
    templating.init_app(app)
    permissions.init_app(app)
    errors.init_app(app)
    errors.listen_for_forbidden(app, record_forbidden)
    security.init_app(app)
    hygiene.init_app(app)  # after permissions: a stranger is sent to log in first

    from tracker.accounts.views import bp as accounts_bp
    from tracker.admin.views import bp as admin_bp
    from tracker.api import actions, openapi, views  # noqa: F401  (routes on the API blueprint)
    from tracker.api.blueprint import bp as api_bp
    from tracker.core.routing import RowIdConverter
    from tracker.feeds import api as feeds_api  # noqa: F401  (routes on the API blueprint)
    from tracker.feeds.views import bp as feeds_bp
    from tracker.health.views import bp as health_bp
    from tracker.imports.views import bp as imports_bp
    from tracker.plans.views import bp as plans_bp
    from tracker.reminders.log_views import bp as reminder_log_bp
    from tracker.reminders.views import bp as reminders_bp
    from tracker.reports.views import bp as reports_bp
    from tracker.status.views import bp as status_bp
    from tracker.units.views import bp as units_bp

    # Before any blueprint: their routes use <id:…>.
    app.url_map.converters["id"] = RowIdConverter
    for blueprint in (
        accounts_bp,
        plans_bp,
        reports_bp,
        status_bp,
        units_bp,
        feeds_bp,
        admin_bp,
        reminders_bp,
        health_bp,
        api_bp,
        reminder_log_bp,
        imports_bp,
    ):
        app.register_blueprint(blueprint)

    from tracker.accounts.cli import create_token_command, create_user_command
    from tracker.backup.cli import export_all_command, import_all_command
    from tracker.demo.cli import demo_data_command, seed_demo_command, stats_command
    from tracker.feeds.cli import create_feed_command
    from tracker.imports.cli import import_plan_command
    from tracker.reminders.cli import remind_command
    from tracker.reports.cli import report_command, status_command

    for command in (
        create_user_command,
        create_token_command,
        create_feed_command,
        seed_demo_command,
        demo_data_command,
        status_command,
        report_command,
        remind_command,
        export_all_command,
        import_all_command,
        import_plan_command,
        stats_command,
    ):
        app.cli.add_command(command)

    from tracker.core.celery_setup import celery_init_app

    celery_init_app(app)
    return app
