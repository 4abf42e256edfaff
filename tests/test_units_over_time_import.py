"""Importing a plan reads its owners as of the day its tasks are assigned: a group gives that
day's members, a unit closed by then is a problem of its cell (naming the day and the
successor), a unit's name before a rename still finds it; the service, the CLI and the web
preview say the same. A plan imported before a merger and imported again after it is
unchanged (the transferred assignments are the file's)."""

from __future__ import annotations

import html
import json
from datetime import date
from io import BytesIO

import pytest

from tests.conftest import csrf_from
from tests.imports_support import csv_bytes
from tracker.accounts.models import User
from tracker.extensions import db
from tracker.imports.owners import OwnerIndex
from tracker.imports.services import import_plan, load_plan
from tracker.units.closing import close_into
from tracker.units.lifecycle import rename_unit
from tracker.units.models import Unit, UnitGroup

CHANGED = date(2025, 3, 1)
HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp"]
HEADER += ["Thời gian hoàn thành", "Sản phẩm"]
CLOSED_VI = (
    "Sở Kế hoạch và Đầu tư đã ngừng hoạt động từ ngày 01/03/2025 (công việc được chuyển "
    "cho Sở Tài chính); các nhiệm vụ được giao ngày"
)


def plan_file(year: int, *tasks: tuple[str, str]) -> bytes:
    """A plan of `year` whose task n is (title, lead), due in its fourth quarter."""
    rows = [
        ["UBND TỈNH QUẢNG TRỊ", "", "", "", "", ""],
        [f"DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM {year}", "", "", "", "", ""],
        ["", "", "", "", "", ""],
        HEADER,
        ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "", "", "", ""],
    ]
    for n, (title, lead) in enumerate(tasks, start=1):
        rows.append([str(n), title, lead, "", f"Quý IV/{year}", "Báo cáo"])
    return csv_bytes(rows)


@pytest.fixture
def province(app, db_session, make_unit, make_user):
    """SKH and STC in the group "Các sở thử" since ever; on 01/03/2025 SKH is absorbed into
    STC, SNN renamed, and the new SDT joins the group."""
    with app.test_request_context():
        units = {
            code: make_unit(code=code, name=name, short_name=code)
            for code, name in (
                ("SKH", "Sở Kế hoạch và Đầu tư"),
                ("STC", "Sở Tài chính"),
                ("SNN", "Sở Nông nghiệp và PTNT"),
            )
        }
        units["SDT"] = make_unit(code="SDT", name="Sở Dân tộc và Tôn giáo", valid_from=CHANGED)
        group = UnitGroup(code="GSO", name="Các sở thử", aliases=[])
        group.add_member(units["SKH"])
        group.add_member(units["STC"])
        group.add_member(units["SDT"], since=CHANGED)
        db.session.add(group)
        office = make_user(role="office")
        db.session.commit()
        return office.id


def unit(code: str) -> Unit:
    return db.session.scalar(db.select(Unit).where(Unit.code == code))


def office_of(office_id: int) -> User:
    return db.session.get(User, office_id)


def close_and_rename(office_id: int) -> None:
    close_into(unit("SKH"), CHANGED, unit("STC"), "QĐ 1/QĐ-UBND", office_of(office_id))
    rename_unit(unit("SNN"), "Sở Nông nghiệp và Môi trường", "Sở NN&MT", CHANGED)
    db.session.commit()


def test_a_group_gives_the_members_of_the_assigned_day(province, app_ctx):
    close_and_rename(province)
    before = OwnerIndex(on=date(2025, 2, 28)).resolve("Các sở thử")
    after = OwnerIndex(on=CHANGED).resolve("Các sở thử")
    assert [u.code for u in before.units] == ["SKH", "STC"]
    assert [u.code for u in after.units] == ["SDT", "STC"]
    assert before.labels == ["Các sở thử (2)"] and after.codes == ["GSO"]


