"""`tracker seed-demo`, what happened after 2021: Quảng Bình's units before the merger, the
2025 reorganisation applied from the shipped table by the same service as `tracker reorganise`,
and the province's groups as they stand after it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tracker.demo import units as unit_data
from tracker.demo.reorganisation_2025 import MERGER_DAY, TABLE_FILE
from tracker.demo.seed_plans import SeedReport
from tracker.extensions import db
from tracker.reorganisations.results import ReorganisationResult
from tracker.reorganisations.services import reorganise
from tracker.units.models import Unit, UnitGroup

# Short names and other spellings of the departments the reorganisation made (its service
# names a new unit by its full name only).
NEW_DEPARTMENTS = {
    "SNNMT": ("Sở NN&MT", ["Sở NNMT", "SNNMT", "Sở Nông nghiệp - Môi trường"]),
    "SDTTG": ("Sở DT&TG", ["Sở DTTG", "SDTTG", "Sở Dân tộc - Tôn giáo"]),
}


class DemoTableRefused(RuntimeError):
    """The shipped table did not apply: a fault of the demo's data, not of the user's."""

    def __init__(self, result: ReorganisationResult) -> None:
        lines = [f"row {p.row}, {p.column}: {p.message}" for p in result.problems]
        if result.unreadable is not None:
            lines.append(str(result.unreadable.text))
        super().__init__(f"{TABLE_FILE.name} was refused:\n" + "\n".join(lines))


def seed_quang_binh_units(report: SeedReport) -> None:
    """Quảng Bình's districts and communes, valid from 2020 like Quảng Trị's. They belong to
    none of the province's groups before the merger (a plan of 2021 never reached them);
    join_groups gives them their place from 1/7/2025."""
    existing = set(db.session.scalars(select(Unit.code)))
    districts: dict[str, Unit] = {}
    for code, name, short, aliases in unit_data.QUANG_BINH_DISTRICTS:
        if code in existing:
            continue
        districts[code] = Unit(
            code=code,
            name=name,
            short_name=short,
            kind="district",
            aliases=aliases,
            valid_from=unit_data.VALID_FROM,
        )
        db.session.add(districts[code])
        report.add("units")
    if not districts:
        return
    for code, name, short, district in unit_data.communes(unit_data.QUANG_BINH_DISTRICTS):
        if code in existing:
            continue
        db.session.add(
            Unit(
                code=code,
                name=name,
                short_name=short,
                kind="commune",
                division_type=unit_data.division_type_of(short),
                aliases=[],
                parent=districts.get(district),
                valid_from=unit_data.VALID_FROM,
            )
        )
        report.add("units")
    db.session.flush()


def apply_reorganisation_2025(report: SeedReport) -> ReorganisationResult:
    """The shipped table, through the service `tracker reorganise` calls; a second time it
    finds nothing to change. Then each unit of the new province in its groups."""
    # The service writes all or nothing in a transaction of its own: the rows seeded so far
    # are committed first, so that a refusal cannot take them with it.
    db.session.commit()
    result = reorganise(TABLE_FILE.read_bytes(), TABLE_FILE.name)
    if result.unreadable is not None or result.problems:
        raise DemoTableRefused(result)
    if result.applied:
        report.add("units", len(result.units_created))
        report.notes.append(
            f"applied {TABLE_FILE.name}: {len(result.reorganisations)} decisions, "
            f"{len(result.units_closed)} units closed, {len(result.renamed)} renamed, "
            f"{len(result.moved)} open assignments moved to their successors"
        )
    join_groups(report)
    tidy_short_names(report)
    return result


def join_groups(report: SeedReport, day: date = MERGER_DAY) -> None:
    """Each unit existing on `day` in the groups of its kind (Các sở, ban, ngành; UBND cấp
    xã…), from the day it was made, or from `day` for one that came from Quảng Bình. Left as
    it is when the reorganisation's service has put it there already."""
    units = [u for u in db.session.scalars(select(Unit).order_by(Unit.code)) if u.is_valid_on(day)]
    groups = {g.code: g for g in db.session.scalars(select(UnitGroup))}
    for code, _name, _aliases, kinds in unit_data.GROUPS:
        group = groups.get(code)
        if group is None:
            continue
        for unit in units:
            if unit.kind not in kinds:
                continue
            made = day
            if unit.valid_from is not None and unit.valid_from > unit_data.VALID_FROM:
                made = unit.valid_from
            if not any(m.unit_id == unit.id and m.is_valid_on(made) for m in group.memberships):
                group.add_member(unit, since=made)
                report.add("group memberships")
    db.session.flush()


def tidy_short_names(report: SeedReport, day: date = MERGER_DAY) -> None:
    """The short names the 2021 units have, for those the reorganisation named: a merged
    department's abbreviation, a commune's official name ("Phường Đồng Hới" for "UBND phường
    Đồng Hới"), where the short name is still the full one."""
    named = 0
    for unit in db.session.scalars(select(Unit).order_by(Unit.code)):
        if not unit.is_valid_on(day) or unit.short_name != unit.name:
            continue
        if unit.code in NEW_DEPARTMENTS:
            unit.short_name, aliases = NEW_DEPARTMENTS[unit.code]
            unit.aliases = list(dict.fromkeys([*(unit.aliases or []), *aliases]))
        elif unit.kind == "commune" and unit.name.startswith("UBND "):
            official = unit.name.removeprefix("UBND ")
            unit.short_name = f"{official[0].upper()}{official[1:]}"
        else:
            continue
        named += 1
    db.session.flush()
    if named:
        report.notes.append(f"gave {named} units of 2025 their short names")
