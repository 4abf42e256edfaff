"""The status figures across a reorganisation: as of a day before the effective day the old
units, after it the new ones, named as they were then; rolled up, today's units with what their
predecessors did, and the same totals."""

from __future__ import annotations

import json
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.units_over_time_support import DECISION, PLAN, build_reorganised
from tracker.extensions import db
from tracker.plans.filters import AssignmentFilters
from tracker.status.services import CLASSES, unit_status
from tracker.units.closing import close_into


def rows_of(body: dict) -> dict[str, dict]:
    return {row["unit_code"]: row for row in body["units"]}


def counts(row: dict) -> dict[str, int]:
    return {name: row[name] for name in CLASSES if row[name]}


@pytest.fixture
def reorganised(app, db_session, make_unit, make_user, make_plan):
    return build_reorganised(app, make_unit, make_user, make_plan)


@pytest.fixture
def office_api(reorganised, api_as):
    return api_as(reorganised.person("office"))


def test_before_the_effective_day_the_old_units_hold_their_work(reorganised, office_api):
    body = office_api.get("/status/units", plan=PLAN, as_of=reorganised.days(-60)).json
    rows = rows_of(body)
    assert set(rows) == {"SKH", "STC", "HCL", "SNN"}
    assert counts(rows["SKH"]) == {"done_on_time": 1, "on_track": 1}
    assert counts(rows["STC"]) == {"on_track": 1}
    assert rows["SNN"]["unit_name"] == "Sở Nông nghiệp và PTNT"  # its name then
    assert all("valid_to" not in row for row in body["units"])  # all existed then
    assert "roll_up" not in body["filters"]


def test_after_it_the_successor_holds_the_open_work_and_the_done_work_stays(
    reorganised, office_api
):
    body = office_api.get("/status/units", plan=PLAN, as_of=reorganised.days(-10)).json
    rows = rows_of(body)
    assert counts(rows["SKH"]) == {"done_on_time": 1}  # what it did, under its own name
    assert counts(rows["STC"]) == {"on_track": 1, "overdue": 1}  # T1 moved in, T3
    assert rows["SKH"]["valid_to"] == reorganised.days(-31).isoformat()
    assert rows["HCL"]["valid_to"] == reorganised.days(-31).isoformat()
    assert "valid_to" not in rows["STC"]
    assert rows["SNN"]["unit_name"] == "Sở Nông nghiệp và Môi trường"
    # Today's figures read the assignment rows: the same units.
    today = rows_of(office_api.get("/status/units", plan=PLAN).json)
    assert counts(today["STC"]) == counts(rows["STC"])


def test_the_transfer_made_by_close_into_is_what_moves_the_figures(reorganised, app_ctx):
    (transfer,) = reorganised.transfers()
    assert transfer.assignment_id == reorganised.assignment_ids["T1"]
    assert (transfer.from_unit.code, transfer.to_unit.code) == ("SKH", "STC")
    assert transfer.effective_date == reorganised.effective
    assert transfer.decision == DECISION
    for as_of, holder in ((-31, "SKH"), (-30, "STC")):
        table = unit_status(AssignmentFilters(as_of=reorganised.days(as_of), plan=PLAN))
        holders = {row.unit.code for row in table.rows() if row.figures.counts["on_track"]}
        assert holder in holders, as_of


