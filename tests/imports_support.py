"""Quảng Trị's departments, districts and groups (without communes) for the import tests,
and small builders of plan files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

SAMPLE_CSV = Path(__file__).resolve().parent / "data" / "ke-hoach-cchc-2022.csv"


def load_units(db_session) -> dict:
    """The office, the 19 departments and boards, the 10 district-level units and the four
    groups, as tracker.demo.units has them; returns units and groups by code."""
    from tracker.demo import units as data
    from tracker.units.models import Unit, UnitGroup

    rows = [(*data.OFFICE[:3], "office", data.OFFICE[3])]
    rows += [
        (code, name, short, "department", aliases)
        for code, name, short, aliases in data.DEPARTMENTS
    ]
    rows += [
        (code, name, short, "district", aliases) for code, name, short, aliases in data.DISTRICTS
    ]
    units = {}
    for code, name, short, kind, aliases in rows:
        units[code] = Unit(code=code, name=name, short_name=short, kind=kind, aliases=aliases)
        db_session.add(units[code])
    only_units = list(units.values())
    for code, name, aliases, kinds in data.GROUPS:
        members = [u for u in only_units if u.kind in kinds]
        units[code] = UnitGroup(code=code, name=name, aliases=aliases)
        for unit in members:
            units[code].add_member(unit)
        db_session.add(units[code])
    db_session.commit()
    return units


def csv_bytes(rows: list[list[str]], bom: bool = False) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def sample_rows() -> list[list[str]]:
    with SAMPLE_CSV.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def edited_sample(**cells) -> bytes:
    """The sample with some cells changed: edited_sample(r8c5="Quý V/2022") (1-based)."""
    rows = sample_rows()
    for key, value in cells.items():
        row, column = key[1:].split("c")
        rows[int(row) - 1][int(column) - 1] = value
    return csv_bytes(rows)
