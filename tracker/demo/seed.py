"""`tracker seed-demo`: Quảng Trị's units, groups, the 2021 plans and a user per role, the
periodic figures and the reform index of 2020 (published) and 2021 (under way); then what
happened next: Quảng Bình's units, the reorganisation of 2025 (read from the shipped
table, as `tracker reorganise` reads it), the 2026 plan of the new province and its login.

Idempotent: rows are found by their natural keys (unit code, group code, plan code, email)
and left alone when they exist, and a reorganisation applied once is not applied again, so a
second run changes nothing.
"""

from __future__ import annotations

from sqlalchemy import select

from tracker.accounts.models import User
from tracker.accounts.passwords import hash_password
from tracker.demo import units as unit_data
from tracker.demo.plan_2026 import PLAN_2026
from tracker.demo.plan_data import PLAN_5959, PLAN_Q4_2021
from tracker.demo.seed_2025 import apply_reorganisation_2025, seed_quang_binh_units
from tracker.demo.seed_figures import seed_figures
from tracker.demo.seed_index import seed_reform_index
from tracker.demo.seed_plans import SeedReport, seed_plan
from tracker.extensions import db
from tracker.units.models import Unit, UnitGroup

# (email, full name, role, unit code, password): printed by the command, for trying the app.
DEMO_USERS = [
    ("admin@cchc.demo", "Quản trị hệ thống", "admin", None, "QuanTri@2021"),
    (
        "vanphong@cchc.demo",
        "Nguyễn Thị Hương (Văn phòng UBND tỉnh)",
        "office",
        "VPUBND",
        "VanPhong@2021",
    ),
    (
        "lanhdao.snv@cchc.demo",
        "Trần Văn Minh (Lãnh đạo Sở Nội vụ)",
        "unit_lead",
        "SNV",
        "SoNoiVu@2021",
    ),
    (
        "chuyenvien.snv@cchc.demo",
        "Lê Thị Lan (Chuyên viên Sở Nội vụ)",
        "unit_member",
        "SNV",
        "ChuyenVien@2021",
    ),
    (
        "lanhdao.dongha@cchc.demo",
        "Phạm Quốc Huy (Lãnh đạo UBND TP Đông Hà)",
        "unit_lead",
        "461",
        "DongHa@2021",
    ),
    ("xem@cchc.demo", "Hoàng Văn Nam (Lãnh đạo UBND tỉnh)", "viewer", None, "XemBaoCao@2021"),
    (
        "appraiser@cchc.demo",
        "Đặng Thị Mai (Tổ thẩm định Chỉ số CCHC)",
        "appraiser",
        None,
        "ThamDinh@2021",
    ),
]
# The logins of units that exist since the 2025 reorganisation (Phường Đồng Hới, code 18880:
# the official code of Phường Đức Ninh Đông, which it kept).
DEMO_USERS_2025 = [
    (
        "lanhdao.donghoi@cchc.demo",
        "Võ Thị Thu Hà (Lãnh đạo UBND phường Đồng Hới)",
        "unit_lead",
        "18880",
        "DongHoi@2025",
    ),
]


def seed_units(report: SeedReport) -> None:
    existing = {u.code: u for u in db.session.scalars(select(Unit))}

    def ensure(code, name, short, kind, aliases, parent=None, division_type=None) -> Unit:
        unit = existing.get(code)
        if unit is None:
            unit = Unit(
                code=code,
                name=name,
                short_name=short,
                kind=kind,
                division_type=division_type,
                aliases=aliases,
                parent=parent,
                valid_from=unit_data.VALID_FROM,
            )
            db.session.add(unit)
            existing[code] = unit
            report.add("units")
        return unit

    office = ensure(
        unit_data.OFFICE[0], unit_data.OFFICE[1], unit_data.OFFICE[2], "office", unit_data.OFFICE[3]
    )
    for code, name, short, aliases in unit_data.DEPARTMENTS:
        ensure(code, name, short, "department", aliases)
    districts = {}
    for code, name, short, aliases in unit_data.DISTRICTS:
        districts[code] = ensure(code, name, short, "district", aliases)
    for code, name, short, district_code in unit_data.communes():
        division_type = unit_data.division_type_of(short)
        unit = ensure(code, name, short, "commune", [], districts[district_code], division_type)
        if unit.short_name == short.capitalize() != short:
            # Seeded before the official spelling was kept ("Xã vĩnh thái"): mended in place.
            unit.short_name = short
        if unit.division_type is None and unit.name == name:
            # Seeded before communes had a division type (and not renamed since): mended.
            unit.division_type = division_type
    del office
    db.session.flush()

    groups = {g.code: g for g in db.session.scalars(select(UnitGroup))}
    for code, name, aliases, kinds in unit_data.GROUPS:
        if code in groups:
            continue
        members = sorted((u for u in existing.values() if u.kind in kinds), key=lambda u: u.code)
        group = UnitGroup(code=code, name=name, aliases=aliases)
        for unit in members:
            group.add_member(unit)
        db.session.add(group)
        report.add("groups")
    db.session.flush()


def seed_users(report: SeedReport, users=None) -> None:
    for email, name, role, unit_code, password in DEMO_USERS if users is None else users:
        if db.session.scalar(select(User).where(User.email == email)):
            continue
        unit = db.session.scalar(select(Unit).where(Unit.code == unit_code)) if unit_code else None
        db.session.add(
            User(
                email=email,
                full_name=name,
                role=role,
                unit=unit,
                password_hash=hash_password(password),
            )
        )
        report.add("users")
    db.session.flush()


def seed_demo(*, reorganisation: bool = True) -> SeedReport:
    """The whole demo, in the order things happened. Without `reorganisation`, the province
    stays as it was before 2025 (Quảng Bình's units are there, not yet merged), for applying
    the table with `tracker reorganise` instead; the 2026 plan and its login need the new
    province and are left out then."""
    report = SeedReport()
    seed_units(report)
    seed_users(report)
    for spec in (PLAN_5959, PLAN_Q4_2021):
        seed_plan(spec, report)
    seed_figures(report)
    # Before Quảng Bình's units exist: the index of 2020 and 2021 assesses Quảng Trị's.
    seed_reform_index(report)
    seed_quang_binh_units(report)
    if reorganisation:
        apply_reorganisation_2025(report)
        seed_users(report, DEMO_USERS_2025)
        seed_plan(PLAN_2026, report)
    db.session.commit()
    return report
