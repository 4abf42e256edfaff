"""The demo's 2025 reorganisation on PostgreSQL: applied by `tracker seed-demo`, and by
`tracker reorganise` from the shipped file on a database seeded up to it; a second apply
changes nothing; the 2021 figures stay byte for byte; the new province's units, lineage and
groups, the 2026 plan and the new login."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.test_demo_seed import seed, table_counts
from tracker.accounts.models import User
from tracker.accounts.passwords import verify_password
from tracker.assignments.models import Assignment, AssignmentTransfer, JournalEntry
from tracker.core.permissions import can
from tracker.demo.reorganisation_2025 import (
    DISTRICT_SUCCESSORS,
    MERGER_DAY,
    TABLE_FILE,
    communes_2025,
)
from tracker.plans.models import Plan
from tracker.units.districts import district_on
from tracker.units.lifecycle import lineage, names_on
from tracker.units.models import Unit, UnitGroup

PLAN = "5959/QĐ-UBND"
ISSUED_2026 = date(2026, 1, 9)
DIVISION_TYPES = {"xã": "xa", "phường": "phuong", "đặc khu": "dac_khu"}
STATUS_ROW = re.compile(r"<tr data-unit=.*?</tr>", re.S)
STATUS_2021 = (
    {"plan": PLAN, "as_of": "2021-09-30"},
    {"plan": PLAN, "as_of": "2021-12-31", "kind": "district"},
    {"as_of": "2021-09-30"},
)


def unit(db_session, code: str) -> Unit:
    return db_session.scalar(select(Unit).where(Unit.code == code))


def group(db_session, code: str) -> UnitGroup:
    return db_session.scalar(select(UnitGroup).where(UnitGroup.code == code))


def status_2021(api) -> list[bytes]:
    answers = [api.get("/status/units", **query) for query in STATUS_2021]
    assert all(answer.status_code == 200 for answer in answers)
    return [answer.get_data() for answer in answers]


def views_2021(client, api) -> dict:
    """What a day of 2021 shows of the units: the status page's rows of plan 5959 (each
    commune named as then, with the district it had), and the units API's districts."""
    page = client.get("/status", query_string={"plan": PLAN, "as_of": "2021-09-30"})
    assert page.status_code == 200
    units = api.get("/units", on="2021-09-30")
    assert units.status_code == 200
    return {
        "rows": STATUS_ROW.findall(page.get_data(as_text=True)),
        "districts": {u["code"]: u["parent_code"] for u in units.get_json()["items"]},
    }


@pytest.mark.seeded
def test_seed_demo_brings_the_province_to_2026(app, db_session):
    output = seed(app)  # a second run on the demo seeded once per session: it prints the logins
    assert "lanhdao.donghoi@cchc.demo" in output and "DongHoi@2025" in output
    codes = {c["code"]: c for c in communes_2025()["communes"]}
    communes = [
        u
        for u in db_session.scalars(select(Unit).where(Unit.kind == "commune"))
        if u.is_valid_on(MERGER_DAY)
    ]
    assert {u.code for u in communes} == set(codes)
    for commune in communes:
        assert commune.division_type == DIVISION_TYPES[codes[commune.code]["division_type"]]
        assert district_on(commune, MERGER_DAY) is None  # no districts since 1/7/2025
    districts = db_session.scalars(select(Unit).where(Unit.kind == "district")).all()
    assert len(districts) == 18
    assert all(d.valid_to == date(2025, 6, 30) for d in districts)

    # A commune that kept a code goes on, renamed; its old name is that of a day of 2021.
    dong_hoi = unit(db_session, "18880")
    assert (dong_hoi.name, dong_hoi.short_name) == ("UBND phường Đồng Hới", "Phường Đồng Hới")
    assert names_on([dong_hoi.id], date(2021, 9, 30))[dong_hoi.id][0] == (
        "UBND phường Đức Ninh Đông"
    )
    before = [p for p in lineage(dong_hoi)["predecessors"] if p["kind"] == "merge"]
    merged = {p["code"] for p in codes["18880"]["predecessors"]} - {"18880"}
    assert {p["code"] for p in before} == merged
    # …and the work of the city it gave its name to (the demo's choice).
    assert [p["code"] for p in lineage(dong_hoi)["predecessors"] if p["kind"] == "dissolve"] == [
        "450"
    ]
    assert all("1680/NQ-UBTVQH15" in p["decision"] and not p["partial"] for p in before)
    con_co = unit(db_session, "19742")
    assert (con_co.kind, con_co.division_type) == ("commune", "dac_khu")
    assert [p["code"] for p in lineage(con_co)["predecessors"]] == ["471"]
    for district, successor, _why in DISTRICT_SUCCESSORS:
        assert unit(db_session, district).successor.code == successor

    # Departments merged on 1/3/2025.
    assert unit(db_session, "SKHDT").successor.code == "STC"
    assert unit(db_session, "SKHDT").valid_to == date(2025, 2, 28)
    environment = unit(db_session, "SNNMT")
    assert environment.short_name == "Sở NN&MT"
    assert {p["code"] for p in lineage(environment)["predecessors"]} == {"SNNPTNT", "STNMT"}

    # The groups of the new province.
    assert [u.code for u in group(db_session, "XA").members_on(ISSUED_2026)] == sorted(codes)
    departments = group(db_session, "SBN").members_on(ISSUED_2026)
    assert len(departments) == 15 and {"SNNMT", "SDTTG", "VPUBND"} <= {u.code for u in departments}
    assert group(db_session, "HUYEN").members_on(ISSUED_2026) == []
    assert len(group(db_session, "HUYEN").members_on(date(2021, 9, 30))) == 10

    # The 2026 plan and the login of the new ward.
    plan = db_session.scalar(select(Plan).where(Plan.code == "KH-CCHC-2026"))
    assert "minh họa" in plan.title
    units_2026 = {a.unit.code for task in plan.tasks for a in task.assignments}
    assert set(codes) <= units_2026 and not any(u.isdigit() and len(u) == 3 for u in units_2026)
    lead = db_session.scalar(select(User).where(User.email == "lanhdao.donghoi@cchc.demo"))
    assert (lead.role, lead.unit.code) == ("unit_lead", "18880")
    assert verify_password(lead.password_hash, "DongHoi@2025")

    counts = table_counts(db_session)
    assert "nothing changed" in seed(app)
    assert table_counts(db_session) == counts


