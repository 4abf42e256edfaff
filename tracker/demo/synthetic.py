"""`tracker demo-data`: province-scale synthetic plans, for trying the tracker at size.

Quảng Trị's real units come first (seed_units), then synthetic extra departments up to the
requested count, a unit lead per real department and district, and one plan a year ending
this year ("SYN-KH-2026"). The rows are built in Python (synthetic_rows) with explicit ids, the
assignments' periods replayed from them as they are written (synthetic_periods), all in one
go: COPY on PostgreSQL, with the big tables' indexes, foreign keys and triggers set aside
meanwhile (tracker.core.bulk_copy), bulk INSERTs elsewhere; always on db.session's connection
so that the command joins the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from sqlalchemy import delete, func, insert, select

from tracker.accounts.models import User
from tracker.accounts.passwords import hash_password
from tracker.assignments.models import (
    Assignment,
    AssignmentPeriod,
    ExtensionRequest,
    JournalEntry,
)
from tracker.core.bulk_copy import copy_rows, set_aside
from tracker.core.timeutil import local_today, utcnow
from tracker.demo import units as unit_data
from tracker.demo.seed import SeedReport, seed_units
from tracker.demo.synthetic_periods import PERIOD_ROW, PERIODS, period_rows
from tracker.demo.synthetic_rows import COLUMNS, RowBuilder, plan_code
from tracker.extensions import db
from tracker.figures.check import rebuild as rebuild_figures
from tracker.plans.models import Plan, PlanSection, Task
from tracker.units.models import Unit, UnitGroup

PLAN_PREFIX = "SYN-KH-"
UNIT_PREFIX = "SYN-U"
PASSWORD = "ThuNghiem@2021"  # every synthetic login; printed by the command
CHUNK = 10_000
# Written with their indexes, foreign keys and triggers set aside (tracker.core.bulk_copy):
# the plans and tasks, written before with theirs, move the data version; the status figures
# are made again from scratch (in generate).
BULK = ("assignments", "extension_requests", "progress_updates", PERIODS)


class SyntheticPlansExist(Exception):
    def __init__(self, codes: list[str]) -> None:
        super().__init__(", ".join(codes))
        self.codes = codes


def generate(
    *, units: int, plans: int, assignments: int, updates: int, seed: int, replace: bool
) -> dict[str, int]:
    """Fill the database and commit; returns what was created (and removed)."""
    today = local_today()
    years = list(range(today.year - plans + 1, today.year + 1))
    previous = dict(
        db.session.execute(select(Plan.code, Plan.id).where(Plan.code.like(f"{PLAN_PREFIX}%")))
        .tuples()
        .all()
    )
    clash = sorted(code for code in previous if code in {plan_code(y) for y in years})
    if clash and not replace:
        raise SyntheticPlansExist(clash)
    created: dict[str, int] = {}
    if replace and previous:
        delete_plans(list(previous.values()))
        created["removed plans"] = len(previous)
    seed_report = SeedReport()
    seed_units(seed_report)
    created["units"] = seed_report.created.get("units", 0) + add_units(units)
    created["groups"] = seed_report.created.get("groups", 0)
    authors, office, created["users"] = ensure_users()
    pool = db.session.execute(
        select(Unit.id, Unit.code, Unit.kind).where(Unit.valid_to.is_(None)).order_by(Unit.id)
    ).all()
    ids = next_ids()
    builder = RowBuilder(
        seed=seed,
        today=today,
        now=utcnow(),
        zone=current_app.config["TRACKER_TIMEZONE"],
        units=pool,
        authors=authors,
        office=office,
        next_ids=ids,
    )
    rows = builder.build(years, assignments, updates)
    # The synthetic journal is back-dated: the new assignments' periods are replayed from it
    # as rebuild_periods would, while they are written (the other assignments' stay).
    periods = period_rows(rows["assignments"], rows["progress_updates"], ids[PERIODS])
    created_periods = write(rows, periods)
    # ── Everything is written here, the periods included, and nothing committed yet: what is
    # made from the periods (the status figures, from scratch) is made at this point. ──
    rebuild_figures(db.session, current_app.config["DUE_SOON_DAYS"])
    db.session.commit()
    leads = sum(1 for row in rows["assignments"] if row[3] == "lead")
    created.update({table: len(table_rows) for table, table_rows in rows.items()})
    created[PERIODS] = created_periods
    created["lead assignments"] = leads
    for decision in ("approved", "rejected", "pending"):
        created[f"{decision} extensions"] = sum(
            1 for row in rows["extension_requests"] if row[6] == decision
        )
    return created


def delete_plans(plan_ids: list[int]) -> None:
    """The plans with their sections, tasks, assignments, journal and extension requests
    (explicitly: SQLite does not cascade unless asked to)."""
    tasks = select(Task.id).where(Task.plan_id.in_(plan_ids))
    assignments = select(Assignment.id).where(Assignment.task_id.in_(tasks))
    for table, condition in (
        (JournalEntry.__table__, JournalEntry.assignment_id.in_(assignments)),
        (ExtensionRequest.__table__, ExtensionRequest.assignment_id.in_(assignments)),
        (AssignmentPeriod.__table__, AssignmentPeriod.assignment_id.in_(assignments)),
        (Assignment.__table__, Assignment.task_id.in_(tasks)),
        (Task.__table__, Task.plan_id.in_(plan_ids)),
        (PlanSection.__table__, PlanSection.plan_id.in_(plan_ids)),
        (Plan.__table__, Plan.id.in_(plan_ids)),
    ):
        db.session.execute(delete(table).where(condition))
    db.session.expire_all()


def add_units(target: int) -> int:
    """Synthetic departments ("SYN-U001") until there are `target` units; in the groups
    that hold departments, as a real department would be."""
    count = db.session.scalar(select(func.count()).select_from(Unit))
    if count >= target:
        return 0
    taken = set(db.session.scalars(select(Unit.code).where(Unit.code.like(f"{UNIT_PREFIX}%"))))
    codes = {code for code, _name, _aliases, kinds in unit_data.GROUPS if "department" in kinds}
    groups = db.session.scalars(select(UnitGroup).where(UnitGroup.code.in_(codes))).all()
    number = added = 0
    while count + added < target:
        number += 1
        code = f"{UNIT_PREFIX}{number:03d}"
        if code in taken:
            continue
        unit = Unit(
            code=code,
            name=f"Đơn vị thử nghiệm {number:03d}",
            short_name=f"ĐV thử nghiệm {number:03d}",
            kind="department",
            aliases=[],
            valid_from=unit_data.VALID_FROM,
        )
        db.session.add(unit)
        for group in groups:
            group.add_member(unit)
        added += 1
    db.session.flush()
    return added


def ensure_users() -> tuple[dict[int, int], int | None, int]:
    """A unit lead per real department and district and one office user, all with the same
    password, hashed once. Returns ({unit id: lead's user id}, office user id, created)."""
    real = [unit_data.OFFICE[:3], *(d[:3] for d in unit_data.DEPARTMENTS)]
    real += [d[:3] for d in unit_data.DISTRICTS]
    unit_ids = dict(db.session.execute(select(Unit.code, Unit.id)).tuples().all())
    wanted = {"thunghiem.vanphong@cchc.demo": ("Văn phòng UBND tỉnh", "office", real[0][0])}
    for code, _name, short in real:
        wanted[f"thunghiem.{code.lower()}@cchc.demo"] = (f"Lãnh đạo {short}", "unit_lead", code)
    existing = set(db.session.scalars(select(User.email).where(User.email.in_(wanted))))
    missing = [email for email in wanted if email not in existing]
    if missing:
        hashed = hash_password(PASSWORD)
        for email in missing:
            name, role, code = wanted[email]
            db.session.add(
                User(
                    email=email,
                    full_name=f"{name} (thử nghiệm)",
                    role=role,
                    unit_id=unit_ids[code],
                    password_hash=hashed,
                )
            )
        db.session.flush()
    users = db.session.execute(
        select(User.email, User.id, User.role, User.unit_id).where(User.email.in_(wanted))
    ).all()
    authors = {unit: uid for _e, uid, role, unit in users if role == "unit_lead"}
    office = next((uid for _e, uid, role, _u in users if role == "office"), None)
    return authors, office, len(missing)


def next_ids() -> dict[str, int]:
    tables = db.metadata.tables
    return {
        name: (db.session.scalar(select(func.max(tables[name].c.id))) or 0) + 1
        for name in (*COLUMNS, PERIODS)
    }


def write(rows: dict[str, list[tuple]], periods: Iterable[tuple]) -> int:
    """Write the rows, then the periods; returns how many periods."""
    tables = {name: (columns, rows[name]) for name, columns in COLUMNS.items()}
    tables[PERIODS] = (PERIOD_ROW, periods)
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        counts = {name: insert_rows(name, *table) for name, table in tables.items()}
        return counts[PERIODS]
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor:
        # Foreign-key order; the big tables last, with what slows each row set aside.
        for name in tables:
            if name not in BULK:
                copy_rows(cursor, name, *tables[name])
        with set_aside(cursor, BULK):
            counts = {name: copy_rows(cursor, name, *tables[name]) for name in BULK}
        for name in tables:
            # The ids were given explicitly: move the sequence past them.
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), max(id)) FROM {name} "
                "HAVING max(id) IS NOT NULL"
            )
            if name not in BULK:  # (set_aside analysed those)
                cursor.execute(f"ANALYZE {name}")
    return counts[PERIODS]


def insert_rows(name: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
    """Bulk INSERTs, CHUNK rows at a time (SQLite)."""
    table, count, chunk = db.metadata.tables[name], 0, []
    for row in rows:
        chunk.append(dict(zip(columns, row, strict=True)))
        if len(chunk) == CHUNK:
            db.session.execute(insert(table), chunk)
            count, chunk = count + len(chunk), []
    if chunk:
        db.session.execute(insert(table), chunk)
        count += len(chunk)
    return count
