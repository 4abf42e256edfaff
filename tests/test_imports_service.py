"""Importing a plan: all or nothing, groups expanded, the same file twice changes nothing, a
corrected file updates tasks in place and journals it, an export imports back unchanged."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.imports_support import SAMPLE_CSV, csv_bytes, edited_sample, load_units, sample_rows

CODE = "4800/KH-UBND"


@pytest.fixture
def units(db_session):
    return load_units(db_session)


@pytest.fixture
def office(make_user):
    return make_user(role="office")


def counts(db_session) -> dict:
    from tracker.assignments.models import Assignment, ExtensionRequest, JournalEntry
    from tracker.audit.models import AuditEvent
    from tracker.plans.models import Plan, PlanSection, Task

    models = (Plan, PlanSection, Task, Assignment, JournalEntry, ExtensionRequest, AuditEvent)
    return {m.__name__: db_session.scalar(select(func.count()).select_from(m)) for m in models}


def run(actor, data, **options):
    from tracker.imports.services import import_plan

    name = options.pop("filename", "ke-hoach.csv")
    return import_plan(actor, data, name, options.pop("code", CODE), **options)


def tasks_of(db_session, code=CODE) -> dict:
    from tracker.imports.services import load_plan

    db_session.expire_all()
    return {t.number: t for t in load_plan(code).tasks}


def test_sample_file_creates_the_plan_with_sections_tasks_and_group_assignments(
    app_ctx, db_session, units, office
):
    result = run(office, SAMPLE_CSV, filename=SAMPLE_CSV.name)
    assert result.errors == []
    assert result.status == "imported" and result.written
    assert (result.year, result.plan_title) == (
        2022,
        "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2022",
    )
    tasks = tasks_of(db_session)
    assert list(tasks) == [
        "I.1",
        "I.2",
        "I.3",
        "I.4",
        "II.1",
        "II.2",
        "III.1",
        "III.2",
        "IV.1",
        "IV.2",
    ]
    plan = tasks["I.1"].plan
    assert plan.year == 2022
    assert [(s.number, s.reform_area) for s in plan.sections] == [
        ("I", "direction"),
        ("II", "institutions"),
        ("III", "procedures"),
        ("IV", "e_government"),
    ]
    # "Các sở, ban, ngành" cooperates: one assignment per unit of the group, the lead not twice.
    roles = sorted((a.unit.code, a.role) for a in tasks["I.1"].assignments)
    assert len(roles) == len(units["SBN"].members) == 20
    assert ("SNV", "lead") in roles and ("SNV", "cooperating") not in roles
    # A district group leads: ten lead assignments.
    leads = [a for a in tasks["III.1"].assignments if a.role == "lead"]
    assert len(leads) == 10 and {a.unit.kind for a in leads} == {"district"}
    assert [a.unit.code for a in tasks["IV.2"].assignments if a.role == "lead"] == ["SNV", "STTTT"]
    expected = {
        "I.1": (date(2022, 1, 31), None),
        "I.3": (None, "continuous"),
        "I.4": (date(2022, 11, 15), None),
        "II.1": (date(2022, 12, 31), None),
        "II.2": (date(2022, 12, 31), None),
        "III.1": (date(2022, 6, 30), None),
        "III.2": (None, "quarterly"),
        "IV.1": (date(2022, 11, 30), None),
        "IV.2": (date(2022, 6, 30), None),
    }
    for number, (due, recurrence) in expected.items():
        assert (tasks[number].due_date, tasks[number].recurrence) == (due, recurrence), number
    assert tasks["III.2"].deadline_text == "Hằng quý"
    assert tasks["I.1"].reform_area == "direction"
    assert {a.due_date for a in tasks["I.4"].assignments} == {date(2022, 11, 15)}


def test_csv_with_or_without_bom_reads_the_same(app_ctx, units, office):
    plain = run(office, csv_bytes(sample_rows()), dry_run=True)
    with_bom = run(office, csv_bytes(sample_rows(), bom=True), dry_run=True)
    assert plain.errors == with_bom.errors == []
    assert plain.as_dict()["tasks"] == with_bom.as_dict()["tasks"]
    assert len(plain.of("task", "create")) == 10


def test_unknown_unit_and_unreadable_date_are_reported_and_nothing_is_written(
    app_ctx, db_session, units, office
):
    before = counts(db_session)
    data = edited_sample(r8c4="Sở Thông tin", r13c5="Quý V/2022", r16c3="Sở Nội vụ; Sở Xây lắp")
    result = run(office, data)
    assert result.status == "errors" and not result.written
    found = {(e.row, e.column): e for e in result.errors}
    assert set(found) == {(8, "D"), (13, "E"), (16, "C")}
    unknown = found[(8, "D")]
    assert unknown.code == "unknown_unit" and unknown.problem.params["name"] == "Sở Thông tin"
    assert "Sở Thông tin và Truyền thông" in unknown.problem.params["closest"]
    assert unknown.message.startswith(
        "Không có đơn vị hay nhóm đơn vị nào tên “Sở Thông tin”; tên gần giống nhất: "
    )
    assert unknown.header == "Cơ quan phối hợp"
    assert found[(13, "E")].code == "deadline_no_such_quarter"
    assert found[(13, "E")].message == "“Quý V/2022”: không có quý V."
    assert found[(16, "C")].code == "unknown_unit"
    assert "Sở Xây dựng" in found[(16, "C")].message
    assert counts(db_session) == before


def test_an_existing_plan_gets_nothing_either_while_errors_remain(
    app_ctx, db_session, units, office
):
    run(office, SAMPLE_CSV)
    before = counts(db_session)
    result = run(office, edited_sample(r7c2="Tên mới", r8c5="Sớm"))
    assert [(e.row, e.column) for e in result.errors] == [(8, "E")]
    assert counts(db_session) == before
    assert tasks_of(db_session)["I.1"].title.startswith("Ban hành Kế hoạch")


def test_reimporting_the_same_file_changes_nothing(app_ctx, db_session, units, office):
    run(office, SAMPLE_CSV)
    before = counts(db_session)
    again = run(office, SAMPLE_CSV)
    assert again.errors == [] and again.status == "unchanged" and not again.written
    assert len(again.of("task", "unchanged")) == 10
    assert counts(db_session) == before


def test_a_corrected_file_updates_tasks_in_place_and_journals_what_changed(
    app_ctx, db_session, units, office
):
    from tracker.assignments.models import JournalEntry
    from tracker.audit.models import AuditEvent

    run(office, SAMPLE_CSV)
    ids = {n: t.id for n, t in tasks_of(db_session).items()}
    corrected = edited_sample(
        r8c2="Ban hành Kế hoạch tuyên truyền CCHC năm 2022 (sửa đổi)",
        r10c5="Trước ngày 30/11/2022",
        r8c4="Sở TT&TT, Sở Tư pháp",
        r13c3="Sở Nội vụ",
    )
    preview = run(office, corrected, dry_run=True)
    assert [c.number for c in preview.of("task", "update")] == ["I.2", "I.4", "II.2"]
    assert set(preview.of("task", "update")[1].changes) == {"deadline", "due_date"}
    result = run(office, corrected)
    assert result.written
    tasks = tasks_of(db_session)
    assert {n: t.id for n, t in tasks.items()} == ids  # the same rows
    assert tasks["I.2"].title.endswith("(sửa đổi)")
    assert {a.unit.code for a in tasks["I.2"].assignments} == {"SNV", "STTTT", "STP"}
    i4 = tasks["I.4"]
    assert (i4.due_date, i4.deadline_text) == (date(2022, 11, 30), "Trước ngày 30/11/2022")
    assert {(a.due_date, a.original_due_date) for a in i4.assignments} == {
        (date(2022, 11, 30), date(2022, 11, 30))
    }
    moved = db_session.scalars(
        select(JournalEntry).where(
            JournalEntry.kind == "due_changed",
            JournalEntry.assignment_id.in_([a.id for a in i4.assignments]),
        )
    ).all()
    assert len(moved) == len(i4.assignments)
    assert moved[0].old_due_date == date(2022, 11, 15)
    ii2 = {a.unit.code: a for a in tasks["II.2"].assignments}
    assert ii2["STP"].state == "cancelled" and ii2["SNV"].role == "lead"
    actions = set(db_session.scalars(select(AuditEvent.action)))
    assert {"task.update", "task.deadline_correct", "task.reassign", "plan.import"} <= actions
    update = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "task.update"))
    assert "title" in update.details["changes"]
    # And the corrected file, imported again, changes nothing more.
    before = counts(db_session)
    assert run(office, corrected).status == "unchanged"
    assert counts(db_session) == before


def test_a_corrected_deadline_keeps_an_approved_extension(app_ctx, db_session, units, office):
    from tracker.assignments.changes import change_due_date

    run(office, SAMPLE_CSV)
    task = tasks_of(db_session)["IV.2"]
    extended = next(a for a in task.assignments if a.unit.code == "SNV")
    change_due_date(office, extended, date(2022, 8, 31), "Chờ kinh phí")
    run(office, edited_sample(r19c5="31/7/2022"))
    task = tasks_of(db_session)["IV.2"]
    dates = {a.unit.code: (a.original_due_date, a.due_date) for a in task.assignments}
    assert dates["SNV"] == (date(2022, 7, 31), date(2022, 8, 31))
    assert dates["STTTT"] == (date(2022, 7, 31), date(2022, 7, 31))


def test_the_year_comes_from_the_option_the_plan_or_the_title_rows(app_ctx, units, office):
    rows = [["STT", "Nội dung", "Chủ trì", "Thời hạn"], ["1", "Việc", "SNV", "Quý II"]]
    missing = run(office, csv_bytes(rows), dry_run=True)
    assert missing.errors[0].code == "plan_year_unknown"
    given = run(office, csv_bytes(rows), year=2023, title="Kế hoạch thử")
    assert given.errors == [] and given.plan_title == "Kế hoạch thử"
    assert given.items[0].details["due_date"] == "30/06/2023"
    from_plan = run(office, csv_bytes([*rows, ["2", "Việc khác", "STP", "Quý III"]]), dry_run=True)
    assert from_plan.year == 2023 and from_plan.errors == []
    conflict = run(office, csv_bytes(rows), year=2024, dry_run=True)
    assert conflict.errors[0].code == "plan_of_another_year"
    assert conflict.errors[0].message.endswith("là kế hoạch năm 2023.")


def test_only_the_office_imports(app_ctx, units, make_user):
    from tracker.core.exceptions import Forbidden

    with pytest.raises(Forbidden):
        run(make_user(role="unit_lead"), SAMPLE_CSV, dry_run=True)


def test_export_imports_back_unchanged(app_ctx, db_session, units, office):
    from tracker.imports.plan_workbook import plan_workbook
    from tracker.imports.services import load_plan

    run(office, SAMPLE_CSV)
    data = plan_workbook(load_plan(CODE), date(2022, 9, 30)).getvalue()
    before = counts(db_session)
    again = run(office, data, filename="export.xlsx")
    assert again.errors == [] and again.status == "unchanged"
    assert counts(db_session) == before
    # The same file makes the same plan under another code.
    copy = run(office, data, filename="export.xlsx", code="COPY/KH")
    assert copy.written and copy.year == 2022
    assert len(copy.of("task", "create")) == 10


def test_a_hand_made_plan_exports_and_imports_back_unchanged(app_ctx, db_session, units, office):
    """Numbers that are not section paths ("1" in section V), a group task with a cancelled
    unit, a done one with evidence, no deadline text, a recurrence."""
    from tracker.assignments.changes import cancel_assignment
    from tracker.imports.plan_workbook import plan_workbook
    from tracker.imports.services import load_plan
    from tracker.plans.services import TaskInput, create_plan, create_section, create_task

    plan = create_plan(office, code="NVTT-Q4", title="Nhiệm vụ trọng tâm Quý IV/2021", year=2021)
    create_section(office, plan, number="I", title="Chỉ đạo, điều hành", area="direction")
    i = plan.sections[0]
    create_task(
        office,
        plan,
        TaskInput("I.1", "Việc một", ["SNV"], ["LIENQUAN"], date(2021, 10, 31), section_id=i.id),
    )
    create_section(office, plan, number="1", title="Cải cách thể chế", area="institutions")
    one = plan.sections[1]
    create_task(
        office,
        plan,
        TaskInput(
            "1.1", "Việc hai", ["HUYEN"], ["SNV", "STP"], recurrence="quarterly", section_id=one.id
        ),
    )
    create_section(office, plan, number="V", title="Trọng tâm", area=None)
    v = plan.sections[2]
    task = create_task(
        office,
        plan,
        TaskInput(
            "1",
            "Việc ba",
            ["SBN"],
            [],
            date(2021, 12, 15),
            deadline_text="Trước 15/12",
            section_id=v.id,
        ),
    )
    create_task(office, plan, TaskInput("2", "Việc bốn", ["STTTT"], [], None, section_id=v.id))
    cancel_assignment(office, task.assignments[3], "Không thuộc chức năng")
    done = task.assignments[0]
    done.state, done.completed_on, done.evidence_document_number = (
        "done",
        date(2021, 12, 1),
        "12/BC",
    )
    db_session.commit()
    data = plan_workbook(load_plan("NVTT-Q4"), date(2021, 12, 31)).getvalue()
    before = counts(db_session)
    again = run(office, data, filename="export.xlsx", code="NVTT-Q4")
    assert again.errors == []
    assert [(c.number, c.changes) for c in again.items if c.action != "unchanged"] == []
    assert counts(db_session) == before


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("Sở Nội vụ", ["SNV"]),
        ("sở nội vụ", ["SNV"]),
        ("SO NOI VU", ["SNV"]),
        ("Sở TT&TT", ["STTTT"]),
        ("Sở TT-TT; VP UBND tỉnh", ["STTTT", "VPUBND"]),
        ("SNV\nSTP", ["SNV", "STP"]),
        ("Sở TTTT và Sở GD&ĐT", ["STTTT", "SGDDT"]),
        ("Sở Kế hoạch và Đầu tư", ["SKHDT"]),
        ("sở văn hóa, thể thao và du lịch", ["SVHTTDL"]),
        ("Ủy ban nhân dân thành phố Đông Hà", ["461"]),
        ("UBND huyen Cam Lo (phòng Nội vụ)", ["468"]),
        ("UBND cấp huyện", ["461", "462", "464", "465", "466", "467", "468", "469", "470", "471"]),
    ],
)
def test_owner_cells_resolve_whatever_the_spelling(app_ctx, units, cell, codes):
    from tracker.imports.owners import OwnerIndex

    owners = OwnerIndex().resolve(cell)
    assert owners.problems == []
    assert [u.code for u in owners.units] == codes


def test_groups_and_units_in_one_cell(app_ctx, units):
    from tracker.imports.owners import OwnerIndex

    owners = OwnerIndex().resolve("Các sở, ban, ngành và UBND các huyện, thị xã, thành phố")
    assert owners.problems == [] and len(owners.units) == 30
    assert owners.codes == ["SBN", "HUYEN"]
