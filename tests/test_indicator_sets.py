"""Indicator sets (#18): imported from a workbook, all or nothing, problems by row and column;
replaced while no unit has reported, only reworded after; found by code and period; linked to
the recurring periodic-report task; the command, the API and the pages."""

# ruff: noqa: E501  (the tables of bad rows read best one case a line)
from __future__ import annotations

import json
import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.conftest import CSRF_RE, csrf_from
from tests.indicator_sets_support import CHECKS, FIRST, INDICATORS, replaced, workbook
from tracker.core.exceptions import Forbidden, NotFound, ValidationFailed
from tracker.extensions import db
from tracker.indicators.models import IndicatorReport, IndicatorSet
from tracker.indicators.sets import import_set, read_set, set_for, sets
from tracker.indicators.sets_results import SetRefused
from tracker.indicators.sets_tasks import attach_task
from tracker.indicators.sets_template import template_workbook
from tracker.plans.models import Task

RATIO = 4  # TL_DUNG_HAN's index in INDICATORS
CONFIRM_RE = re.compile(r'action="(/indicators/import/[A-Za-z0-9_-]+)"')


@pytest.fixture
def office(app_ctx, make_user):
    return make_user(role="office")


def count_sets() -> int:
    return db.session.scalar(select(func.count()).select_from(IndicatorSet))


def test_a_good_workbook_makes_the_set(office):
    found = import_set(office, workbook(), "bo.xlsx", "MOT_CUA")
    assert (found.code, found.year, found.name, found.periodicity) == (
        "MOT_CUA",
        2021,
        "Kết quả một cửa",
        "quarterly",
    )
    assert [i.code for i in found.indicators][:2] == ["TIEP_NHAN", "DA_GIAI_QUYET"]
    ratio = found.indicators[RATIO]
    assert (ratio.kind, ratio.combine, ratio.computed) == ("percent", "ratio", True)
    assert (ratio.numerator_code, ratio.denominator_code) == ("GQ_DUNG_HAN", "DA_GIAI_QUYET")
    assert (ratio.target_operator, ratio.target_value) == (">=", 98)
    yes_no = found.indicators[-1]
    assert (yes_no.kind, yes_no.combine, yes_no.target_operator, yes_no.target_value) == (
        "yes_no",
        "sum",
        "=",
        1,
    )
    assert found.indicators[3].target_operator == "<="  # "≤ 500"
    assert [c.code for c in found.checks] == ["KT1", "KT2"]
    assert set_for("MOT_CUA", "2021-Q3") is found
    assert sets() == [found]


def test_options_win_over_the_title_rows_and_a_csv_holds_the_indicators(office):
    header = "Mã,Tên chỉ tiêu,Loại,Chỉ tiêu\n"
    data = (header + "HS,Số hồ sơ,số đếm,\nCO,Có một cửa,có/không,= có\n").encode()
    found = import_set(
        office, data, "bo.csv", "ho_so", 2022, name="Hồ sơ", periodicity="hằng tháng"
    )
    assert (found.code, found.year, found.name, found.periodicity) == (
        "HO_SO",
        2022,
        "Hồ sơ",
        "monthly",
    )
    assert [(i.code, i.kind, i.combine) for i in found.indicators] == [
        ("HS", "count", "sum"),
        ("CO", "yes_no", "sum"),
    ]
    assert found.checks == []


