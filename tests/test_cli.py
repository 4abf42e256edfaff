"""The `tracker` console script: Flask's commands and ours, run as a new user would."""

from __future__ import annotations

from sqlalchemy import select

from tests.support import app_env, run_tracker


def test_console_script_upgrades_an_empty_sqlite_database(tmp_path):
    env = app_env(DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.db'}")
    result = run_tracker("db", "upgrade", env=env)
    assert result.returncode == 0, result.stderr
    result = run_tracker("db", "current", env=env)
    assert "(head)" in result.stdout


def test_create_user_reads_the_password_from_stdin(app, db_session, make_unit):
    from tracker.accounts.models import User
    from tracker.accounts.passwords import verify_password

    unit = make_unit(code="SNV-T")
    db_session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "Lan@SNV.vn",
            "--name",
            "Lê Thị Lan",
            "--role",
            "unit_member",
            "--unit",
            unit.code,
        ],
        input="mật-khẩu-rất-dài\n",
    )
    assert result.exit_code == 0, result.output
    user = db_session.scalar(select(User).where(User.email == "lan@snv.vn"))
    assert user.unit_id == unit.id
    assert user.full_name == "Lê Thị Lan"
    assert verify_password(user.password_hash, "mật-khẩu-rất-dài")


def test_create_user_refuses_a_unit_role_without_a_unit(app, db_session):
    result = app.test_cli_runner().invoke(
        args=["create-user", "--email", "a@b.vn", "--name", "A", "--role", "unit_lead"],
        input="long-enough-password\n",
    )
    assert result.exit_code == 2
    assert "--unit" in result.output
    assert "phải thuộc một đơn vị" in result.output


def test_create_user_refuses_a_short_password(app, db_session):
    result = app.test_cli_runner().invoke(
        args=["create-user", "--email", "a@b.vn", "--name", "A", "--role", "viewer"],
        input="short\n",
    )
    assert result.exit_code == 2
    assert "Mật khẩu phải có ít nhất 10 ký tự." in result.output


def test_create_user_refuses_a_duplicate_email_whatever_its_case(app, db_session, make_user):
    make_user(email="office@example.vn")
    result = app.test_cli_runner().invoke(
        args=["create-user", "--email", "OFFICE@example.vn", "--name", "A", "--role", "office"],
        input="long-enough-password\n",
    )
    assert result.exit_code == 2
    assert "Đã có tài khoản với email office@example.vn." in result.output
