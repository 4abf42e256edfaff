"""THE rule for a new password (accounts.password_rules), tested directly: length, the bundled
list of common passwords (Vietnamese ones included), the account's own email name."""

from __future__ import annotations

import pytest

from tracker.accounts.password_rules import (
    MAX_LENGTH,
    MIN_LENGTH,
    common_passwords,
    fold,
    password_problem,
)


def code(password: str, email: str = "nguyen.van.an@quangtri.gov.vn", name: str = "") -> str:
    problem = password_problem(password, email, name)
    return problem.code if problem else "ok"


def test_a_long_unremarkable_password_is_accepted():
    assert code("mây trắng bay qua đèo") == "ok"
    assert code("correct horse battery staple") == "ok"
    assert code("Sông Thạch Hãn 1972") == "ok"
    assert code("x" * 3 + "kjhq7mzp") == "ok"


@pytest.mark.parametrize("length", [0, 1, MIN_LENGTH - 1])
def test_too_short(length):
    assert code("ž" * length if length else "") == "password_too_short"


def test_length_is_counted_in_characters_not_bytes():
    # Ten Vietnamese letters are more than ten bytes, and exactly ten characters.
    assert len("đường dài!") == 10
    assert code("đường dài!") == "ok"
    assert code("a" * (MAX_LENGTH - 2) + "bc") == "ok"
    assert code("a" * MAX_LENGTH + "bc") == "password_too_long"


def test_the_too_short_problem_names_the_minimum():
    problem = password_problem("ngắn", "a@b.vn")
    assert problem.params == {"min": MIN_LENGTH}


@pytest.mark.parametrize(
    "password",
    [
        "123456789",  # too short anyway; the longer ones below are the list's work
        "1234567890",
        "0123456789",
        "12345678910",
        "a123456789",
        "matkhau123",
        "MatKhau@2024",
        "Mật khẩu 2021",
        "quangtri2021",
        "QuangTri2021!",
        "Quảng Trị 2021",
        "anhyeuem123",
        "iloveyou2024",
        "Password123!",
        "P@ssw0rd2024",
        "qwertyuiop",
        "1qaz2wsx3edc",
        "vietnam1975",
        "tinhyeu12345",
        "hanoi123456",
        "saigon123456",
        "2021quangtri",
        "aaaaaaaaaaaa",
        "abababababab",
        "!!!!!!!!!!!!",
    ],
)
def test_common_passwords_are_refused(password):
    assert code(password) in ("password_too_common", "password_too_short")
    if len(password) >= MIN_LENGTH:
        assert code(password) == "password_too_common"


def test_the_bundled_list_holds_the_vietnamese_ones_the_issue_names():
    common = common_passwords()
    for word in ("123456789", "matkhau", "quangtri2021", "anhyeuem", "iloveyou", "tinhyeu"):
        assert fold(word) in common
    assert len(common) > 300


def test_folding_lowers_and_removes_diacritics_and_symbols():
    assert fold("Mật Khẩu!") == "matkhau"
    assert fold("Đông Hà-2021") == "dongha2021"


def test_a_password_with_the_emails_name_is_refused():
    email = "lan.nguyen@snv.quangtri.gov.vn"
    assert code("LanNguyen-2024-xyz", email) == "password_contains_name"
    assert code("nguyen mùa thu xanh", email) == "password_contains_name"  # a piece of 4+
    assert code("hoa lan mùa thu xanh", email) == "ok"  # "lan" alone is too short to count
    assert code("ngày xuân tươi đẹp", "vp@quangtri.vn") == "ok"  # a local part under 3
    assert code("ABCvpx quá dài rồi", "abc@quangtri.vn") == "password_contains_name"


def test_a_password_with_the_persons_whole_name_is_refused():
    assert code("Lê Thị Lan tháng tư", "cv1@snv.vn", "Lê Thị Lan") == "password_contains_name"
    assert code("lethilan!!2024", "cv1@snv.vn", "Lê Thị Lan") == "password_contains_name"
    assert code("thị trấn mùa lũ", "cv1@snv.vn", "Lê Thị Lan") == "ok"


def test_every_problem_has_vietnamese(app):
    with app.test_request_context(headers={"Accept-Language": "vi"}):
        texts = [
            str(password_problem(p, "lan@snv.vn"))
            for p in ("ngắn", "x" * 300 + "yz", "matkhau2024", "lan-mùa-thu-2024")
        ]
    assert texts == [
        "Mật khẩu phải có ít nhất 10 ký tự.",
        "Mật khẩu chỉ được có tối đa 200 ký tự.",
        "Mật khẩu này nằm trong số những mật khẩu phổ biến nhất: hãy chọn mật khẩu khác.",
        "Mật khẩu không được chứa tên trong địa chỉ email hoặc họ tên của bạn.",
    ]
