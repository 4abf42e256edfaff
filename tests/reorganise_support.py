"""A small province for the reorganisation tests (tests/test_reorganise*.py): departments, a
district with three communes, their groups, and tasks assigned to them 60 days ago, some
open, one done; and builders of reorganisation tables."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from tests.conftest import local_today
from tests.imports_support import csv_bytes
from tracker.assignments.models import Assignment
from tracker.assignments.workflow import Evidence, report_progress
from tracker.extensions import db
from tracker.plans.services import TaskInput, create_task

# Past days counted from the day the module loaded; a test asks local_today() for today,
# since a run of the suite can cross midnight in the province.
LOADED_ON = local_today()
ASSIGNED = LOADED_ON - timedelta(days=60)
EFFECTIVE = LOADED_ON - timedelta(days=20)
DAY = EFFECTIVE.strftime("%d/%m/%Y")
DECISION = "Nghị quyết số 1680/NQ-UBTVQH15"
HEADER = [
    "Ngày hiệu lực",
    "Hình thức",
    "Đơn vị cũ",
    "Đơn vị mới",
    "Tên đơn vị mới",
    "Loại",
    "Văn bản",
    "Nhiệm vụ",
]


def table(*rows: list[str], header: list[str] = HEADER, bom: bool = False) -> bytes:
    """A .csv reorganisation table; each row as its cells, missing ones empty."""
    width = len(header)
    return csv_bytes([header, *[[*row, *[""] * (width - len(row))] for row in rows]], bom=bom)


def row(form: str, old: str = "", new: str = "", name: str = "", kind: str = "", task=""):
    return [DAY, form, old, new, name, kind, DECISION, str(task)]


def built_in_own_context(app, *factories) -> dict:
    """The province for the pages' tests, built in a context of its own (a context held
    through the test would be reused by the test client's requests): the people's emails and
    the assignments' ids."""
    with app.test_request_context():
        built = build_province(*factories)
        return {
            "people": {key: SimpleNamespace(email=u.email) for key, u in built["people"].items()},
            "assignments": {key: a.id for key, a in built["assignments"].items()},
        }


def build_province(make_unit, make_user, make_plan, make_group) -> dict:
    units = {
        code: make_unit(code=code, name=name, short_name=short)
        for code, name, short in (
            ("SKH", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"),
            ("STC", "Sở Tài chính", "Sở TC"),
            ("STN", "Sở Tài nguyên và Môi trường", "Sở TN&MT"),
            ("SNN", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT"),
            ("SLD", "Sở Lao động - Thương binh và Xã hội", "Sở LĐ-TB&XH"),
            ("SNV", "Sở Nội vụ", "Sở Nội vụ"),
        )
    }
    district = make_unit(
        kind="district", code="461", name="Thành phố Đông Hà", short_name="Đông Hà"
    )
    units["461"] = district
    for code, name in (("19165", "Phường 1"), ("19168", "Phường 2"), ("19171", "Phường 3")):
        units[code] = make_unit(
            kind="commune",
            code=code,
            name=name,
            short_name=name,
            division_type="phuong",
            parent=district,
        )
    departments = [u for u in units.values() if u.kind == "department"]
    communes = [u for u in units.values() if u.kind == "commune"]
    groups = {
        "SBN": make_group(departments, code="SBN", name="Các sở, ban, ngành"),
        "CXA": make_group(communes, code="CXA", name="UBND các xã, phường, thị trấn"),
        "CHUYEN": make_group([district], code="CHUYEN", name="UBND các huyện thử"),
    }
    office = make_user(role="office")
    plan = make_plan(code="77/KH-UBND", year=local_today().year)
    people = {
        "office": office,
        "skh_lead": make_user(role="unit_lead", unit=units["SKH"]),
        "sld_member": make_user(role="unit_member", unit=units["SLD"]),
    }
    assignments = {}
    for number, lead in (
        ("1", "SKH"),
        ("2", "SKH"),
        ("3", "SLD"),
        ("4", "SLD"),
        ("5", "19165"),
        ("6", "19168"),
        ("7", "461"),
        ("8", "STN"),
    ):
        task = create_task(
            office,
            plan,
            TaskInput(
                number=number,
                title=f"Nhiệm vụ thử {number}",
                lead_units=[lead],
                due_date=local_today() + timedelta(days=30),
                assigned_on=ASSIGNED,
                assigned_on_reason="Giao theo kế hoạch",
                needs_confirmation=False,
            ),
        )
        assignments[number] = next(a for a in task.assignments if a.unit.code == lead)
    done = assignments["2"]
    report_progress(
        people["skh_lead"],
        done,
        version=done.version,
        state="done",
        progress=100,
        evidence=Evidence(document_number="12/BC-SKH", document_date=local_today()),
    )
    db.session.commit()
    return {
        "units": units,
        "groups": groups,
        "people": people,
        "assignments": assignments,
        "plan": plan,
    }


def give_task(province: dict, number: str, leads: list[str]) -> dict[str, Assignment]:
    """A task of the province's plan given to several units: their assignments by code."""
    task = create_task(
        province["people"]["office"],
        province["plan"],
        TaskInput(
            number=number,
            title=f"Nhiệm vụ thử {number}",
            lead_units=leads,
            due_date=local_today() + timedelta(days=30),
            assigned_on=ASSIGNED,
            assigned_on_reason="Giao theo kế hoạch",
        ),
    )
    return {a.unit.code: a for a in task.assignments}