@pytest.mark.seeded
def test_open_work_moved_to_the_successor_and_done_work_kept(app, db_session, client, login):
    dong_ha = unit(db_session, "461")
    moved = db_session.scalars(
        select(AssignmentTransfer).where(AssignmentTransfer.from_unit_id == dong_ha.id)
    ).all()
    assert moved and all(t.to_unit.code == "19333" for t in moved)
    assert all(t.effective_date == MERGER_DAY for t in moved)
    for transfer in moved:
        assignment = transfer.assignment
        assert assignment.unit.code == "19333"
        assert db_session.scalar(
            select(func.count())
            .select_from(JournalEntry)
            .where(JournalEntry.assignment_id == assignment.id, JournalEntry.kind == "transferred")
        )
    kept = db_session.scalars(select(Assignment).where(Assignment.unit_id == dong_ha.id)).all()
    assert kept
    successor = unit(db_session, "19333")
    for assignment in kept:
        if assignment.state in ("done", "cancelled", "awaiting_confirmation"):
            continue
        # Open, kept only because the successor holds that task (and checkpoint period) itself:
        # the Q4/2021 checkpoint of the periodic report every unit owes (#18).
        assert assignment.period is not None
        assert any(
            a.task_id == assignment.task_id and a.period == assignment.period
            for a in db_session.scalars(
                select(Assignment).where(Assignment.unit_id == successor.id)
            )
        )

    # Open work left with Sở LĐ-TB&XH (Sở Nội vụ held those tasks already) is Sở Nội vụ's
    # people's to carry on: they may update it, and their unit's list shows it, marked.
    home_affairs = db_session.scalar(select(User).where(User.email == "lanhdao.snv@cchc.demo"))
    left = db_session.scalars(
        select(Assignment).where(
            Assignment.unit_id == unit(db_session, "SLDTBXH").id,
            Assignment.state.not_in(("done", "cancelled")),
        )
    ).all()
    assert left
    with app.app_context():  # the check reads today's date, the app's
        assert all(can(home_affairs, "update_assignment", unit_id=a.unit_id) for a in left)
    login(home_affairs, "SoNoiVu@2021")
    page = client.get("/my").get_data(as_text=True)
    assert page.count("đơn vị mình tiếp nhận") == len(left)
    assert all(f"/assignments/{a.id}" in page for a in left)


@pytest.mark.seeded("before_2025")  # seed_demo(reorganisation=False), once per session
def test_the_command_applies_the_shipped_table_and_2021_stays_as_it_was(
    app, db_session, api_as, client, login
):
    office = db_session.scalar(select(User).where(User.email == "vanphong@cchc.demo"))
    api = api_as(office)
    before = status_2021(api)
    login(office, "VanPhong@2021")
    seen_2021 = views_2021(client, api)
    assert "UBND phường 1 (TP Đông Hà)" in "".join(seen_2021["rows"])
    assert seen_2021["districts"]["19333"] == "461"
    runner = app.test_cli_runner()

    applied = runner.invoke(args=["reorganise", str(TABLE_FILE), "--json"])
    assert applied.exit_code == 0, applied.output
    answer = json.loads(applied.output)
    assert answer["applied"] and not answer["problems"]
    assert set(answer["units_created"]) == {"SNNMT", "SDTTG", "19742"}
    assert len(answer["reorganisations"]) == 3
    assert status_2021(api) == before
    # The page and the units of 2021 too: the communes keep the districts they had then.
    assert views_2021(client, api) == seen_2021
    assert not any(u["parent_code"] for u in api.get("/units").get_json()["items"])

    counts = table_counts(db_session)
    again = runner.invoke(args=["reorganise", str(TABLE_FILE), "--json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.output)["nothing_to_change"]
    assert table_counts(db_session) == counts

    # seed-demo then finds the reorganisation made, and adds what came after it.
    output = seed(app)
    assert "applied reorganisation-2025-07-01.csv" not in output and "tasks" in output
    assert status_2021(api) == before
    assert views_2021(client, api) == seen_2021