def test_a_unit_closed_on_the_assigned_day_is_a_problem_of_its_cell(province, app_ctx):
    close_and_rename(province)
    data = plan_file(2025, ("Nhiệm vụ một", "Sở Kế hoạch và Đầu tư"), ("Hai", "Các sở thử"))
    result = import_plan(
        office_of(province), data, "kh.csv", "7/KH-UBND", assigned_on=date(2025, 7, 1)
    )
    assert not result.written
    (problem,) = result.errors
    assert (problem.row, problem.column, problem.code) == (6, "C", "unit_closed")
    assert problem.message.startswith(CLOSED_VI)
    assert problem.message.endswith("01/07/2025.")
    assert load_plan("7/KH-UBND") is None
    # The same file for a day before the change: the unit existed, the group had it.
    earlier = import_plan(
        office_of(province), data, "kh.csv", "7/KH-UBND", assigned_on=date(2025, 2, 1)
    )
    assert earlier.errors == [] and earlier.written
    tasks = {t.number: t for t in load_plan("7/KH-UBND").tasks}
    assert sorted(a.unit.code for a in tasks["I.2"].assignments) == ["SKH", "STC"]


def test_a_unit_not_yet_made_on_the_assigned_day_is_a_problem_too(province, app_ctx):
    data = plan_file(2024, ("Một", "Sở Dân tộc và Tôn giáo"))
    result = import_plan(office_of(province), data, "kh.csv", "8/KH-UBND")
    (problem,) = result.errors
    assert problem.code == "unit_not_yet_created"
    assert "01/03/2025" in problem.message and "01/01/2024" in problem.message


def test_a_name_from_before_a_rename_still_finds_the_unit(province, app_ctx):
    close_and_rename(province)
    data = plan_file(2025, ("Một", "Sở Nông nghiệp và PTNT"))
    result = import_plan(
        office_of(province), data, "kh.csv", "9/KH-UBND", assigned_on=date(2025, 7, 1)
    )
    assert result.errors == [] and result.written
    (task,) = load_plan("9/KH-UBND").tasks
    assert [a.unit.code for a in task.assignments] == ["SNN"]


def test_a_plan_imported_again_after_a_merger_is_unchanged(province, app_ctx):
    data = plan_file(2024, ("Một", "Sở Kế hoạch và Đầu tư"), ("Hai", "Sở Tài chính"))
    first = import_plan(office_of(province), data, "kh.csv", "10/KH-UBND")
    assert first.errors == [] and first.written
    close_and_rename(province)
    again = import_plan(office_of(province), data, "kh.csv", "10/KH-UBND")
    assert again.errors == [] and again.status == "unchanged"
    tasks = {t.number: t for t in load_plan("10/KH-UBND").tasks}
    (moved,) = tasks["I.1"].assignments
    assert (moved.unit.code, moved.state) == ("STC", "not_started")


def test_the_cli_says_the_same(province, app, tmp_path):
    with app.test_request_context():
        close_and_rename(province)
    path = tmp_path / "kh.csv"
    path.write_bytes(plan_file(2025, ("Nhiệm vụ một", "Sở Kế hoạch và Đầu tư")))
    args = ["import-plan", str(path), "--plan", "7/KH-UBND", "--assigned-on", "01/07/2025"]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"Dòng 6, cột C: {CLOSED_VI}")
    as_json = json.loads(app.test_cli_runner().invoke(args=[*args, "--json"]).stdout)
    assert as_json["errors"][0]["code"] == "unit_closed"
    assert as_json["errors"][0]["params"]["closed"] == "2025-03-01"


def test_the_web_preview_says_the_same(province, app, client, login):
    with app.test_request_context():
        close_and_rename(province)
    login(office_of(province))
    this_year = date.today().year
    token = csrf_from(client, "/plans/import")
    data = plan_file(this_year, ("Nhiệm vụ một", "Sở Kế hoạch và Đầu tư"))
    response = client.post(
        "/plans/import",
        data={"csrf_token": token, "plan_code": "7/KH-UBND", "file": (BytesIO(data), "kh.csv")},
        content_type="multipart/form-data",
    )
    page = html.unescape(response.get_data(as_text=True))
    assert CLOSED_VI in page
