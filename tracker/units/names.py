"""How a unit is named to people: its own name, and for a commune whose name another commune
also bears (Phường 1 of Đông Hà and Phường 1 of Quảng Trị) its district beside it, so that a
list or a picker never shows two lines that read the same. A page of a past day names the
communes of that day, as they were called then, with the districts they had then."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from flask import has_request_context, request
from sqlalchemy import select
from sqlalchemy.orm import aliased

from tracker.core.text import name_key
from tracker.extensions import db
from tracker.units.districts import existed_on, shown_day
from tracker.units.lifecycle import names_on
from tracker.units.models import Unit


def display_name(name: str, district: str | None, repeated: bool) -> str:
    """The name shown for a unit: `name`, followed by its district when the name repeats."""
    return f"{name} ({district})" if repeated and district else name


def names_that_repeat(short_names: Iterable[str]) -> set[str]:
    """The keys (name_key) of the names that occur more than once."""
    counts = Counter(name_key(name) for name in short_names)
    return {key for key, count in counts.items() if count > 1}


def _communes_and_districts():
    district = aliased(Unit)
    return db.session.execute(
        select(
            Unit.id,
            Unit.short_name,
            Unit.valid_from,
            Unit.valid_to,
            district.id.label("district_id"),
            district.short_name.label("district"),
            district.valid_from.label("district_from"),
            district.valid_to.label("district_to"),
        )
        .outerjoin(district, Unit.parent_id == district.id)
        .where(Unit.kind == "commune")
    ).all()


def districts_of_repeated_communes(on: date | None = None) -> dict[int, str]:
    """Commune id → its district's short name, for the communes whose name another commune
    bears. Without `on` (today's pages): every commune, closed ones too, by the name of its row
    (a commune of before whose name a 2025 commune bears shows its district). With `on`: the
    communes begun by that day, by the names of that day. Either way a commune shows a district
    only if the district existed on the day it is shown as of (shown_day)."""
    rows = _communes_and_districts()
    if on is not None:
        rows = [r for r in rows if r.valid_from is None or r.valid_from <= on]
    earlier = names_on([r.id for r in rows], on) if on is not None else {}
    shorts = {r.id: earlier.get(r.id, (None, r.short_name))[1] for r in rows}
    repeated = names_that_repeat(shorts.values())
    shown = {
        r.id: r
        for r in rows
        if r.district is not None
        and name_key(shorts[r.id]) in repeated
        and existed_on(r.district_from, r.district_to, shown_day(r.valid_to, on))
    }
    district_names = names_on({r.district_id for r in shown.values()}, on) if on else {}
    return {i: district_names.get(r.district_id, (None, r.district))[1] for i, r in shown.items()}


def _cached(on: date | None) -> dict[int, str]:
    """Read once per request and day (kept on the request, not on g: a test's app context
    outlives many requests and their units)."""
    holder = request._get_current_object() if has_request_context() else None
    cache = getattr(holder, "districts_of_repeated_communes", None)
    if cache is None:
        cache = {}
        if holder is not None:
            holder.districts_of_repeated_communes = cache
    if on not in cache:
        cache[on] = districts_of_repeated_communes(on)
    return cache[on]


def unit_label(unit, full: bool = False, on: date | None = None) -> str:
    """A unit's name as lists and pickers show it: the short name (or the full one), with the
    district for a commune whose name repeats ("Phường 1 (TP Đông Hà)"). `unit` is a Unit or
    anything with its id, kind, name and short_name (the status rows keep plain values, named
    as of their day: give that day as `on`)."""
    name = unit.name if full else unit.short_name
    if unit.kind != "commune":
        return name
    district = _cached(on).get(unit.id)
    return display_name(name, district, district is not None)
