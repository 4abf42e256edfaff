"""The self-assessment page: a card per sub-criterion under its lĩnh vực, a save refused on its
card with what was typed kept, evidence added and removed, the lead's submission after a page
that says what it sends; read-only afterwards; other units' people kept out."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import local_today
from tests.index_appraisal_support import appraise_all, submitted_assessment
from tests.index_support import make_criteria_set
from tracker.accounts.models import User
from tracker.extensions import db
from tracker.reform_index.appraisal import send_to_unit
from tracker.reform_index.models import Assessment
from tracker.reform_index.sets import find_set
from tracker.units.models import Unit

PAGE = "/index/2021/department/units/SNVT"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def people(make_unit, make_user, db_session):
    unit = make_unit(kind="department", code="SNVT", name="Sở Nội vụ thử")
    make_criteria_set(self_deadline=local_today() + timedelta(days=3), is_demo=True)
    return {
        "lead": make_user(role="unit_lead", unit=unit),
        "member": make_user(role="unit_member", unit=unit),
        "office": make_user(role="office"),
        "other": make_user(role="unit_lead", unit=make_unit(kind="department")),
    }


def version_of(page: str, number: str) -> str:
    card = page[page.index(f'id="item-{number.replace(".", "-")}"') :]
    return re.search(r'name="version" value="(\d+)"', card).group(1)


def post_item(client, number, **fields):
    page = client.get(PAGE).get_data(as_text=True)
    data = {
        "csrf_token": CSRF.search(page).group(1),
        "version": version_of(page, number),
        "points": "",
        "explanation": "",
    } | fields
    return client.post(f"{PAGE}/items/{number}", data=data, content_type="multipart/form-data")


def test_the_page_shows_each_sub_criterion_under_its_area(client, login, people):
    login(people["member"])
    page = client.get(PAGE)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Chỉ số CCHC năm 2021: tự đánh giá" in text
    assert 'id="demo-data"' in text
    assert "1. Công tác chỉ đạo, điều hành cải cách hành chính" in text
    for number in ("1-1-1", "1-1-2", "1-2", "1-3", "2-1-1", "2-1-2", "2-2"):
        assert f'id="item-{number}"' in text
    assert 'type="radio" name="points" value="0.5"' in text  # levels as choices
    assert "Điểm (tính tự động)" in text  # 1.3 is not typed
    assert "chọn một" in text
    assert 'id="submit-link"' not in text  # staff do not send


def test_a_save_is_refused_on_its_card_keeping_what_was_typed(client, login, people):
    login(people["member"])
    refused = post_item(client, "1.1.1", points="1", explanation="")
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    card = text[text.index('id="item-1-1-1"') :][:6000]
    assert "Tiêu chí thành phần 1.1.1: hãy đính kèm tài liệu kiểm chứng" in card
    assert 'name="points" value="1"' in card
    over = post_item(client, "2.2", points="2,5")
    assert over.status_code == 422
    assert "Tiêu chí thành phần 2.2: Điểm phải từ 0 đến 2." in over.get_data(as_text=True)


def test_points_with_a_document_and_a_file_then_one_removed(client, login, people):
    login(people["member"])
    saved = post_item(
        client,
        "1.1.1",
        points="1",
        document_number="12/KH-SNV",
        document_date="15/01/2021",
        file=(io.BytesIO(b"%PDF-1.4"), "Kế hoạch.pdf"),
    )
    assert saved.status_code == 302 and saved.location.endswith("#item-1-1-1")
    page = client.get(PAGE).get_data(as_text=True)
    assert "Đã lưu tiêu chí thành phần 1.1.1." in page
    assert "12/KH-SNV · 15/01/2021" in page
    link = re.search(r'href="(/index/2021/department/units/SNVT/evidence/\d+)"', page).group(1)
    download = client.get(link)
    try:
        assert download.status_code == 200 and download.data == b"%PDF-1.4"
        assert download.headers["X-Content-Type-Options"] == "nosniff"
    finally:
        download.close()  # the file's handle, which send_file leaves open
    removable = re.findall(r'name="remove" value="(\d+)"', page)
    assert len(removable) == 2
    kept = post_item(client, "1.1.1", points="1", remove=removable[0])
    assert kept.status_code == 302
    page = client.get(PAGE).get_data(as_text=True)
    assert len(re.findall(r'name="remove" value="(\d+)"', page)) == 1


def test_the_lead_sends_after_a_confirmation(client, login, people):
    login(people["lead"])
    confirm = client.get(f"{PAGE}/submit")
    assert confirm.status_code == 200
    assert "Chưa thể gửi bản tự đánh giá" in confirm.get_data(as_text=True)
    for number, fields in {
        "1.1.1": {"points": "0"},
        "1.1.2": {"points": "1"},
        "1.2": {"points": "0,25", "url": "https://snv.quangtri.gov.vn/bao-cao"},
        "2.1.1": {"points": "2", "explanation": "Niêm yết tại Bộ phận một cửa"},
        "2.1.2": {"points": "0"},
        "2.2": {"points": "1,75"},
    }.items():
        assert post_item(client, number, **fields).status_code == 302, number
    confirm = client.get(f"{PAGE}/submit").get_data(as_text=True)
    assert "Xác nhận và gửi" in confirm and 'id="submit-late"' not in confirm
    token = CSRF.search(confirm).group(1)
    version = re.search(r'name="version" value="(\d+)"', confirm).group(1)
    sent = client.post(f"{PAGE}/submit", data={"csrf_token": token, "version": version})
    assert sent.status_code == 302
    page = client.get(PAGE).get_data(as_text=True)
    assert "Đã gửi bản tự đánh giá." in page
    assert 'id="assessment-state">Đã gửi' in page
    assert 'name="points"' not in page  # read-only now
    assert "5" in re.search(r'id="self-total">([^<]+)<', page).group(1)


def test_another_units_people_are_kept_out(client, login, people):
    login(people["other"])
    assert client.get(PAGE).status_code == 403


def test_the_office_reads_only(client, login, people):
    login(people["office"])
    page = client.get(PAGE)
    assert page.status_code == 200 and 'name="points"' not in page.get_data(as_text=True)
    assert client.get(f"{PAGE}/submit").status_code == 403


def appraise(app):
    """Sở Nội vụ thử's assessment submitted and every item appraised (2.2 lowered, with a
    reason), not yet sent to the unit."""
    with app.test_request_context():
        unit = db.session.scalar(select(Unit).where(Unit.code == "SNVT"))
        office = db.session.scalar(select(User).where(User.role == "office"))
        lead = db.session.scalar(select(User).where(User.unit_id == unit.id))
        assessment = submitted_assessment(find_set(2021, "department"), unit, lead)
        appraise_all(office, assessment, {"2.2": (1, "Chưa có báo cáo quý IV")})


def test_the_unit_sees_the_appraisal_once_it_is_sent(app, client, login, people):
    appraise(app)
    login(people["lead"])
    page = client.get(PAGE).get_data(as_text=True)
    assert 'class="appraised-points"' not in page and "Chưa có báo cáo quý IV" not in page
    assert 'id="answers-link"' not in page and 'id="journal-link"' in page
    with app.test_request_context():
        assessment = db.session.scalar(select(Assessment))
        send_to_unit(db.session.scalar(select(User).where(User.role == "office")), assessment)
    page = client.get(PAGE).get_data(as_text=True)
    card = page[page.index('id="item-2-2"') :]
    assert re.search(r'class="appraised-points">1<', card)
    assert "Chưa có báo cáo quý IV" in card
    assert 'id="answers-link"' in page and 'id="appraised-total"' in page
