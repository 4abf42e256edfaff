"""`tracker create-user` keeps working under the account rules of #16: THE email rule (what it
creates can sign in: the login form takes the same addresses), the password rules, an
invitation instead of a password (--invite), a position and a phone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from
from tracker.accounts.models import AccountLink, User
from tracker.accounts.passwords import verify_password
from tracker.reminders.models import ReminderDelivery


def create_user(app, *args: str, password: str | None = "sông Hiếu chảy qua Đông Hà"):
    return app.test_cli_runner().invoke(
        args=["create-user", *args], input=None if password is None else password + "\n"
    )


def test_an_invitation_instead_of_a_password(app, db_session):
    result = create_user(
        app,
        "--email",
        "Lan.Nguyen@SNV.QuangTri.gov.vn",
        "--name",
        "Nguyễn Thị Lan",
        "--role",
        "viewer",
        "--position",
        "Chuyên viên",
        "--phone",
        "0233 3852 111",
        "--invite",
        password=None,
    )
    assert result.exit_code == 0, result.output
    assert "lan.nguyen@snv.quangtri.gov.vn" in result.output
    assert "Thư mời chọn mật khẩu sẽ được gửi đến" in result.output
    user = db_session.scalar(select(User).where(User.email == "lan.nguyen@snv.quangtri.gov.vn"))
    assert (user.password_hash, user.position, user.phone) == (None, "Chuyên viên", "0233 3852 111")
    [link] = db_session.scalars(select(AccountLink).where(AccountLink.user_id == user.id))
    assert link.purpose == "invite" and link.used_at is None
    delivery = db_session.scalar(
        select(ReminderDelivery).where(ReminderDelivery.recipient_id == user.id)
    )
    assert (delivery.kind, delivery.status) == ("account", "pending")


def test_a_password_from_stdin_still_works(app, db_session):
    result = create_user(app, "--email", "vp2@quangtri.gov.vn", "--name", "A B", "--role", "office")
    assert result.exit_code == 0, result.output
    user = db_session.scalar(select(User).where(User.email == "vp2@quangtri.gov.vn"))
    assert verify_password(user.password_hash, "sông Hiếu chảy qua Đông Hà")
    assert db_session.scalars(select(AccountLink).where(AccountLink.user_id == user.id)).all() == []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("matkhau123", "Mật khẩu này nằm trong số những mật khẩu phổ biến nhất"),
        ("quangtri2021", "Mật khẩu này nằm trong số những mật khẩu phổ biến nhất"),
        ("tuan.anh 2024 mùa thu", "không được chứa tên trong địa chỉ email"),
        ("ngắn", "Mật khẩu phải có ít nhất 10 ký tự."),
    ],
)
def test_the_password_rules_apply(app, db_session, password, message):
    result = create_user(
        app,
        "--email",
        "tuan.anh@quangtri.gov.vn",
        "--name",
        "Lê Tuấn Anh",
        "--role",
        "viewer",
        password=password,
    )
    assert result.exit_code == 2
    assert message in result.output
    assert db_session.scalar(select(User).where(User.email == "tuan.anh@quangtri.gov.vn")) is None


@pytest.mark.parametrize("email", ["someone@example.test", "a@b.local", "khong-phai-email", "a@b"])
def test_an_address_that_could_never_sign_in_is_refused_and_the_login_form_agrees(
    app, client, db_session, email
):
    result = create_user(app, "--email", email, "--name", "A B", "--role", "viewer")
    assert result.exit_code == 2
    assert "--email" in result.output
    assert f"“{email}” không phải là địa chỉ email." in result.output
    # The login form refuses the very same address with the very same words.
    response = client.post(
        "/login",
        data={"email": email, "password": "x" * 12, "csrf_token": csrf_from(client, "/login")},
    )
    assert f"“{email}” không phải là địa chỉ email." in response.get_data(as_text=True)


def test_a_position_too_long_is_told_on_its_option(app, db_session):
    result = create_user(
        app, "--email", "x1@quangtri.gov.vn", "--name", "A B", "--role", "viewer",
        "--position", "p" * 201,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--position" in result.output
