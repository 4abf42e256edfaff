"""A year's results: the ranking with shared ties (API, page, workbook), the decision's annex
equal to the ranking API, publication, and the public pages (nothing before publication)."""

from __future__ import annotations

from io import BytesIO
from types import SimpleNamespace

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.conftest import csrf_from
from tests.index_results_support import FULL, appraise, results_world
from tracker.extensions import db
from tracker.reform_index.models import CriteriaSet
from tracker.reform_index.results import unit_breakdown
from tracker.reform_index.results_annex import RANKING_HEADERS
from tracker.units.services import get_unit

RANKING = "/index/2021/department/ranking"
PUBLIC = "/public/index/2021/department"


@pytest.fixture
def world(app, db_session, make_unit, make_user, api_as):
    """Codes and clients only: rows made in a context left before the requests."""
    with app.test_request_context():
        criteria_set, units = results_world(make_unit)
        office = make_user("office")
        lead = make_user("unit_lead", unit=units["B"])
        viewer = make_user("viewer")
        return {
            "set_id": criteria_set.id,
            "codes": {letter: unit.code for letter, unit in units.items()},
            # login() reads the e-mail alone; the rows are left with their context.
            "office": SimpleNamespace(email=office.email),
            "lead": SimpleNamespace(email=lead.email),
            "office_api": api_as(office),
            "lead_api": api_as(lead),
            "viewer_api": api_as(viewer),
        }


def ours(items, codes):
    return [item for item in items if item["unit_code"] in codes.values()]


def test_the_ranking_shares_ties_and_leaves_the_unappraised_last(world):
    answer = world["office_api"].get(RANKING)
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["state"] == "finalised"
    assert body["max_points"] == 20
    codes = world["codes"]
    rows = [(i["unit_code"], i["total"], i["index"], i["rank"], i["band"]) for i in body["items"]]
    mine = [row for row in rows if row[0] in codes.values()]
    assert mine[0] == (codes["A"], 18.5, 92.5, 1, "Tốt")
    assert sorted(mine[1:3]) == sorted(
        [(codes["B"], 17, 85, 2, "Khá"), (codes["C"], 17, 85, 2, "Khá")]
    )
    assert mine[3] == (codes["D"], None, None, None, None)
    # Units without a total come after every ranked one.
    ranked = [row[3] for row in rows]
    assert ranked.index(None) == sum(1 for rank in ranked if rank is not None)


def test_the_results_page_and_workbook_show_the_same_ranking(client, login, world):
    login(world["office"])
    page = client.get("/index/2021/department/results")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="ranking-chart"' in html and "<svg" in html
    assert "92,5" in html  # Vietnamese decimal comma
    assert 'id="publish"' in html  # finalised: the office may publish
    book = client.get("/index/2021/department/results.xlsx")
    assert book.status_code == 200
    sheet = load_workbook(BytesIO(book.data)).worksheets[0]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    a = rows[world["codes"]["A"]]
    assert (a[0], a[6], a[7], a[8]) == (1, 18.5, 92.5, "Tốt")
    assert rows[world["codes"]["B"]][0] == rows[world["codes"]["C"]][0] == 2


