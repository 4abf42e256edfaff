"""The survey's points: imported all or nothing (each problem "Dòng N, cột C: …"), units by
code or by name as people write them, points in [0, survey max] with a decimal comma, each
change journaled; the command's exit codes and the office's upload → preview → confirm."""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tests.conftest import csrf_from
from tests.index_support import make_criteria_set
from tracker.extensions import db
from tracker.imports.services import CommandLine
from tracker.reform_index.models import CriteriaSet, IndexJournalEntry
from tracker.reform_index.sets import find_assessment
from tracker.reform_index.survey import read_survey
from tracker.units.services import get_unit

HEADER = "Mã đơn vị,Tên đơn vị,Điểm khảo sát\n"


def table(*rows: str) -> bytes:
    return (HEADER + "".join(f"{row}\n" for row in rows)).encode()


@pytest.fixture
def survey_set(app_ctx, make_unit):
    criteria_set = make_criteria_set(year=2021, kind="department", survey_max=10)
    make_unit(kind="department", code="SKS1", name="Sở Khảo Sát Một", short_name="SKS Một")
    make_unit(kind="department", code="SKS2", name="Sở Khảo Sát Hai", short_name="SKS Hai")
    make_unit(kind="district", code="HKS9", name="Huyện Khảo Sát", short_name="HKS")
    return criteria_set


def survey_of(criteria_set, code: str):
    assessment = find_assessment(criteria_set, get_unit(code))
    return None if assessment is None else assessment.survey_points


def test_a_table_with_problems_writes_nothing_and_names_row_and_column(survey_set):
    data = table(
        'SKS1,,"8,5"',  # row 2: good
        ",Sở Khảo Sát Hai,abc",  # 3: not a number
        "XYZ,,5",  # 4: no such unit
        "SKS1,,4",  # 5: twice
        ",Sở Khảo Sát Hai,12",  # 6: beyond the survey's 10
        "HKS9,,5",  # 7: a district, not assessed by the departments' set
        ",,5",  # 8: no unit at all
    )
    result = read_survey(CommandLine(), data, "khao-sat.csv", 2021, "department")
    with force_locale("vi"):
        said = [str(problem) for problem in result.problems]
    assert [p.code for p in result.problems] == [
        "not_a_number",
        "unknown_unit",
        "survey_unit_twice",
        "survey_points_out_of_range",
        "survey_unit_not_assessed",
        "required",
    ]
    assert [s.split(":")[0] for s in said] == [
        "Dòng 3, cột C",
        "Dòng 4, cột A",
        "Dòng 5, cột A",
        "Dòng 6, cột C",
        "Dòng 7, cột A",
        "Dòng 8, cột A",
    ]
    assert not result.written and result.status == "problems"
    assert survey_of(survey_set, "SKS1") is None


def test_units_are_found_by_code_or_name_and_each_change_is_journaled(survey_set):
    data = table('SKS1,,"8,5"', ",so khao sat hai,7")
    preview = read_survey(CommandLine(), data, "khao-sat.csv", 2021, "department", dry_run=True)
    assert preview.status == "dry_run" and not preview.problems
    assert [(line.unit.code, line.points) for line in preview.lines] == [
        ("SKS1", 8.5),
        ("SKS2", 7),
    ]
    assert survey_of(survey_set, "SKS1") is None
    done = read_survey(CommandLine(), data, "khao-sat.csv", 2021, "department")
    assert done.written and done.status == "imported"
    assert (survey_of(survey_set, "SKS1"), survey_of(survey_set, "SKS2")) == (8.5, 7)
    again = read_survey(CommandLine(), table("SKS1,,9"), "lan-2.csv", 2021, "department")
    assert again.written
    entries = db.session.scalars(
        select(IndexJournalEntry)
        .where(IndexJournalEntry.action == "survey")
        .order_by(IndexJournalEntry.id)
    ).all()
    assert [(e.before, e.after, e.reason) for e in entries] == [
        (None, "8,5", "khao-sat.csv"),
        (None, "7", "khao-sat.csv"),
        ("8,5", "9", "lan-2.csv"),
    ]
    unchanged = read_survey(CommandLine(), table("SKS1,,9"), "lan-3.csv", 2021, "department")
    assert unchanged.status == "unchanged" and not unchanged.written


def test_a_finalised_year_takes_no_survey_points(survey_set):
    survey_set.state = "finalised"
    db.session.commit()
    result = read_survey(CommandLine(), table("SKS1,,5"), "k.csv", 2021, "department")
    assert [p.code for p in result.problems] == ["index_set_not_open"]
    assert survey_of(survey_set, "SKS1") is None


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=["import-survey", *map(str, args)])


def test_the_command_exits_0_1_or_2(app, survey_set, tmp_path):
    good, bad, empty = tmp_path / "good.csv", tmp_path / "bad.csv", tmp_path / "empty.csv"
    good.write_bytes(table("SKS1,,6"))
    bad.write_bytes(table("SKS1,,60"))
    empty.write_bytes(b"")
    options = ("--year", "2021", "--kind", "department")
    dry = invoke(app, good, *options, "--dry-run", "--json")
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.stdout)["status"] == "dry_run"
    refused = invoke(app, bad, *options)
    assert refused.exit_code == 1
    assert "Dòng 2, cột C" in refused.output
    assert invoke(app, empty, *options).exit_code == 2
    applied = invoke(app, good, *options)
    assert applied.exit_code == 0, applied.output
    assert survey_of(survey_set, "SKS1") == 6


def test_the_office_uploads_previews_and_confirms(app, client, login, make_user, make_unit):
    with app.test_request_context():
        make_criteria_set(year=2021, kind="department", survey_max=10)
        unit = make_unit(kind="department", code="SKS3", name="Sở Khảo Sát Ba")
        office = SimpleNamespace(email=make_user("office").email)
        lead = SimpleNamespace(email=make_user("unit_lead", unit=unit).email)
    page = "/index/2021/department/survey"
    login(lead)
    assert client.get(page).status_code == 403
    client.post("/logout", data={"csrf_token": csrf_from(client, "/index/2021/department/results")})
    login(office)
    upload = client.post(
        page,
        data={
            "csrf_token": csrf_from(client, page),
            "file": (io.BytesIO(table("SKS3,,5")), "k.csv"),
        },
        content_type="multipart/form-data",
    )
    assert upload.status_code == 200
    html = upload.get_data(as_text=True)
    assert 'id="confirm-survey"' in html
    action = html.split('action="/index/2021/department/survey/')[1].split('"')[0]
    confirmed = client.post(
        f"{page}/{action}", data={"csrf_token": csrf_from(client, page), "confirm": "1"}
    )
    assert confirmed.status_code == 302
    with app.test_request_context():
        criteria_set = db.session.scalar(select(CriteriaSet).where(CriteriaSet.year == 2021))
        assert survey_of(criteria_set, "SKS3") == 5
