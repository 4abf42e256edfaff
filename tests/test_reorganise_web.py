"""The office's reorganisation page (#17): upload → preview (a dry run: what is created,
closed, renamed, moved, kept; problems by row and column) → confirm, which applies the same
kept file, all or nothing."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from sqlalchemy import select

from tests.conftest import CSRF_RE, csrf_from
from tests.reorganise_support import built_in_own_context, row, table
from tracker.extensions import db
from tracker.units.models import Unit

CONFIRM_RE = re.compile(r'action="(/units/reorganise/[A-Za-z0-9_-]+)"')


@pytest.fixture
def province_site(app, db_session, make_unit, make_user, make_plan, make_group):
    return built_in_own_context(app, make_unit, make_user, make_plan, make_group)


def upload(client, data: bytes, name: str = "sap-xep.csv"):
    token = csrf_from(client, "/units/reorganise")
    return client.post(
        "/units/reorganise",
        data={"csrf_token": token, "file": (BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def skh_closed(app) -> bool:
    with app.app_context():
        return db.session.scalar(select(Unit).where(Unit.code == "SKH")).valid_to is not None


def test_office_previews_then_confirms_a_reorganisation(client, login, province_site):
    login(province_site["people"]["office"])
    preview = upload(client, table(row("sáp nhập", "SKH", "Sở Tài chính")))
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page[-3000:]
    assert "Sở Kế hoạch và Đầu tư" in page and "Nhiệm vụ thử 1" in page
    assert 'id="reorganise-moved"' in page and 'id="reorganise-kept"' in page
    assert 'id="reorganise-users"' in page
    assert not skh_closed(client.application)  # a preview writes nothing
    action = CONFIRM_RE.search(page).group(1)
    assert client.post(action).status_code in (302, 400)  # the page's CSRF token is needed
    assert not skh_closed(client.application)
    done = client.post(action, data={"csrf_token": CSRF_RE.findall(page)[-1]})
    assert done.status_code == 200
    assert 'id="reorganise-applied"' in done.get_data(as_text=True)
    assert skh_closed(client.application)
    # The kept file is gone: confirming again applies nothing more.
    again = client.post(action, data={"csrf_token": CSRF_RE.findall(page)[-1]})
    assert again.status_code == 302 and again.headers["Location"].endswith("/units/reorganise")


def test_problems_are_shown_by_row_and_column_and_nothing_is_offered(client, login, province_site):
    login(province_site["people"]["office"])
    response = upload(client, table(row("sáp nhập", "Sở Không Có", "STC")))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="reorganise-problems"' in page and "Đơn vị cũ" in page
    assert "Sở Không Có" in page and 'id="confirm-reorganise"' not in page


def test_an_unreadable_file_is_refused_on_the_form(client, login, province_site):
    login(province_site["people"]["office"])
    response = upload(client, b"\x00garbage", name="sap-xep.xlsx")
    assert response.status_code == 422
    assert "không đọc được" in response.get_data(as_text=True).lower()


def test_a_unit_lead_may_not_reorganise(client, login, province_site):
    login(province_site["people"]["skh_lead"])
    assert client.get("/units/reorganise").status_code == 403


def test_the_preview_says_a_new_division_type_as_such(client, login, province_site):
    login(province_site["people"]["office"])
    page = upload(client, table(row("đổi tên", "19165", "", "Xã Một", "xã"))).get_data(as_text=True)
    assert "Phường 1 → Xã Một" in page and "Xã Một → Xã" in page
    assert "Xã Một → Xã Một" not in page
