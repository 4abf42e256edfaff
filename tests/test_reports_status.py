"""The status view's figures: computed by grouping in SQL, equal to counting the assignments
that /api/v1/assignments lists with the same filters, and to the Python deadline rule."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.conftest import csrf_from

CLASSES = ("done_on_time", "done_late", "overdue", "due_soon", "on_track", "no_deadline")
AS_OF_DATES = [
    "2021-01-15",
    "2021-03-31",
    "2021-06-30",
    "2021-09-30",
    "2021-10-04",
    "2021-12-31",
    "2026-11-29",
]


@pytest.fixture
def demo(app, db_session, make_user, api_as):
    """A viewer's API on the demo as `tracker seed-demo` leaves it (its tests are marked
    `seeded`: the demo is seeded once per session)."""
    return api_as(make_user(role="viewer"))


def listed_counts(api, **filters) -> Counter:
    counts: Counter = Counter()
    page = 1
    while True:
        body = api.get("/assignments", role="lead", per_page=200, page=page, **filters).json
        for item in body["items"]:
            counts[(item["unit_code"], item["deadline_class"])] += 1
        if page * 200 >= body["total"]:
            return counts
        page += 1


def status_counts(status: dict) -> Counter:
    counts: Counter = Counter()
    for row in status["units"]:
        for name in CLASSES:
            if row[name]:
                counts[(row["unit_code"], name)] = row[name]
    return counts


@pytest.mark.seeded
def test_status_equals_the_listed_assignments(demo):
    for as_of in AS_OF_DATES:
        status = demo.get("/status/units", plan="5959/QĐ-UBND", as_of=as_of).json
        listed = listed_counts(demo, plan="5959/QĐ-UBND", as_of=as_of)
        listed = Counter({k: v for k, v in listed.items() if k[1] != "cancelled"})
        assert status_counts(status) == listed, as_of
        assert status["totals"]["total"] == sum(listed.values())


FILTERS = [
    {"area": "procedures"},
    {"period": "2021-Q3"},
    {"period": "2021-01-01..2021-06-30"},
    {"unit_kind": "district"},
    {"plan": "NVTT-Q4/2021"},
    {"plan": "5959/QĐ-UBND", "area": "direction", "unit_kind": "department"},
]


@pytest.mark.seeded
def test_status_equals_the_list_with_every_filter(demo):
    for filters, as_of in [(f, d) for f in FILTERS for d in ("2021-06-30", "2021-09-30")]:
        status = demo.get("/status/units", as_of=as_of, **filters).json
        listed = listed_counts(demo, as_of=as_of, **filters)
        listed = Counter({k: v for k, v in listed.items() if k[1] != "cancelled"})
        assert status_counts(status) == listed, (filters, as_of)


@pytest.mark.seeded
def test_sql_classes_equal_the_python_rule(app, demo, db_session):
    from tracker.assignments.classes import classify
    from tracker.assignments.models import Assignment

    assignments = list(db_session.scalars(select(Assignment)))
    for as_of in AS_OF_DATES:
        with app.app_context():
            python = classify(assignments, date.fromisoformat(as_of))
        listed = {}
        page = 1
        while True:
            body = demo.get("/assignments", per_page=200, page=page, as_of=as_of).json
            listed.update({item["id"]: item["deadline_class"] for item in body["items"]})
            if page * 200 >= body["total"]:
                break
            page += 1
        assert listed == python, as_of


@pytest.mark.seeded
def test_a_class_filter_lists_exactly_the_assignments_of_that_class(app, demo, db_session):
    """The filter narrows by plain columns before computing the class (status.sql's
    candidates); it must drop no assignment of the class and keep none of another."""
    from tracker.assignments.classes import classify
    from tracker.assignments.models import Assignment

    assignments = list(db_session.scalars(select(Assignment)))
    for as_of in AS_OF_DATES:
        with app.app_context():
            python = classify(assignments, date.fromisoformat(as_of))
        for name in (*CLASSES, "cancelled"):
            items, page, total = [], 1, None
            while total is None or len(items) < total:
                body = demo.get(
                    "/assignments", per_page=200, page=page, as_of=as_of, deadline_class=name
                ).json
                items, page, total = items + body["items"], page + 1, body["total"]
                if not body["items"]:
                    break
            listed = {item["id"] for item in items}
            assert total == len(listed), (as_of, name)
            assert listed == {i for i, c in python.items() if c == name}, (as_of, name)
            assert all(item["deadline_class"] == name for item in items)


@pytest.mark.seeded
def test_every_class_is_present_as_of_the_report_date(demo):
    totals = demo.get("/status/units", plan="5959/QĐ-UBND", as_of="2021-09-30").json["totals"]
    assert all(totals[name] > 0 for name in CLASSES)


@pytest.mark.seeded
def test_rates_and_score_follow_the_domain_rules(demo):
    rows = demo.get("/status/units", plan="5959/QĐ-UBND", as_of="2021-09-30").json["units"]
    for row in rows:
        judged = row["done_on_time"] + row["done_late"] + row["overdue"]
        if judged:
            assert row["completion_rate"] == round(
                (row["done_on_time"] + row["done_late"]) / judged, 4
            )
            assert row["on_time_rate"] == round(row["done_on_time"] / judged, 4)
        else:
            assert row["completion_rate"] is None and row["score"] is None
    all_on_time = [r for r in rows if r["done_on_time"] and not r["done_late"] and not r["overdue"]]
    assert all(r["score"] == 100 for r in all_on_time)
    with_overdue = [r for r in rows if r["overdue"] and r["completion_rate"] < 0.8]
    assert all(r["score"] == 0 for r in with_overdue)


def test_score_bands(app):
    from tracker.status.scoring import ScoreBands, parse_bands, score

    bands = ScoreBands(bands=parse_bands("100:1,80:0.5,0:0"), late_weight=0.5)
    assert score(10, 0, 0, bands) == 100
    assert score(8, 0, 2, bands) == 50  # 80 % done
    assert score(7, 0, 3, bands) == 0  # 70 %
    assert score(8, 2, 0, bands) == 50  # all done, two late: 90 % weighted
    assert score(0, 0, 0, bands) is None
    with pytest.raises(ValueError):
        parse_bands("120:1")


@pytest.mark.seeded
def test_page_shows_groups_subtotals_total_and_chart(client, login, demo, make_user):
    login(make_user(role="office"))
    page = client.get(
        "/status", query_string={"plan": "5959/QĐ-UBND", "as_of": "30/09/2021"}
    ).get_data(as_text=True)
    assert "Tình hình thực hiện" in page
    assert "Sở, ban, ngành" in page and "UBND cấp huyện" in page
    # office, departments, districts and (the quarterly report task I.12) communes
    assert page.count('class="subtotal"') == 4
    assert "Toàn tỉnh" in page
    assert '<svg class="chart"' in page
    link = next(part for part in page.split('href="')[1:] if "unit=SNV" in part.split('"')[0])
    assert link.startswith("/tasks/?role=lead") and "plan=5959/Q" in link.split('"')[0]


@pytest.mark.seeded
def test_page_sorts_by_a_column(client, login, demo, make_user):
    login(make_user(role="office"))
    page = client.get(
        "/status",
        query_string={"plan": "5959/QĐ-UBND", "as_of": "2021-09-30", "order": "total", "desc": "1"},
    ).get_data(as_text=True)
    departments = page.split('<tr class="group">')[2]
    assert departments.index('data-unit="SNV"') < departments.index('data-unit="BDT"')


@pytest.mark.seeded
def test_bad_filter_gets_422_naming_it(client, login, demo, make_user):
    login(make_user(role="office"))
    assert client.get("/status", query_string={"period": "quý 5"}).status_code == 422
    response = demo.get("/status/units", as_of="30-02-2021")
    assert response.status_code == 422
    assert "as_of" in response.json["error"]["fields"]


@pytest.mark.seeded
def test_xlsx_has_the_same_numbers_and_the_filter_in_its_title(client, login, demo, make_user):
    login(make_user(role="office"))
    query = {"plan": "5959/QĐ-UBND", "as_of": "2021-09-30"}
    response = client.get("/status.xlsx", query_string=query)
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.data)).active
    assert "30/09/2021" in sheet["A1"].value and "5959/QĐ-UBND" in sheet["A1"].value
    api = demo.get("/status/units", **query).json
    rows = {
        row[0].value: [c.value for c in row[2:9]]
        for row in sheet.iter_rows(min_row=4)
        if row[0].value
    }
    for unit in api["units"]:
        assert rows[unit["unit_code"]] == [unit["total"], *[unit[c] for c in CLASSES]]
    total_row = [c.value for c in list(sheet.iter_rows(min_row=sheet.max_row))[0][2:9]]
    assert total_row == [api["totals"]["total"], *[api["totals"][c] for c in CLASSES]]


@pytest.mark.seeded
def test_cli_prints_the_same_json(app, demo):
    result = app.test_cli_runner().invoke(
        args=["status", "--plan", "5959/QĐ-UBND", "--as-of", "2021-09-30", "--json"]
    )
    assert result.exit_code == 0, result.output
    cli = json.loads(result.output)
    api = demo.get("/status/units", plan="5959/QĐ-UBND", as_of="2021-09-30").json
    assert cli == api


def test_office_and_viewers_land_on_the_status_page(client, login, make_user, db_session):
    login(make_user(role="viewer"))
    response = client.get("/")
    assert response.headers["Location"].endswith("/status")


def test_cached_figures_follow_every_change(workbench, api_as):
    office = api_as(workbench["office"])
    before = office.get("/status/units").json["totals"]
    a = workbench["assignment"]
    response = api_as(workbench["lead"]).post(
        f"/assignments/{a['id']}/updates",
        json={"state": "done", "evidence": {"document_number": "1/BC"}, "version": a["version"]},
    )
    assert response.status_code == 200
    after = office.get("/status/units").json["totals"]
    assert after["done_on_time"] == before["done_on_time"] + 1
    assert after["on_track"] == before["on_track"] - 1


@pytest.mark.seeded
def test_the_page_writes_rates_as_its_language_does(client, login, demo, make_user):
    query = {"plan": "5959/QĐ-UBND", "as_of": "2021-09-30"}
    rate = demo.get("/status/units", **query).json["totals"]["completion_rate"]
    tenths = f"{rate * 100:.1f}".removesuffix(".0")

    def total_row(user) -> str:
        login(user)
        page = client.get("/status", query_string=query).get_data(as_text=True)
        client.post("/logout", data={"csrf_token": csrf_from(client, "/plans/")})
        return page.split('<tr class="total">')[1].split("</tr>")[0]

    assert tenths.replace(".", ",") + " %" in total_row(make_user(role="viewer"))
    assert tenths + "%" in total_row(make_user(role="viewer", locale="en"))


@pytest.mark.seeded
def test_the_period_box_takes_a_quarter_as_people_write_it(client, login, demo, make_user):
    login(make_user(role="viewer"))
    query = {"plan": "5959/QĐ-UBND", "as_of": "2021-09-30"}
    written = client.get("/status", query_string=query | {"period": "Quý III/2021"})
    coded = client.get("/status", query_string=query | {"period": "2021-Q3"})
    assert written.status_code == coded.status_code == 200
    figures = [
        re.findall(r'<td class="num[^"]*"[^>]*>([^<]*)</td>', page.get_data(as_text=True))
        for page in (written, coded)
    ]
    assert figures[0] == figures[1] and figures[0]
    refused = client.get("/status", query_string=query | {"period": "quý 5/2021"})
    assert refused.status_code == 422
    assert "<strong>Kỳ:</strong> “quý 5/2021” không phải là một khoảng thời gian" in (
        refused.get_data(as_text=True)
    )
