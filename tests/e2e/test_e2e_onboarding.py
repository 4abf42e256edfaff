"""In real Chromium: the office reaches "Nhập từ tệp" from the users list, uploads a small .xlsx
with a mistake, sees the problem by row and column in Vietnamese and nothing written, uploads the
corrected file, sees the preview (who is new, who changes) and confirms; the people are in the
list, awaiting activation. At 390 px the pages do not scroll sideways and axe-core finds no
serious violation. Screenshots in test-artifacts/onboarding-*.png."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_people import NO_SIDEWAYS, new_page, no_serious_violation, sign_in
from tests.people_support import HEADER, people_xlsx

pytestmark = pytest.mark.e2e

__all__ = ["new_page"]  # the fixture, used by name


def the_file(tmp_path, tag: str, fixed: bool):
    rows = [
        [
            f"Hoàng Thị Mai {tag}",
            f"mai.{tag}@snv.example.vn",
            "Sở Nội vụ",
            "Chuyên viên",
            "Chuyên viên phòng Cải cách hành chính",
            "0912 345 678",
        ],
        [
            f"Lê Văn Nam {tag}",
            f"nam.{tag}@stp.example.vn",
            "STP" if fixed else "Sở Tư Phápp",
            "Lãnh đạo đơn vị",
            "Phó Giám đốc",
            "0233 3852 111",
        ],
        [f"Trần Thị Xem {tag}", f"xem.{tag}@ubnd.example.vn", "", "Người xem", "", ""],
    ]
    # A person known already (known_person): their position changes.
    rows.append(
        [f"Phan Văn Cũ {tag}", f"cu.{tag}@snv.example.vn", "SNV", "Chuyên viên", "Trưởng phòng", ""]
    )
    path = tmp_path / f"danh-sach-{tag}-{'dung' if fixed else 'loi'}.xlsx"
    path.write_bytes(people_xlsx(rows, header=HEADER, title="DANH SÁCH NGƯỜI DÙNG"))
    return path


def known_person(live_app, tag: str) -> None:
    from sqlalchemy import select

    from tracker.accounts.models import User
    from tracker.extensions import db
    from tracker.people.services import create_person

    with live_app.test_request_context():
        office = db.session.scalar(select(User).where(User.email == "vanphong@cchc.demo"))
        create_person(
            office,
            email=f"cu.{tag}@snv.example.vn",
            full_name=f"Phan Văn Cũ {tag}",
            role="unit_member",
            unit="SNV",
            position="Chuyên viên",
        )
        db.session.commit()


def test_office_uploads_previews_and_confirms_a_list_of_people(
    new_page, live_server, live_app, tmp_path
):
    tag = secrets.token_hex(3)
    known_person(live_app, tag)
    page = new_page()
    sign_in(page, live_server, "vanphong@cchc.demo", "VanPhong@2021")
    page.goto(f"{live_server}/admin/users")
    page.click("#import-people")
    page.wait_for_url(re.compile(r"/admin/users/import$"))
    assert page.locator("h1").inner_text() == "Nhập danh sách người dùng từ tệp"

    page.set_input_files("input[name=file]", str(the_file(tmp_path, tag, fixed=False)))
    page.click("#people-import-form button[type=submit]")
    expect(page.locator("#import-errors")).to_be_visible()
    problems = page.locator("#import-problems li").all_inner_texts()
    assert problems == [
        "Dòng 5, cột C: Không có đơn vị “Sở Tư Phápp”; có phải “Sở Tư pháp”? (Đơn vị)"
    ]
    assert page.locator("#confirm-import").count() == 0
    screenshot(page, "onboarding-problems")

    page.set_input_files("input[name=file]", str(the_file(tmp_path, tag, fixed=True)))
    page.click("#people-import-form button[type=submit]")
    summary = page.locator("#import-summary")
    expect(summary).to_contain_text("Thêm mới 3 người, mỗi người nhận một thư mời")
    expect(summary).to_contain_text("Cập nhật 1")
    changed = page.locator("#import-people tr[data-action=update]")
    expect(changed).to_contain_text("Chức vụ: Chuyên viên → Trưởng phòng")
    screenshot(page, "onboarding-preview")

    page.click("#confirm-import")
    page.wait_for_url(re.compile(r"/admin/users$"))
    expect(page.locator(".flash").first).to_contain_text(
        "Đã tạo và gửi lời mời cho 3 người, cập nhật 1, giữ nguyên 0."
    )
    page.fill("input[name=q]", tag)
    page.click("form.filters button[type=submit]")
    rows = page.locator("#people tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("Chờ kích hoạt")
    screenshot(page, "onboarding-done")


def test_the_import_pages_fit_a_phone(new_page, live_server, live_app, tmp_path):
    tag = secrets.token_hex(3)
    known_person(live_app, tag)
    page = new_page(width=390)
    sign_in(page, live_server, "vanphong@cchc.demo", "VanPhong@2021")
    page.goto(f"{live_server}/admin/users/import")
    assert page.evaluate(NO_SIDEWAYS)
    no_serious_violation(page, "import page")
    screenshot(page, "onboarding-phone-upload")

    page.set_input_files("input[name=file]", str(the_file(tmp_path, tag, fixed=False)))
    page.click("#people-import-form button[type=submit]")
    expect(page.locator("#import-errors")).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS)
    no_serious_violation(page, "problems")
    screenshot(page, "onboarding-phone-problems")

    page.set_input_files("input[name=file]", str(the_file(tmp_path, tag, fixed=True)))
    page.click("#people-import-form button[type=submit]")
    expect(page.locator("#confirm-import")).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS)
    no_serious_violation(page, "preview")
    screenshot(page, "onboarding-phone-preview")