def test_the_docx_annex_equals_the_ranking_api(client, login, world):
    api_items = world["office_api"].get(RANKING).get_json()["items"]
    login(world["office"])
    answer = client.get("/index/2021/department/annex.docx?number=123")
    assert answer.status_code == 200
    doc = Document(BytesIO(answer.data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Chỉ số CCHC năm 2021" in text
    assert "Kèm theo Quyết định số 123/QĐ-UBND" in text
    assert "phê duyệt và công bố Chỉ số CCHC năm 2021" in text
    table = next(t for t in doc.tables if tuple(c.text for c in t.rows[0].cells) == RANKING_HEADERS)
    annex = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert len(annex) == len(api_items)

    def number(text):
        return None if text == "—" else float(text.replace(",", "."))

    for row, item in zip(annex, api_items, strict=True):
        rank, name, _appraised, _survey, total, index, band = row
        assert (None if rank == "—" else int(rank)) == item["rank"]
        assert name == item["unit_name"]
        assert number(total) == item["total"]
        assert number(index) == item["index"]
        assert (None if band == "—" else band) == item["band"]


def test_nothing_is_public_before_publication(client, login, world):
    codes = world["codes"]
    assert client.get(PUBLIC).status_code == 404
    assert client.get(f"{PUBLIC}/{codes['A']}").status_code == 404
    assert "2021" not in client.get("/public/index").get_data(as_text=True)
    assert client.get(f"/api/v1{RANKING}").status_code == 401
    assert world["lead_api"].get(RANKING).status_code == 403
    assert world["viewer_api"].get(RANKING).status_code == 200
    login(world["lead"])
    assert client.get("/index/2021/department/results").status_code == 403
    assert client.get("/index/2021/department/annex.docx").status_code == 403
    # Finalised: the unit sees its own breakdown, not another's.
    assert client.get(f"/index/2021/department/results/{codes['B']}").status_code == 200
    assert client.get(f"/index/2021/department/results/{codes['A']}").status_code == 403


def test_the_published_ranking_is_visible_without_login(app, client, login, world):
    codes = world["codes"]
    login(world["office"])
    token = csrf_from(client, "/index/2021/department/results")
    published = client.post(
        "/index/2021/department/publish",
        data={"csrf_token": token, "version": _version(app, world["set_id"])},
    )
    assert published.status_code == 302
    client.post("/logout", data={"csrf_token": csrf_from(client, "/index/2021/department/results")})
    page = client.get(PUBLIC)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "92,5" in html and codes["A"] in html
    assert 'id="publish"' not in html
    unit = client.get(f"{PUBLIC}/{codes['A']}")
    assert unit.status_code == 200
    breakdown = unit.get_data(as_text=True)
    assert 'data-area="1"' in breakdown and 'data-area="2"' in breakdown
    assert "Công tác chỉ đạo, điều hành cải cách hành chính" in breakdown
    assert "/public/index/2021/department" in client.get("/public/index").get_data(as_text=True)
    assert world["lead_api"].get(RANKING).status_code == 200


def test_publishing_is_for_a_finalised_year_and_once(app, world, make_unit):
    api = world["office_api"]
    again = api.post("/index/2021/department/publish", json={})
    assert again.status_code == 200, again.get_json()
    assert again.get_json()["state"] == "published"
    twice = api.post("/index/2021/department/publish", json={})
    assert twice.status_code == 409
    assert (
        world["lead_api"].post("/index/2021/department/publish", json={}).status_code == 403
    )
    with app.test_request_context():
        results_world(make_unit, year=2022, state="open")
    early = api.post("/index/2022/department/publish", json={})
    assert early.status_code == 422
    assert "state" in early.get_json()["error"]["fields"]


def test_a_unit_breakdown_shows_the_average_and_the_year_before(
    app, client, login, world, make_unit
):
    with app.test_request_context():
        before_set, _units = results_world(make_unit, year=2020, state="published")
        criteria_set = db.session.get(CriteriaSet, world["set_id"])
        # The 2020 world has units of its own; give unit A of 2021 a 2020 assessment too.
        unit = get_unit(world["codes"]["A"])
        appraise(before_set, unit, FULL | {"1.3": 0}, 5)
        breakdown = unit_breakdown(None, criteria_set, unit)
        first = breakdown.areas[0]
        assert (first.points, first.before) == (6, 3)
        # Area 1: A 6, B 4 (1.3 gave 1), C 4 (1.1.1 gave 0, 1.3 gave 2) → average 4,67.
        assert breakdown.areas[0].average == pytest.approx(4.67)
        assert breakdown.previous.total == 12
    login(world["office"])
    page = client.get(f"/index/2021/department/results/{world['codes']['A']}")
    assert page.status_code == 200
    assert 'id="unit-previous"' in page.get_data(as_text=True)


def _version(app, set_id) -> str:
    with app.test_request_context():
        return str(db.session.get(CriteriaSet, set_id).version)
