"""The appraisal team's role (thành viên tổ thẩm định) in the people pages and the onboarding
file: the office gives it, without a unit; a unit's lead does not; a file names it in words."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import csrf_from
from tests.imports_support import load_units
from tests.people_support import people_csv
from tracker.accounts.models import User
from tracker.people.onboarding import import_people
from tracker.people.onboarding_values import role_names

NEW = {
    "full_name": "Trần Thẩm Định",
    "email": "thamdinh@example.vn",
    "role": "appraiser",
    "unit": "",
    "position": "Chuyên viên Sở Nội vụ",
    "phone": "",
    "locale": "vi",
    "send_invite": "y",
    "reason": "Thành lập tổ thẩm định Chỉ số CCHC",
}


def test_the_office_makes_an_appraiser_without_a_unit(client, login, make_user, db_session):
    login(make_user(role="office"))
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert '<option value="appraiser">Thành viên tổ thẩm định</option>' in page
    data = NEW | {"csrf_token": csrf_from(client, "/admin/users/new")}
    response = client.post("/admin/users/new", data=data)
    assert response.status_code == 302
    made = db_session.scalar(select(User).where(User.email == "thamdinh@example.vn"))
    assert (made.role, made.unit) == ("appraiser", None)
    listing = client.get("/admin/users?role=appraiser").get_data(as_text=True)
    assert "thamdinh@example.vn" in listing


def test_a_units_lead_is_not_offered_the_appraisers_role(client, login, make_user):
    login(make_user(role="unit_lead"))
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert 'value="appraiser"' not in page


def test_an_onboarding_file_names_the_role_in_words(app_ctx, db_session, make_user):
    load_units(db_session)
    office = make_user(role="office")
    names = role_names()
    assert names["to tham dinh"] == names["thanh vien to tham dinh"] == "appraiser"
    rows = [
        ["Lê Thẩm Định", "ld@quangtri.gov.vn", "", "Tổ thẩm định", "Chuyên viên", ""],
        ["Võ Thẩm Định", "vd@quangtri.gov.vn", "", "Thành viên tổ thẩm định", "", ""],
    ]
    result = import_people(office, people_csv(rows), "to-tham-dinh.csv")
    assert [str(problem) for problem in result.problems] == []
    made = db_session.scalars(select(User).where(User.role == "appraiser")).all()
    assert sorted(user.email for user in made) == ["ld@quangtri.gov.vn", "vd@quangtri.gov.vn"]