BAD_ROWS = [
    # (what, the indicators, the checks, row, column, problem code)
    ("code with diacritics", replaced(INDICATORS, 0, code="TIẾP_NHẬN"), CHECKS[:1], FIRST, "A", "indicator_code_form"),
    ("code twice", replaced(INDICATORS, 5, code="TIEP_NHAN"), CHECKS, FIRST + 5, "A", "indicator_code_twice"),
    ("no name", replaced(INDICATORS, 0, name=""), CHECKS, FIRST, "B", "required"),
    ("unknown kind", replaced(INDICATORS, 0, kind="chữ"), CHECKS, FIRST, "D", "indicator_unknown_word"),
    ("unknown combine", replaced(INDICATORS, 0, combine="nhân"), CHECKS, FIRST, "E", "indicator_unknown_word"),
    ("ratio without denominator", replaced(INDICATORS, RATIO, denominator=""), CHECKS, FIRST + RATIO, "G", "indicator_ratio_parts"),
    ("ratio of an unknown code", replaced(INDICATORS, RATIO, numerator="KHONG_CO"), CHECKS, FIRST + RATIO, "F", "indicator_unknown_code"),
    ("ratio of a yes/no", replaced(INDICATORS, RATIO, numerator="MOT_CUA"), CHECKS, FIRST + RATIO, "F", "indicator_ratio_of_counts"),
    ("percentages summed", replaced(INDICATORS, RATIO, combine="cộng", numerator="", denominator=""), CHECKS, FIRST + RATIO, "E", "indicator_percent_not_summed"),
    ("a count as a ratio", replaced(INDICATORS, 0, combine="tỷ lệ", numerator="GQ_DUNG_HAN", denominator="DA_GIAI_QUYET"), CHECKS, FIRST, "D", "indicator_ratio_is_percent"),
    ("a sum with a numerator", replaced(INDICATORS, 0, numerator="GQ_DUNG_HAN"), CHECKS, FIRST, "F", "indicator_part_of_a_sum"),
    ("target without operator", replaced(INDICATORS, RATIO, target="98"), CHECKS, FIRST + RATIO, "H", "indicator_target_form"),
    ("percentage target above 100", replaced(INDICATORS, RATIO, target="≥ 120"), CHECKS, FIRST + RATIO, "H", "indicator_target_percent"),
    ("count target not whole", replaced(INDICATORS, 3, target="≤ 0,5"), CHECKS, FIRST + 3, "H", "indicator_target_count"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("indicators", "checks", "row", "column", "code"),
    [case[1:] for case in BAD_ROWS],
    ids=[case[0] for case in BAD_ROWS],
)
def test_a_bad_indicator_row_is_named_by_row_and_column(
    office, indicators, checks, row, column, code
):
    result = read_set(office, workbook(indicators, checks), "bo.xlsx", "MOT_CUA")
    assert [(p.row, p.column, p.code) for p in result.problems] == [(row, column, code)]
    assert str(result.problems[0]).startswith(f"Dòng {row}, cột {column}: ")
    assert result.set is None and count_sets() == 0


BAD_CHECKS = [
    ("unknown code", (("KT1", "", "GQ_DUNG_HAN + GQ_TRE = DA_GIAI_QUYET"),), 2, "C", "indicator_check_unknown_codes"),
    ("unreadable", (("KT1", "Sai", "GQ_DUNG_HAN + = DA_GIAI_QUYET"),), 2, "C", "indicator_check_form"),
    ("no comparison", (("KT1", "Sai", "GQ_DUNG_HAN + GQ_QUA_HAN"),), 2, "C", "indicator_check_form"),
    ("code twice", (CHECKS[0], ("KT1", "Lặp", "TIEP_NHAN >= 0")), 3, "A", "indicator_code_twice"),
    ("no code", (("", "Không mã", "TIEP_NHAN >= 0"),), 2, "A", "required"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("checks", "row", "column", "code"),
    [case[1:] for case in BAD_CHECKS],
    ids=[case[0] for case in BAD_CHECKS],
)
def test_a_bad_check_is_named_by_its_sheet_row_and_column(office, checks, row, column, code):
    result = read_set(office, workbook(checks=checks), "bo.xlsx", "MOT_CUA")
    assert [(p.sheet, p.row, p.column, p.code) for p in result.problems] == [
        ("Kiểm tra", row, column, code)
    ]
    assert str(result.problems[0]).startswith(f"Trang tính “Kiểm tra”: Dòng {row}, cột {column}: ")


def test_all_or_nothing_every_problem_at_once(office):
    indicators = replaced(replaced(INDICATORS, 0, kind="chữ"), 5, target="≥ 2")
    with pytest.raises(SetRefused) as refused:
        import_set(office, workbook(indicators), "bo.xlsx", "MOT_CUA")
    assert [(p.row, p.column) for p in refused.value.problems] == [(FIRST, "D"), (FIRST + 5, "H")]
    assert count_sets() == 0


def test_the_set_needs_a_name_and_a_well_formed_code(office):
    result = read_set(office, workbook(title=()), "bo.xlsx", "MÃ SAI", 1999)
    assert {p.code for p in result.problems} == {
        "indicator_code_form",
        "indicator_set_year",
        "indicator_set_name_required",
    }


def test_a_workbook_without_the_header_is_a_problem_and_garbage_is_unreadable(office):
    result = read_set(office, workbook(header=("STT", "Nội dung")), "bo.xlsx", "MOT_CUA")
    assert [p.code for p in result.problems] == ["indicator_set_no_header"]
    garbage = read_set(office, b"\x00garbage", "bo.xlsx", "MOT_CUA")
    assert garbage.unreadable is not None and garbage.status == "unreadable"


def test_dry_run_shows_the_set_and_writes_nothing(office):
    found = import_set(office, workbook(), "bo.xlsx", "MOT_CUA", dry_run=True)
    assert found.id is None and len(found.indicators) == len(INDICATORS)
    assert count_sets() == 0


def test_a_set_is_replaced_while_no_unit_has_reported_then_only_reworded(office, make_unit):
    first = import_set(office, workbook(), "bo.xlsx", "MOT_CUA")
    fewer = workbook(INDICATORS[:-1], CHECKS[:1])
    again = read_set(office, fewer, "bo.xlsx", "MOT_CUA")
    assert again.action == "replace" and again.written
    assert len(first.indicators) == len(INDICATORS) - 1 and len(first.checks) == 1
    assert read_set(office, fewer, "bo.xlsx", "MOT_CUA").action == "unchanged"
    db.session.add(IndicatorReport(set=first, unit=make_unit(), period="2021-Q3", values={}))
    db.session.commit()
    refused = read_set(office, workbook(), "bo.xlsx", "MOT_CUA")
    assert [p.code for p in refused.problems] == ["indicator_set_reported"]
    assert "1" in str(refused.problems[0]) and len(first.indicators) == len(INDICATORS) - 1
    reworded = replaced(INDICATORS[:-1], RATIO, name="Tỷ lệ hồ sơ đúng hạn", target="≥ 95")
    update = read_set(office, workbook(reworded, CHECKS[:1]), "bo.xlsx", "MOT_CUA")
    assert update.action == "update" and update.written and update.reports == 1
    db.session.expire_all()
    ratio = db.session.get(IndicatorSet, first.id).indicators[RATIO]
    assert (ratio.name, ratio.target_value) == ("Tỷ lệ hồ sơ đúng hạn", 95)


def test_set_for_is_the_set_of_the_periods_year_and_periodicity(office):
    found = import_set(office, workbook(), "bo.xlsx", "MOT_CUA")
    assert set_for("mot_cua", "2021-Q1") is found
    for period in ("2022-Q1", "2021-07", "2021", "Quý 3", ""):
        with pytest.raises(NotFound):
            set_for("MOT_CUA", period)
    with pytest.raises(NotFound):
        set_for("KHAC", "2021-Q3")


def test_only_the_office_imports(app_ctx, make_user):
    lead = make_user(role="unit_lead")
    with pytest.raises(Forbidden):
        read_set(lead, workbook(), "bo.xlsx", "MOT_CUA")


@pytest.fixture
def tasks(app_ctx, make_plan):
    plan = make_plan(code="5959/QĐ-UBND", year=2021)
    quarterly = Task(plan=plan, number="II.3", title="Báo cáo định kỳ", recurrence="quarterly")
    yearly = Task(plan=plan, number="II.4", title="Báo cáo năm", recurrence="yearly")
    db.session.add_all([quarterly, yearly])
    db.session.commit()
    return quarterly, yearly


def test_the_periodic_report_task_recurs_as_the_set_does(office, tasks):
    quarterly, yearly = tasks
    found = import_set(office, workbook(), "bo.xlsx", "MOT_CUA", task="5959/QĐ-UBND:II.3")
    assert found.task is quarterly
    with pytest.raises(ValidationFailed) as refused:
        attach_task(office, found, yearly)
    assert refused.value.message.code == "indicator_task_recurrence"
    result = read_set(office, workbook(), "bo.xlsx", "KHAC", task="5959/QĐ-UBND:II.3")
    assert [p.code for p in result.problems] == ["indicator_task_taken"]
    result = read_set(office, workbook(), "bo.xlsx", "MOT_CUA", task="5959/QĐ-UBND:IX")
    assert [p.code for p in result.problems] == ["indicator_task_not_found"]
    other_year = import_set(office, workbook(), "bo.xlsx", "MOT_CUA", 2022)
    assert attach_task(office, other_year, quarterly).task is quarterly


# --- the command ------------------------------------------------------------------------------


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=["import-indicators", *map(str, args)])


def test_command_exit_codes(app, app_ctx, tasks, tmp_path):
    good, bad, garbage = tmp_path / "bo.xlsx", tmp_path / "sai.xlsx", tmp_path / "rac.xlsx"
    good.write_bytes(workbook())
    bad.write_bytes(workbook(replaced(INDICATORS, 0, kind="chữ")))
    garbage.write_bytes(b"\x00garbage")
    dry = invoke(app, good, "--set", "MOT_CUA", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "TL_DUNG_HAN" in dry.stdout and "Chạy thử" in dry.stdout.splitlines()[-1]
    assert count_sets() == 0
    done = invoke(app, good, "--set", "MOT_CUA", "--task", "5959/QĐ-UBND:II.3", "--json")
    assert done.exit_code == 0, done.output
    answer = json.loads(done.stdout)
    assert (answer["status"], answer["action"], answer["set"]["task"]) == (
        "imported",
        "create",
        "5959/QĐ-UBND:II.3",
    )
    problems = invoke(app, bad, "--set", "MOT_CUA", "--year", "2022")
    assert problems.exit_code == 1
    assert problems.stderr.splitlines()[0].startswith(f"Dòng {FIRST}, cột D: ")
    unreadable = invoke(app, garbage, "--set", "MOT_CUA")
    assert unreadable.exit_code == 2
    assert invoke(app, tmp_path / "khong-co.xlsx", "--set", "X").exit_code == 2


# --- the API ----------------------------------------------------------------------------------


def test_api_lists_the_sets_and_answers_one_with_its_indicators(office, api_as, make_user):
    import_set(office, workbook(), "bo.xlsx", "MOT_CUA")
    import_set(office, workbook(INDICATORS[:2], ()), "bo.xlsx", "MOT_CUA", 2022)
    api = api_as(make_user(role="viewer"))
    listed = api.get("/indicator-sets").get_json()
    assert listed["total"] == 2
    assert [(s["code"], s["year"]) for s in listed["items"]] == [
        ("MOT_CUA", 2022),
        ("MOT_CUA", 2021),
    ]
    assert set(listed["items"][0]) == {"code", "year", "name", "periodicity", "task"}
    latest = api.get("/indicator-sets/MOT_CUA").get_json()
    assert latest["year"] == 2022 and len(latest["indicators"]) == 2
    older = api.get("/indicator-sets/MOT_CUA", year=2021).get_json()
    ratio = older["indicators"][RATIO]
    assert ratio == {
        "code": "TL_DUNG_HAN",
        "name": "Tỷ lệ đúng hạn",
        "measure": "%",
        "kind": "percent",
        "combine": "ratio",
        "numerator": "GQ_DUNG_HAN",
        "denominator": "DA_GIAI_QUYET",
        "target": {"operator": ">=", "value": 98.0},
    }
    assert older["checks"][0] == {
        "code": "KT1",
        "name": CHECKS[0][1],
        "expression": CHECKS[0][2],
    }
    assert api.get("/indicator-sets/KHAC").status_code == 404
    assert api.get("/indicator-sets/MOT_CUA", year=2030).status_code == 404
    assert api.get("/indicator-sets/MOT_CUA", year="hai").status_code == 422


# --- the pages --------------------------------------------------------------------------------


def upload(client, data: bytes, name: str = "bo.xlsx", **fields):
    token = csrf_from(client, "/indicators/import")
    form = {"csrf_token": token, "file": (BytesIO(data), name), "periodicity": "", "task": ""}
    return client.post("/indicators/import", data=form | fields, content_type="multipart/form-data")


def test_office_previews_then_confirms_an_import(client, login, make_user):
    login(make_user(role="office"))
    preview = upload(client, workbook(), set_code="MOT_CUA")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page[-3000:]
    assert 'id="set-indicators"' in page and "Tỷ lệ đúng hạn" in page and "≥ 98 %" in page
    assert "Giải quyết đúng hạn + Giải quyết quá hạn = Số hồ sơ đã giải quyết" in page
    with client.application.app_context():
        assert count_sets() == 0
    action = CONFIRM_RE.search(page).group(1)
    assert 'name="set_code" type="hidden" value="MOT_CUA"' in page  # the options go along
    done = client.post(
        action, data={"csrf_token": CSRF_RE.findall(page)[-1], "set_code": "MOT_CUA"}
    )
    assert done.status_code == 302 and done.headers["Location"].endswith("/indicators/MOT_CUA/2021")
    detail = client.get("/indicators/MOT_CUA/2021").get_data(as_text=True)
    assert 'id="set-checks"' in detail and "Kết quả một cửa" in detail
    listing = client.get("/indicators").get_data(as_text=True)
    assert "MOT_CUA" in listing and 'id="import-set"' in listing
    assert (
        client.get("/indicators/MOT_CUA").headers["Location"].endswith("/indicators/MOT_CUA/2021")
    )


def test_problems_are_shown_by_row_and_column_and_nothing_is_offered(client, login, make_user):
    login(make_user(role="office"))
    response = upload(client, workbook(replaced(INDICATORS, 0, kind="chữ")), set_code="MOT_CUA")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="set-problems"' in page and "chữ" in page and 'id="confirm-set"' not in page
    garbage = upload(client, b"\x00garbage")
    assert garbage.status_code == 422 and "không đọc được" in garbage.get_data(as_text=True).lower()


def test_everyone_reads_only_the_office_imports(client, login, make_user, app):
    with app.app_context():
        import_set(None, workbook(), "bo.xlsx", "MOT_CUA")
    login(make_user(role="unit_member"))
    assert client.get("/indicators/import").status_code == 403
    listing = client.get("/indicators").get_data(as_text=True)
    assert "Kết quả một cửa" in listing and 'id="import-set"' not in listing
    assert client.get("/indicators/MOT_CUA/2021").status_code == 200
    assert client.get("/indicators/MOT_CUA/2030").status_code == 404
    for path in ("/indicators/MOT_CUA/99999999", "/indicators/TỆP", "/api/v1/indicator-sets/%7E"):
        assert client.get(path).status_code == 404, path
    template = client.get("/indicators/template.xlsx")
    assert template.status_code == 200
    book = load_workbook(BytesIO(template.data))
    assert book.sheetnames == ["Chỉ tiêu", "Kiểm tra"]


def test_the_template_imports_as_it_is(office):
    found = import_set(office, template_workbook().getvalue(), "mau.xlsx", None)
    assert (found.code, found.year, len(found.indicators)) == ("MOT_CUA", 2021, 7)