@pytest.mark.parametrize("days", [-60, -10, 0])
def test_rolled_up_rows_are_todays_units_and_the_totals_do_not_move(reorganised, office_api, days):
    as_of = reorganised.days(days)
    plain = office_api.get("/status/units", plan=PLAN, as_of=as_of).json
    rolled = office_api.get("/status/units", plan=PLAN, as_of=as_of, roll_up="current").json
    assert rolled["filters"]["roll_up"] == "current"
    assert rolled["totals"] == plain["totals"]
    assert rolled["subtotals"] == plain["subtotals"]
    rows = rows_of(rolled)
    assert "SKH" not in rows  # merged into STC
    assert set(rows) == {"STC", "HCL", "SNN"}
    assert rows["STC"]["total"] == 3  # T1, T2 (done by SKH) and T3
    assert rows["STC"]["done_on_time"] == 1
    assert rows["SNN"]["unit_name"] == "Sở Nông nghiệp và Môi trường"  # today's name
    # Dissolved without a successor: its own row, marked closed.
    assert rows["HCL"]["valid_to"] == reorganised.days(-31).isoformat()
    assert "valid_to" not in rows["STC"]
    assert sum(row["total"] for row in rolled["units"]) == plain["totals"]["total"]


def test_roll_up_follows_successors_transitively(reorganised, office_api, make_unit, app):
    with app.test_request_context():
        finance = make_unit(code="STCM", name="Sở Tài chính (mới)", short_name="Sở TC mới")
        close_into(reorganised.unit("STC"), reorganised.days(-5), finance, "QĐ 2", kind="merge")
        db.session.commit()
    as_of = reorganised.days(-60)  # before both changes
    rolled = office_api.get("/status/units", plan=PLAN, as_of=as_of, roll_up="current").json
    plain = office_api.get("/status/units", plan=PLAN, as_of=as_of).json
    assert rows_of(rolled)["STCM"]["total"] == 3  # SKH's two, through STC, and STC's one
    assert {"SKH", "STC"}.isdisjoint(rows_of(rolled))
    assert rolled["totals"] == plain["totals"]


def test_a_roll_up_that_is_not_current_is_refused(reorganised, office_api):
    response = office_api.get("/status/units", plan=PLAN, roll_up="yes")
    assert response.status_code == 422
    assert "roll_up" in response.json["error"]["fields"]


def test_the_cached_table_is_keyed_by_the_roll_up(reorganised, app_ctx):
    filters = AssignmentFilters(as_of=reorganised.days(-10), plan=PLAN)
    plain, rolled = unit_status(filters), unit_status(filters, roll_up=True)
    assert plain.key != rolled.key
    assert not plain.roll_up and rolled.roll_up


def test_the_page_keeps_the_switch_in_its_links_and_export(reorganised, client, login):
    login(reorganised.person("office"))
    query = {"plan": PLAN, "as_of": reorganised.days(-10).strftime("%d/%m/%Y")}
    plain = client.get("/status", query_string=query).get_data(as_text=True)
    assert 'name="roll_up" value="current">' in plain  # not checked
    assert 'data-unit="SKH"' in plain
    closed_on = reorganised.effective.strftime("%d/%m/%Y")
    assert f"(ngừng hoạt động từ {closed_on})" in plain
    page = client.get("/status", query_string=query | {"roll_up": "current"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'name="roll_up" value="current" checked' in html
    assert 'data-unit="SKH"' not in html and 'data-unit="STC"' in html
    assert "roll_up=current" in html  # the sort links and the .xlsx link keep it
    refused = client.get("/status", query_string=query | {"roll_up": "x"})
    assert refused.status_code == 422
    assert "roll_up" not in refused.get_data(as_text=True).split("<form")[0]
    export = client.get("/status.xlsx", query_string=query | {"roll_up": "current"})
    sheet = load_workbook(BytesIO(export.data)).active
    assert "đơn vị hiện nay" in sheet["A1"].value
    codes = [row[0].value for row in sheet.iter_rows(min_row=4)]
    assert "STC" in codes and "SKH" not in codes
    names = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=4)}
    assert names["HCL"] == f"UBND huyện Cam Lộ (ngừng hoạt động từ {closed_on})"


def test_the_cli_rolls_up_too(reorganised, app):
    as_of = reorganised.days(-10).isoformat()
    result = app.test_cli_runner().invoke(
        args=["status", "--plan", PLAN, "--as-of", as_of, "--roll-up", "--json"]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["filters"]["roll_up"] == "current"
    assert "SKH" not in rows_of(body)
